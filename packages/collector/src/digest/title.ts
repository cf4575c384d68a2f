/**
 * An issue's title and culprit (issue 4 §2). Title: `Type: value` of the thrown exception (the
 * last of `exception.values`, sentry-protocol.md §4.2) with the value normalized by core's
 * `normalizeMessage`, so `User 42 not found` and `User 43 not found` show one stable title;
 * else the message's first line, normalized the same way; else `<unlabeled event>`.
 * Culprit: where it happened: the newest in-app frame, else the transaction (route), else
 * the newest frame of any kind.
 */

import { type ExceptionValue, normalizeMessage, type SentryEvent, type StackFrame } from '@faultline/core';
import { MAX_CULPRIT_LENGTH, MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from '../limits.js';
import { field, firstLine, obj, text } from './read.js';

/** Sentry's placeholder title for an event with neither exception nor message. */
export const UNLABELED_TITLE = '<unlabeled event>';

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** `exception` is `{values: [...]}` or, from older SDKs, a bare array (§4.2). */
export function exceptionList(event: SentryEvent): ExceptionValue[] {
  const raw: unknown = event.exception;
  const list = Array.isArray(raw) ? raw : obj(event, 'exception')?.values;
  return Array.isArray(list)
    ? list.filter((v): v is ExceptionValue => typeof v === 'object' && v !== null)
    : [];
}

/** The message: `logentry` (formatted, then template), else `message` as a string or object, cut at `max`. */
export function messageOf(event: SentryEvent, max = MAX_TITLE_LENGTH * 4): string | undefined {
  const logentry = obj(event, 'logentry');
  const message: unknown = event.message;
  return (
    field(logentry, 'formatted', max) ??
    field(logentry, 'message', max) ??
    text(message, max) ??
    field(message, 'formatted', max) ??
    field(message, 'message', max)
  );
}

/**
 * @example titleOf({ exception: { values: [{ type: 'TypeError', value: 'id 42' }] } }) // 'TypeError: id <int>'
 */
export function titleOf(event: SentryEvent): string {
  const thrown = exceptionList(event).at(-1);
  const type = field(thrown, 'type', MAX_TITLE_LENGTH);
  const rawValue = field(thrown, 'value', MAX_TITLE_LENGTH * 4);
  const value = rawValue === undefined ? undefined : normalizeMessage(firstLine(rawValue)) || undefined;
  const fromException = type && value ? `${type}: ${value}` : (type ?? value);
  if (fromException) return cut(fromException, MAX_TITLE_LENGTH);
  const message = messageOf(event);
  const line = message === undefined ? '' : normalizeMessage(firstLine(message));
  return line ? cut(line, MAX_TITLE_LENGTH) : UNLABELED_TITLE;
}

function frameLabel(frame: StackFrame): string | undefined {
  const where = field(frame, 'module', MAX_NAME_LENGTH) ?? field(frame, 'filename', MAX_NAME_LENGTH);
  const fn = field(frame, 'function', MAX_NAME_LENGTH);
  if (where && fn) return `${where} in ${fn}`;
  return where ?? fn;
}

function framesOf(value: ExceptionValue | undefined): StackFrame[] {
  const frames = obj(value, 'stacktrace')?.frames;
  return Array.isArray(frames)
    ? frames.filter((f): f is StackFrame => typeof f === 'object' && f !== null)
    : [];
}

/**
 * @example culpritOf(event) // 'app/users in loadUser', or 'GET /users/:id'
 */
export function culpritOf(event: SentryEvent): string {
  const frames = framesOf(exceptionList(event).at(-1));
  const inApp = frames.findLast((f) => f.in_app === true);
  const label =
    (inApp && frameLabel(inApp)) ??
    field(event, 'transaction', MAX_CULPRIT_LENGTH) ??
    frames.map(frameLabel).findLast((l) => l !== undefined);
  return label === undefined ? '' : cut(label, MAX_CULPRIT_LENGTH);
}
