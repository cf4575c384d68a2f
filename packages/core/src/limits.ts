/**
 * Every bound @faultline/core enforces, in one place (house style 4).
 * Each constant says where its number comes from. Going over a bound either trims
 * (strings, frames: Relay trims rather than rejects) or throws a `LimitExceededError`
 * that names the constant.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
/** Time units in milliseconds, for bounds written as `15 * MINUTE_MS`. */
export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// --- cause chains and stacks ---------------------------------------------------------

/** Sentry's LinkedErrors integration follows 5 causes (`DEFAULT_LIMIT`); we allow a few more
 * because AggregateError children count against the same bound. */
export const MAX_CAUSE_DEPTH = 10;
/** Frames kept per stack trace; V8 captures 10 by default, Sentry trims to 50 (Relay). */
export const MAX_FRAMES = 50;
/** A raw stack string longer than this is cut before parsing (a minified one-liner can be MBs). */
export const MAX_STACK_LENGTH = 64 * KiB;
/** One stack line longer than this is not a V8 frame worth parsing. */
export const MAX_STACK_LINE_LENGTH = 2 * KiB;

// --- strings -------------------------------------------------------------------------

/** Sentry truncates `message`/`logentry.formatted` at 8192 chars (message.mdx). */
export const MAX_MESSAGE_LENGTH = 8192;
/** Error type names (constructor names) are short in practice; a huge one is hostile. */
export const MAX_TYPE_NAME_LENGTH = 256;
/** Sentry's context-line rule ignores lines longer than 120 chars for grouping (newstyle.py). */
export const MAX_CONTEXT_LINE_FOR_GROUPING = 120;

// --- redaction ------------------------------------------------------------------------

/** Objects nested deeper than this are replaced by a marker rather than walked. */
export const MAX_REDACT_DEPTH = 20;
/** Keys visited per redact() call; past it, remaining values are replaced by a marker. */
export const MAX_REDACT_NODES = 10_000;
/** Strings longer than this are truncated before value scanning (bounded regex work). */
export const MAX_REDACT_STRING_LENGTH = 16 * KiB;

// --- request ids and trace context ----------------------------------------------------

/** An incoming X-Request-Id longer than this is ignored (issue #3: at most 128 chars). */
export const MAX_REQUEST_ID_LENGTH = 128;
/** W3C trace-context: tracestate is at most 32 list members, about 512 bytes. */
export const MAX_TRACESTATE_LENGTH = 512;

// --- events and envelopes (Relay defaults; sentry-protocol.md §7) ---------------------

/** Relay `max_event_size`: 1 MiB per event after decompression. */
export const MAX_EVENT_BYTES = 1 * MiB;
/** Relay `max_envelope_size` (100 MiB decompressed in the 2024 docs; Bugsink chose the same). */
export const MAX_ENVELOPE_BYTES = 100 * MiB;
/** Relay `max_attachment_size`. */
export const MAX_ATTACHMENT_BYTES = 100 * MiB;
/** Items per envelope: Relay caps sessions at 100 per envelope; we bound all items alike. */
export const MAX_ENVELOPE_ITEMS = 1000;
/** A header line (envelope or item) is small JSON; 64 KiB leaves room for big `trace` DSCs. */
export const MAX_ENVELOPE_HEADER_BYTES = 64 * KiB;
/** JSON nesting accepted from the wire; Relay bounds depth too (serde's recursion limit is 128). */
export const MAX_JSON_DEPTH = 64;
/** Client reports are at most 4 KiB (Relay `max_client_reports_size`). */
export const MAX_CLIENT_REPORT_BYTES = 4 * KiB;

// --- redaction, trace context and envelopes (added with redact/traceparent/envelope) --

/** Only the first 256 chars of an object key are matched against secret names (bounded work per key). */
export const MAX_REDACT_KEY_LENGTH = 256;
/** Key verdicts remembered per compiled key list (event keys repeat: `filename`, `lineno`…); the
 * memo is cleared when full, so hostile key floods cost time, never memory. */
export const MAX_REDACT_KEY_CACHE_ENTRIES = 4096;
/** Only keys up to this length are memoised (the `key=value` scan's keys are at most 64 chars). */
export const MAX_REDACT_CACHED_KEY_LENGTH = 64;
/** traceparent 00 is 55 chars; later versions may append fields (W3C #versioning-of-traceparent), but never KiBs. */
export const MAX_TRACEPARENT_LENGTH = 512;
/** W3C trace-context #list: "There can be a maximum of 32 list-members in a list." */
export const MAX_TRACESTATE_MEMBERS = 32;

// --- grouping (fingerprint.ts; sentry-protocol.md §8) ---------------------------------

/** Exception values (or threads) read per event for grouping; Sentry's LinkedErrors sends 5 plus
 * AggregateError children, so 16 is generous. The newest (thrown error last) are kept. */
export const MAX_GROUPING_VALUES = 16;
/** SDK `fingerprint` entries honoured; documented fingerprints have 1-3 entries, more is hostile. */
export const MAX_FINGERPRINT_ENTRIES = 32;
/** One grouping component (a module, a function, a fingerprint entry) is cut here before hashing. */
export const MAX_GROUPING_COMPONENT_LENGTH = 1 * KiB;
/** Tag pairs searched for a `{{ tags.x }}` fingerprint variable; a longer tag list is hostile. */
export const MAX_GROUPING_TAGS = 256;

// --- load (load/: the maths both load-shedding policies share; node-load: the sampler) ---

/** A load signal this many times its threshold refuses every request; halfway there, half of them
 * (toobusy-js: 1.25× → 25 %, 2× → 100 %): slightly past a bound refuses a few, not all. */
export const GRADED_FULL_AT_MULTIPLE = 2;
/** monitorEventLoopDelay's timer period (Node's default, and under-pressure's): the finest delay a
 * read can see; a finer timer costs a wake-up every period for nothing the policies use. */
export const EVENT_LOOP_HISTOGRAM_RESOLUTION_MS = 10;
