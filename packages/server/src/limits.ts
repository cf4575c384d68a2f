/** Every bound @faultline/server enforces (house style 4), with its reason. */

import { KiB, MiB } from '@faultline/core';

/** Headers taken from an error object (http-errors `headers`, boom `output.headers`): hints, not payloads. */
export const MAX_ERROR_HEADERS = 20;
/** Longest header value taken from an error object. */
export const MAX_ERROR_HEADER_VALUE = 1024;
/** Graceful shutdown after a crash: in-flight requests get this long (Kubernetes' default grace is 30 s). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Scrubbed messages and stacks kept per Faultline instance (a storm repeats a few of them). */
export const MAX_SCRUB_CACHE_ENTRIES = 512;
/** Longer strings are scrubbed every time rather than cached (bounds the cache's memory: ~4 MiB). */
export const MAX_SCRUB_CACHE_KEY_LENGTH = 8 * 1024;

// --- the reporter (issue 5 §1) -------------------------------------------------------------

/** Envelopes waiting to be sent. Sentry's JS transport buffers 64 requests (`transports/base.ts`). */
export const REPORTER_QUEUE_SIZE = 64;
/** Envelope requests in flight at once: drains a burst without crowding the app's own sockets. */
export const REPORTER_MAX_IN_FLIGHT = 4;
/** One envelope request may take this long (AbortSignal.timeout); a hung collector costs a slot, not more. */
export const REPORTER_REQUEST_TIMEOUT_MS = 5_000;
/** Bodies of at least this many bytes are gzipped. @sentry/node uses 32 KiB; an event with source
 * context is a few KiB and shrinks ~4× (the gzip runs on libuv's thread pool, not the event loop). */
export const REPORTER_GZIP_MIN_BYTES = 1 * KiB;
/** `faultline.flush()` / `close()` without an argument, and the process guards' share of the shutdown. */
export const REPORTER_FLUSH_TIMEOUT_MS = 2_000;
/** Pending client reports go out on their own after this long when no envelope carried them. */
export const CLIENT_REPORT_INTERVAL_MS = 30_000;
/** A 429 with neither X-Sentry-Rate-Limits nor Retry-After: 60 s for every category (develop docs, rate limiting). */
export const DEFAULT_RATE_LIMIT_MS = 60_000;
/** Lines of source read before and after the failing line (Sentry's ContextLines integration: 7; the brief: 5). */
export const SOURCE_CONTEXT_LINES = 5;
/** Source files larger than this get no context (a bundle is mostly not worth reading for 11 lines). */
export const MAX_SOURCE_FILE_BYTES = 1 * MiB;
/** Source files cached (least recently used evicted first). */
export const MAX_SOURCE_CACHE_FILES = 100;
/** Bytes of source kept in the cache in total. */
export const MAX_SOURCE_CACHE_BYTES = 8 * MiB;
/** Distinct files read for one event; the rest of its frames get no context. */
export const MAX_SOURCE_FILES_PER_EVENT = 16;
/** A context line is cut to this many characters around the column (Sentry trims at 140). */
export const MAX_SOURCE_LINE_LENGTH = 200;
/** Request headers copied into an event. */
export const MAX_EVENT_HEADERS = 64;
/** Longest request header value copied into an event. */
export const MAX_EVENT_HEADER_VALUE = 1 * KiB;
/** Largest JSON request body copied into an event (@sentry/node's `maxRequestBodySize: 'medium'` is 10 KB). */
export const MAX_EVENT_BODY_BYTES = 10 * KiB;
/** Values the event redactor visits: 50 frames × 10 exceptions × context lines fit; hostile data does not. */
export const MAX_EVENT_REDACT_NODES = 50_000;
