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
