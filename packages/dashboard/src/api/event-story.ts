/**
 * The rest of what an SDK sent with an event (issue 19 §1): breadcrumbs, the user, contexts,
 * extra data and the SDK itself, read without trusting the payload's shape as event-data.ts
 * does (wrong types read as absent, everything bounded). Plain data for the views.
 * https://develop.sentry.dev/sdk/data-model/event-payloads/
 */

import { MAX_BREADCRUMBS_SHOWN, MAX_CONTEXTS_SHOWN, MAX_RAW_JSON_CHARS } from '../limits.js';
import { str } from './event-data.js';
import { cellText, type KvRows, kvRows, NO_ROWS, record, visibleControls } from './payload-text.js';

const text = (v: unknown): string | undefined => {
  const s = str(v);
  return s === undefined ? undefined : visibleControls(s);
};

/**
 * Unix seconds from a number or an RFC 3339 string (both allowed by the protocol).
 * @example secondsOf('1970-01-01T00:00:10.500Z') // 10.5
 */
export function secondsOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

export interface Crumb {
  /** ISO time, or undefined when the crumb has none (or an unreadable one). */
  time: string | undefined;
  level: string;
  category: string;
  type: string | undefined;
  message: string;
  data: KvRows;
  /** The last crumb at or before the event's timestamp: what happened just before the error. */
  nearest: boolean;
}

export interface Breadcrumbs {
  /** Newest first, at most MAX_BREADCRUMBS_SHOWN. */
  items: Crumb[];
  /** Older crumbs the event holds beyond those. */
  more: number;
}

/**
 * The event's breadcrumbs, newest first (SDKs send them oldest first), the one nearest the error
 * marked: the last at or before the event's timestamp, among those shown.
 * @example breadcrumbsOf({ timestamp: 10, breadcrumbs: { values: [{ timestamp: 9, message: 'a' }] } }).items[0]?.nearest // true
 */
export function breadcrumbsOf(payload: Record<string, unknown>): Breadcrumbs {
  const raw = payload.breadcrumbs;
  const values = Array.isArray(raw) ? raw : record(raw)?.values;
  if (!Array.isArray(values)) return { items: [], more: 0 };
  const shown = values.slice(-MAX_BREADCRUMBS_SHOWN);
  const eventAt = secondsOf(payload.timestamp);
  const items: Crumb[] = [];
  let nearestAt = -1;
  for (const v of shown) {
    const c = record(v);
    if (!c) continue;
    const at = secondsOf(c.timestamp);
    if (at !== undefined && eventAt !== undefined && at <= eventAt) nearestAt = items.length;
    const ms = at === undefined ? Number.NaN : at * 1000;
    items.push({
      time: Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : undefined,
      level: text(c.level) ?? 'info',
      category: text(c.category) ?? '',
      type: text(c.type),
      message: text(c.message) ?? '',
      data: kvRows(c.data),
      nearest: false,
    });
  }
  const marked = items[nearestAt];
  if (marked) marked.nearest = true;
  return { items: items.reverse(), more: values.length - shown.length };
}

const USER_FIELDS = ['id', 'username', 'email', 'ip_address', 'name', 'segment'] as const;
const GEO_FIELDS = ['city', 'region', 'country_code'] as const;

/**
 * The user as sent (after the collector's scrubbing): the protocol's fields first, the geo
 * location as one line, any other keys after; undefined when the event names no user.
 * @example userOf({ user: { id: 42, email: 'a@b.c' } })?.rows // [['id', '42'], ['email', 'a@b.c']]
 */
export function userOf(payload: Record<string, unknown>): KvRows | undefined {
  const u = record(payload.user);
  if (!u) return undefined;
  const rows: [string, string][] = [];
  for (const field of USER_FIELDS) {
    const v = u[field];
    if (v !== undefined && v !== null && v !== '') rows.push([field, cellText(v)]);
  }
  const geo = record(u.geo);
  const place = geo
    ? GEO_FIELDS.map((f) => text(geo[f]))
        .filter((s): s is string => s !== undefined && s !== '')
        .join(', ')
    : '';
  if (place !== '') rows.push(['geo', place]);
  const rest = kvRows(u, new Set([...USER_FIELDS, 'geo']));
  const all = { rows: [...rows, ...rest.rows], more: rest.more };
  return all.rows.length === 0 && all.more === 0 ? undefined : all;
}

export interface ContextTable {
  name: string;
  /** The context's `type` when it differs from its name (a custom key holding `os`…). */
  type: string | undefined;
  values: KvRows;
}

/**
 * Each context (runtime, os, device, app, browser, trace, culture, custom ones) as a table,
 * in the order sent, at most MAX_CONTEXTS_SHOWN; a context that is not an object is skipped.
 * @example contextsOf({ contexts: { os: { name: 'Linux' } } })[0] // { name: 'os', type: undefined, values: { rows: [['name', 'Linux']], more: 0 } }
 */
export function contextsOf(payload: Record<string, unknown>): ContextTable[] {
  const contexts = record(payload.contexts);
  if (!contexts) return [];
  const tables: ContextTable[] = [];
  for (const name in contexts) {
    if (tables.length >= MAX_CONTEXTS_SHOWN) break;
    const c = record(contexts[name]);
    if (!Object.hasOwn(contexts, name) || !c) continue;
    const type = text(c.type);
    tables.push({
      name: visibleControls(name),
      type: type !== undefined && type !== name ? type : undefined,
      values: kvRows(c, new Set(['type'])),
    });
  }
  return tables;
}

/**
 * `extra`: arbitrary data the app attached, values as bounded JSON text.
 * @example extraOf({ extra: { cart: { lines: 0 } } }).rows // [['cart', '{"lines":0}']]
 */
export function extraOf(payload: Record<string, unknown>): KvRows {
  return record(payload.extra) ? kvRows(payload.extra) : NO_ROWS;
}

export interface SdkInfo {
  name: string;
  version: string | undefined;
  integrations: number | undefined;
}

/**
 * The SDK that sent the event, as it names itself (any sender can claim any name).
 * @example sdkLabel({ name: 'sentry.python', version: '1.9.10', integrations: 12 }) // 'sentry.python 1.9.10 (12 integrations)'
 */
export function sdkOf(payload: Record<string, unknown>): SdkInfo | undefined {
  const sdk = record(payload.sdk);
  const name = text(sdk?.name);
  if (!sdk || name === undefined || name === '') return undefined;
  return {
    name,
    version: text(sdk.version),
    integrations: Array.isArray(sdk.integrations) ? sdk.integrations.length : undefined,
  };
}

/** @example sdkLabel({ name: 'sentry.javascript.node', version: '11.12.0', integrations: undefined }) // 'sentry.javascript.node 11.12.0' */
export function sdkLabel(sdk: SdkInfo | undefined): string | undefined {
  if (!sdk) return undefined;
  const n = sdk.integrations;
  const integrations = n === undefined ? '' : ` (${n} integration${n === 1 ? '' : 's'})`;
  return `${sdk.name}${sdk.version ? ` ${sdk.version}` : ''}${integrations}`;
}

/** Every section of an event's story, read once. */
export interface EventStory {
  breadcrumbs: Breadcrumbs;
  user: KvRows | undefined;
  contexts: ContextTable[];
  extra: KvRows;
}

// The page renders again on every state change; a payload is read once (it may be 1 MiB).
const storyCache = new WeakMap<object, EventStory>();

/**
 * The breadcrumbs, user, contexts and extra of a payload, read once per payload object.
 * @example const { breadcrumbs, user } = storyOf(event.payload)
 */
export function storyOf(payload: Record<string, unknown>): EventStory {
  const cached = storyCache.get(payload);
  if (cached) return cached;
  const story = {
    breadcrumbs: breadcrumbsOf(payload),
    user: userOf(payload),
    contexts: contextsOf(payload),
    extra: extraOf(payload),
  };
  storyCache.set(payload, story);
  return story;
}

export interface RawJson {
  /** The whole payload, indented: what the download saves. */
  full: string;
  /** What the page shows: at most MAX_RAW_JSON_CHARS. */
  shown: string;
  cut: boolean;
}

// As storyOf: an event's JSON is written once.
const rawCache = new WeakMap<object, RawJson>();

/**
 * The payload as the collector stored it (scrubbed), as indented JSON.
 * @example rawJsonOf({ event_id: 'ab' }).full // '{\n  "event_id": "ab"\n}'
 */
export function rawJsonOf(payload: Record<string, unknown>): RawJson {
  const cached = rawCache.get(payload);
  if (cached) return cached;
  let full: string;
  try {
    full = JSON.stringify(payload, null, 2) ?? 'null';
  } catch (error) {
    // Nesting too deep for the engine's stack: still shown, in its bounded form.
    full = `/* ${error instanceof Error ? error.message : 'unreadable'} */`;
  }
  const raw = {
    full,
    shown: full.length > MAX_RAW_JSON_CHARS ? `${full.slice(0, MAX_RAW_JSON_CHARS)}…` : full,
    cut: full.length > MAX_RAW_JSON_CHARS,
  };
  rawCache.set(payload, raw);
  return raw;
}

/**
 * The file name of an event's JSON download; the id is the collector's (32 hex digits), anything
 * else is reduced to safe characters.
 * @example rawJsonFileName('0123abcd') // 'event-0123abcd.json'
 */
export function rawJsonFileName(eventId: string): string {
  return `event-${eventId.replace(/[^0-9A-Za-z_-]/g, '_').slice(0, 64)}.json`;
}
