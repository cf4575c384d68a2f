/**
 * The grouping hash of an event (sentry-protocol.md §8;
 * https://develop.sentry.dev/backend/application-domains/grouping/ ; docs.sentry.io "SDK
 * Fingerprinting"). An SDK `fingerprint` wins; `{{ default }}` inside it
 * stands for the built-in components (grouping-default.ts), and a few other `{{ variables }}`
 * are filled from the event. The components are hashed with SHA-256; the grouping version is
 * stored alongside each hash, so a later algorithm change can be rolled out per project
 * instead of silently splitting every issue (§8.6).
 */

import type { SentryEvent } from './event.js';
import {
  defaultComponents,
  exceptionValues,
  lastItems,
  messageText,
  stackFrames,
} from './grouping-default.js';
import { groupingFunction } from './grouping-frame.js';
import { sha256Hex } from './hash.js';
import { MAX_FINGERPRINT_ENTRIES, MAX_GROUPING_COMPONENT_LENGTH, MAX_GROUPING_TAGS } from './limits.js';
import { safeGet, safeString } from './safe.js';

/**
 * The version of the grouping rules that produced a hash; store it beside every hash.
 *
 * @example
 * db.insert({ hash: fingerprint(event), grouping: GROUPING_VERSION });
 */
export const GROUPING_VERSION = 'faultline:1';

const VARIABLE = /\{\{\s*([\w.-]{1,64})\s*\}\}/g;
const DEFAULT_ENTRY = /^\{\{\s*default\s*\}\}$/i;

/**
 * Whether a fingerprint entry is `{{ default }}` (the built-in grouping), as `fingerprint()` reads it.
 * @example isDefaultFingerprintEntry(' {{ default }} ') // true
 */
export function isDefaultFingerprintEntry(entry: string): boolean {
  return DEFAULT_ENTRY.test(entry.trim());
}

function read(obj: unknown, key: string): string | undefined {
  return safeString(obj, key, MAX_GROUPING_COMPONENT_LENGTH) || undefined;
}

/** The newest in-app frame of the thrown (last) exception: what `{{ function }}` names. */
function topFrameField(event: unknown, field: 'function' | 'module'): string | undefined {
  const thrown = exceptionValues(event).at(-1);
  const frames = thrown === undefined ? [] : stackFrames(thrown);
  const top = frames.findLast((f) => f.in_app) ?? frames.at(-1);
  if (top === undefined) return undefined;
  return field === 'function' ? groupingFunction(top.function) : top.module;
}

function tag(event: unknown, name: string): string | undefined {
  // Tags are an object or, from some SDKs, a list of [key, value] pairs (§4.1).
  const tags = safeGet(event, 'tags');
  if (!Array.isArray(tags)) return read(tags, name);
  const pair = lastItems(tags, MAX_GROUPING_TAGS).find((p) => safeGet(p, 0) === name);
  return read(pair, '1');
}

/** One `{{ variable }}`; undefined for names this version does not know (kept literally). */
function variable(event: unknown, name: string): string | undefined {
  const thrown = () => exceptionValues(event).at(-1);
  const known: Record<string, () => string | undefined> = {
    transaction: () => read(event, 'transaction'),
    type: () => read(thrown(), 'type'),
    value: () => read(thrown(), 'value'),
    function: () => topFrameField(event, 'function'),
    module: () => topFrameField(event, 'module'),
    level: () => read(event, 'level') ?? 'error',
    logger: () => read(event, 'logger'),
    message: () => messageText(event),
  };
  const key = name.toLowerCase().replace(/^error\./, '');
  if (key.startsWith('tags.')) return tag(event, name.slice(5)) ?? `<no-${key}>`;
  const get = Object.hasOwn(known, key) ? known[key] : undefined;
  // Sentry renders a missing value as a marker rather than dropping the entry.
  return get === undefined ? undefined : (get() ?? `<no-${key}>`);
}

function expand(event: unknown, entry: string): string {
  return entry.replace(VARIABLE, (whole, name: string) => variable(event, name) ?? whole);
}

/** The SDK's fingerprint entries as bounded strings (numbers are accepted, like Relay does). */
function sdkFingerprint(event: unknown): string[] {
  const raw = safeGet(event, 'fingerprint');
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (let i = 0; i < Math.min(raw.length, MAX_FINGERPRINT_ENTRIES); i++) {
    const entry = safeGet(raw, i);
    if (typeof entry === 'string') out.push(entry.slice(0, MAX_GROUPING_COMPONENT_LENGTH));
    else if (typeof entry === 'number' && Number.isFinite(entry)) out.push(String(entry));
  }
  return out;
}

/**
 * The human-readable values `fingerprint()` hashes, in order: `type:…`, `frame:<module>
 * <function>`, `value:…`, `message:…` for the built-in rules, `fingerprint:…` for SDK entries.
 * For debugging ("why did these group?") and tests. Never throws.
 *
 * @example
 * fingerprintComponents({ message: 'User 42 not found' }); // ['message:User <int> not found']
 */
export function fingerprintComponents(event: SentryEvent): string[] {
  try {
    const custom = sdkFingerprint(event);
    if (custom.length === 0) {
      const parts = defaultComponents(event);
      return parts.length > 0 ? parts : ['fallback:<no grouping information>'];
    }
    return custom.flatMap((entry) =>
      isDefaultFingerprintEntry(entry) ? defaultComponents(event) : [`fingerprint:${expand(event, entry)}`],
    );
  } catch {
    // Only a hostile object no safe.ts read anticipated gets here; it still gets a stable group.
    return ['fallback:<unreadable event>'];
  }
}

/**
 * The grouping hash of an event: 32 hex digits (the length of Sentry's MD5 hashes), the same
 * for the same bug across line numbers, deploy directories and build hashes, different for
 * different bugs. Store GROUPING_VERSION with it. Never throws. `hashHex` must be SHA-256 as
 * lowercase hex; a runtime with a native one (node:crypto) passes it, since the plain-JS digest
 * is the larger part of this function's time.
 *
 * @example
 * fingerprint({ exception: { values: [{ type: 'TypeError', value: 'x is undefined' }] } });
 * // 'af7717986ca8aa4896371641dab8243f' (components: type:TypeError, value:x is undefined)
 */
export function fingerprint(event: SentryEvent, hashHex: (text: string) => string = sha256Hex): string {
  // Length-prefixed, so no choice of component text can imitate another list.
  const encoded = fingerprintComponents(event)
    .map((c) => `${c.length}:${c}`)
    .join('\n');
  return hashHex(encoded).slice(0, 32);
}
