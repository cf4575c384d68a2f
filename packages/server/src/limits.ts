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

// --- log lines under an error storm (issue 18 §1) ---------------------------------------------

/** One error site is logged in full once per window; its other occurrences in it get a compact
 * line naming the full one, and the window ends with a count line. 10 s: the rates' interval, so
 * a storm's log and its rates tell the same story at the same grain. */
export const LOG_REPEAT_WINDOW_MS = 10_000;
/** Error sites followed at once; past it the oldest ends its window early (its count line is
 * written then). A storm has a few sites; a thousand distinct ones is no storm of one error. */
export const MAX_LOG_REPEAT_SITES = 1_000;
/** Characters of the message that go into a site's key (error-site.ts, shared by the log and the
 * reporter's sampling): enough to tell errors apart, bounded so a huge message costs no more than
 * a short one. */
export const MAX_LOG_REPEAT_KEY_MESSAGE = 200;

// --- the reporter's sampling under an error storm (issue 18 §1) ---------------------------

/** Events of one error site sent in full in a burst (the token bucket's capacity): enough to see
 * the error's variety, few enough that a storm of one error costs a handful of builds. */
export const REPORTER_BURST_EVENTS = 10;
/** Full events per second and site once the burst is spent (the bucket's refill rate): a long
 * storm still sends fresh examples, one a second. */
export const REPORTER_SAMPLED_EVENTS_PER_S = 1;
/** Error sites with a bucket; past it the least recently failing one is forgotten (its next error
 * starts a full burst again). A storm has a few sites; a thousand is no storm of one error. */
export const REPORTER_MAX_SAMPLED_SITES = 1_000;
/** Sampled occurrences waiting to be sent; a full list goes out at once, as one item of ~150 bytes
 * each (~150 KiB before gzip, ~10 KiB after). The collector reads up to 1,000 per item; a storm
 * sends one envelope per 1,000 errors rather than per 100 (the send was a tenth of a Fastify
 * /boom's reporting cost). */
export const REPORTER_MAX_SAMPLED_PENDING = 1_000;
/** Sampled occurrences go out at least this often, so a caller's request id resolves within
 * seconds even when the storm is small. */
export const REPORTER_SAMPLED_FLUSH_MS = 5_000;

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
/** Distinct files read for one event (for source lines, and for source maps); the rest of its
 * frames get no context and stay unmapped. */
export const MAX_SOURCE_FILES_PER_EVENT = 16;
/** A context line is cut to this many characters around the column (Sentry trims at 140). */
export const MAX_SOURCE_LINE_LENGTH = 200;
/** A source map file (or inline map) larger than this is skipped, never read: its frames stay
 * unmapped. A bundled service with its dependencies' sources inlined is a few MiB. */
export const MAX_SOURCE_MAP_BYTES = 16 * MiB;
/** Parsed source maps kept (least recently used evicted first); tsc writes one per module. */
export const SOURCE_MAP_CACHE_MAPS = 100;
/** Bytes of source map text behind the parsed maps kept: a parsed map costs a few times its
 * text, and this is the application's own heap. */
export const SOURCE_MAP_CACHE_BYTES = 32 * MiB;
/** Built files remembered as having no usable map, so a storm of errors reads nothing again. */
export const SOURCE_MAP_CACHE_MISSES = 1_000;
/** Bytes read from a built file's end to find its sourceMappingURL comment (an inline map's
 * last line is longer: then up to 4/3 × MAX_SOURCE_MAP_BYTES are read, once). */
export const SOURCE_MAP_URL_TAIL_BYTES = 4 * KiB;
/** Request headers copied into an event. */
export const MAX_EVENT_HEADERS = 64;
/** Longest request header value copied into an event. */
export const MAX_EVENT_HEADER_VALUE = 1 * KiB;
/** Largest JSON request body copied into an event (@sentry/node's `maxRequestBodySize: 'medium'` is 10 KB). */
export const MAX_EVENT_BODY_BYTES = 10 * KiB;
/** Values the event redactor visits: 50 frames × 10 exceptions × context lines fit; hostile data does not. */
export const MAX_EVENT_REDACT_NODES = 50_000;
/** How often per-route request counts are sent (Sentry's session flusher: 60 s; ours feed per-minute rates). */
export const RATES_FLUSH_INTERVAL_MS = 10_000;
/** Distinct (method, route) pairs counted per minute; more share the route `(other)`. */
export const RATES_MAX_ROUTES = 500;
/** Minutes of counts kept while none could be sent; older minutes are dropped first. */
export const RATES_MAX_PENDING_MINUTES = 15;
/** Longest route template kept in the counts. */
export const RATES_MAX_ROUTE_LENGTH = 200;

// --- the load shedder (issue 5 §4) ---------------------------------------------------------

/** The shedder samples this often: reacting within 100 ms needs several samples in that time
 * (@fastify/under-pressure samples every 1000 ms, toobusy-js every 500 ms). */
export const SHED_SAMPLE_INTERVAL_MS = 20;
/** `sampleIntervalMs` may be set within these bounds (below 10 ms the histogram has nothing new). */
export const SHED_MIN_SAMPLE_INTERVAL_MS = 10;
export const SHED_MAX_SAMPLE_INTERVAL_MS = 1_000;
/** Weight of the newest sample in the smoothed delay and utilization: one GC pause or one slow
 * request moves the signal by a third, not all the way (toobusy-js: 1/3). */
export const SHED_SMOOTHING = 1 / 3;
/** Event-loop utilization of the last window from which each request also reads the clock for
 * the turn guard (below it the loop is mostly idle and a request costs one boolean read). */
export const SHED_TURN_GUARD_UTILIZATION = 0.5;
/** Default event-loop delay threshold, ms, also the longest a loop turn may take in requests
 * (overload-protection: 42, toobusy-js: 70). Each awaited step of a request waits about one
 * turn, so this bounds what overload adds to an admitted request's latency to a few turns. */
export const SHED_MAX_EVENT_LOOP_DELAY_MS = 10;
/** Default heap threshold as a share of V8's heap limit: past it, GC pauses grow quickly. */
export const SHED_MAX_HEAP_USED_RATIO = 0.9;
/** Retry-After of a shed request: a whole number of seconds drawn uniformly from this range, so
 * refused clients come back spread over it (mean 5 s, core's DEFAULT_RETRY_AFTER_SECONDS;
 * under-pressure sends everyone the same 10 s). */
export const SHED_RETRY_AFTER_MIN_SECONDS = 2;
export const SHED_RETRY_AFTER_MAX_SECONDS = 8;
/** Largest Retry-After an application may configure (longer is an outage, not a back-off). */
export const SHED_MAX_RETRY_AFTER_SECONDS = 3_600;
/** Paths never shed: orchestrators must still see the process alive and how it is doing. */
export const SHED_EXEMPT_PATHS: readonly string[] = [
  '/health',
  '/healthz',
  '/ready',
  '/readyz',
  '/live',
  '/livez',
];
/** Exempt paths an application may configure, and the longest one. */
export const SHED_MAX_EXEMPT_PATHS = 64;
export const SHED_MAX_EXEMPT_PATH_LENGTH = 256;
/** The shedder announces it stopped only after this long without shedding, so a signal hovering
 * at its threshold gives one state message per episode, not one per sample. */
export const SHED_SETTLE_MS = 1_000;
/** Attempt span ids of failed downstream calls written into one event (for the trace tree). */
export const MAX_DOWNSTREAM_SPANS = 32;
