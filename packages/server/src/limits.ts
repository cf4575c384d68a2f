/** Every bound @faultline/server enforces (house style 4), with its reason. */

/** Headers taken from an error object (http-errors `headers`, boom `output.headers`): hints, not payloads. */
export const MAX_ERROR_HEADERS = 20;
/** Longest header value taken from an error object. */
export const MAX_ERROR_HEADER_VALUE = 1024;
/** Graceful shutdown after a crash: in-flight requests get this long (Kubernetes' default grace is 30 s). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** Distinct stack-frame blocks whose scrubbed form is kept (one per throw site, roughly). */
export const MAX_CACHED_STACKS = 256;
