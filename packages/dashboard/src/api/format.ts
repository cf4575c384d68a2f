/** Small text formatting shared by the views; pure, so tests run it under node. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** @example ago('2024-01-01T00:00:00Z', Date.parse('2024-01-01T00:05:00Z')) // '5 minutes ago' */
export function ago(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  if (Number.isNaN(ms)) return '—';
  for (const [unit, size] of UNITS)
    if (Math.abs(ms) >= size || unit === 'second') return relative.format(Math.round(ms / size), unit);
  return '—';
}

/** @example counted(1, 'event') // '1 event'; counted(2, 'user') // '2 users' */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Cuts a string for display; the full value stays in the data (and the title attribute). */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/**
 * Bidi controls (U+202A–202E, U+2066–2069) in event data could reorder what surrounds them;
 * they are shown as visible escapes instead. Unicode TR9; CVE-2021-42574 ("Trojan Source").
 */
export function visibleBidi(s: string): string {
  return s.replace(
    /[\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** What a view shows for an event string: bidi made visible, then clipped. */
export function shown(s: string, max: number): string {
  return clip(visibleBidi(s), max);
}

/**
 * An instant as people read it, in the browser's time zone (or `timeZone`), to the minute.
 * @example whenInWords('2026-12-08T09:00:00Z', 'UTC') // '8 Dec 2026, 09:00'
 */
export function whenInWords(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
}
