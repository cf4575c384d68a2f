/**
 * Keyboard shortcuts of the issue list (Gmail's and GitHub's): j/k move, Enter or o opens,
 * x selects. Keys typed into a form field, or with a modifier, are the browser's, not ours.
 */

export type KeyCommand = 'next' | 'previous' | 'open' | 'toggle';

const COMMANDS: Readonly<Record<string, KeyCommand>> = {
  j: 'next',
  k: 'previous',
  Enter: 'open',
  o: 'open',
  x: 'toggle',
};

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON']);

export interface KeyInput {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The focused element's tag name (upper case) and whether it is content-editable. */
  targetTag: string;
  targetEditable: boolean;
}

/** @example keyCommand({ key: 'j', targetTag: 'BODY', ... }) // 'next' */
export function keyCommand(e: KeyInput): KeyCommand | undefined {
  if (e.altKey || e.ctrlKey || e.metaKey) return undefined;
  if (TYPING.has(e.targetTag) || e.targetEditable) return undefined;
  // Enter on a focused link is the link's own: following it once is enough.
  if (e.key === 'Enter' && e.targetTag === 'A') return undefined;
  return Object.hasOwn(COMMANDS, e.key) ? COMMANDS[e.key] : undefined;
}

/**
 * The row index after a move, clamped to the list; from "no row" (-1) j goes to the first.
 * @example moveCursor(-1, 'next', 10) // 0
 */
export function moveCursor(cursor: number, command: 'next' | 'previous', length: number): number {
  if (length === 0) return -1;
  if (cursor < 0) return command === 'next' ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, cursor + (command === 'next' ? 1 : -1)));
}
