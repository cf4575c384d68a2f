/** Bounds of the read API (house style 4). */

/** Request bodies of the read API are small JSON objects (status updates, settings). */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Issues or events per page; the dashboard asks for 50. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** API tokens are 32 random bytes as hex; anything longer is not ours. */
export const MAX_TOKEN_LENGTH = 128;
/** Events are kept this long (Sentry's default retention is 90 days). */
export const DEFAULT_RETENTION_DAYS = 90;
/** Newest events kept per issue; older ones go, the issue and its counts stay. */
export const DEFAULT_MAX_EVENTS_PER_ISSUE = 1000;
/** How often the retention job runs. */
export const RETENTION_INTERVAL_MS = 60 * 60_000;
/** A dashboard session lasts a working day; after that the token is typed in again. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/**
 * Sessions live in memory (a restart logs everyone out). Past this many the oldest is dropped,
 * so a login loop cannot grow the map without bound.
 */
export const MAX_SESSIONS = 10_000;
/** Session ids and CSRF tokens: 32 random bytes, as OWASP's session management sheet asks (≥ 64 bits). */
export const SESSION_SECRET_BYTES = 32;
