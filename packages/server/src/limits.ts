/** Every bound @faultline/server enforces (house style 4), with its reason. */

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
