/**
 * Reading one option value (from a flag or an environment variable). Each reader throws a
 * UsageError saying what it expected; the option table adds which flag it was.
 */

import { isFaultlineError, KiB, MiB } from '@faultline/core';
import { MAX_COUNT_OPTION, MAX_SIZE_OPTION_BYTES, MIN_SIZE_OPTION_BYTES } from './limits.js';
import { UsageError } from './usage-error.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kib: KiB, mib: MiB, gib: 1024 * MiB };
const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/**
 * `20 MiB`, `512 KiB`, `1.5 GiB`: sizes as the help prints them.
 * @example formatSize(20 * 1024 * 1024) // '20 MiB'
 */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 * MiB],
    ['MiB', MiB],
    ['KiB', KiB],
  ] as const)
    if (bytes >= size && bytes % (size / 4) === 0) return `${bytes / size} ${unit}`;
  return `${bytes} bytes`;
}

/**
 * Bytes from `1048576`, `512KiB`, `20MiB` or `1GiB` (binary units, as limits.ts writes them;
 * `MB` is refused rather than guessed).
 * @example readSize('20MiB') // 20971520
 */
export function readSize(raw: string): number {
  const match = SIZE.exec(raw.trim());
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined)
    throw new UsageError(`expected a size like 20MiB, 512KiB or 1048576 (bytes), got '${raw}'`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (bytes < MIN_SIZE_OPTION_BYTES || bytes > MAX_SIZE_OPTION_BYTES)
    throw new UsageError(
      `must be between ${formatSize(MIN_SIZE_OPTION_BYTES)} and ${formatSize(MAX_SIZE_OPTION_BYTES)}, got '${raw}'`,
    );
  return bytes;
}

/**
 * A whole number in [min, max].
 * @example readInteger('90', 1, 36_500) // 90
 */
export function readInteger(raw: string, min: number, max = MAX_COUNT_OPTION): number {
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`expected a whole number from ${min} to ${max}, got '${raw}'`);
  return value;
}

/**
 * An http(s) URL, kept as given.
 * @example readHttpUrl('https://faultline.example.com') // 'https://faultline.example.com'
 */
export function readHttpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`expected a URL like https://faultline.example.com, got '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`expected an http:// or https:// URL, got '${raw}'`);
  return raw;
}

/**
 * A PostgreSQL connection string.
 * @example readPostgresUrl('postgres://faultline@db/faultline')
 */
export function readPostgresUrl(raw: string): string {
  if (!/^(?:postgres(?:ql)?:\/\/|socket:)/i.test(raw))
    throw new UsageError(`expected a PostgreSQL URL like postgres://user@host/db, got '${raw}'`);
  return raw;
}

/**
 * Any text that is not empty.
 * @example readText('/var/lib/faultline') // '/var/lib/faultline'
 */
export function readText(raw: string): string {
  if (raw.trim() === '') throw new UsageError('must not be empty');
  return raw;
}

/**
 * A value the collector itself checks (with a ConfigError) checked now, so a wrong one is a
 * usage error naming its flag before anything starts, with the collector's own message.
 * @example readChecked(raw, () => checkSmtpUrl(raw)) // raw, or a UsageError
 */
export function readChecked<T>(raw: T, check: () => unknown): T {
  try {
    check();
  } catch (error) {
    if (isFaultlineError(error) && error.code === 'FL_CONFIG') throw new UsageError(error.message);
    throw error;
  }
  return raw;
}

/**
 * A comma-separated list; blanks around entries and empty entries are dropped.
 * @example readList('chat.internal, 10.0.0.0/8') // ['chat.internal', '10.0.0.0/8']
 */
export function readList(raw: string): string[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError('expected a comma-separated list, got nothing');
  return items;
}

const DURATION_UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * A duration like `90s`, `15m` or `2h`, in ms, from 1 s to `maxMs`.
 * @example readDuration('15m', 86_400_000) // 900000
 */
export function readDuration(raw: string, maxMs: number): number {
  const match = /^\s*(\d{1,6})\s*([smh])\s*$/.exec(raw);
  const ms = match ? Number(match[1]) * (DURATION_UNIT_MS[match[2] as string] as number) : Number.NaN;
  if (!(ms >= 1_000 && ms <= maxMs))
    throw new UsageError(
      `expected a duration like 90s, 15m or 2h, at most ${maxMs / 3_600_000} h, got '${raw}'`,
    );
  return ms;
}

/**
 * A decimal number from `min` to `max`.
 * @example readDecimal('0.05', 0, 0.5) // 0.05
 */
export function readDecimal(raw: string, min: number, max: number): number {
  const value = /^\s*\d*(\.\d+)?(e-\d+)?\s*$/i.test(raw) && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new UsageError(`expected a number from ${min} to ${max}, got '${raw}'`);
  return value;
}
