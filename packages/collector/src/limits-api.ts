/** Bounds of the read API (house style 4). */

/** Request bodies of the read API are small JSON objects (status updates, settings). */
export const MAX_API_BODY_BYTES = 64 * 1024;
/** Issues or events per page; the dashboard asks for 50. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** API tokens are 32 random bytes as hex; anything longer is not ours. */
export const MAX_TOKEN_LENGTH = 128;
/** Events listed by one incident lookup (api/incident-lookup.ts). A request id names one event,
 * a few when an app's Sentry SDK reports the same failure or a client retries with its id; past
 * this someone is flooding the id, `moreMatches` says so, and `?project=` narrows. */
export const MAX_INCIDENT_MATCHES = 20;
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
/**
 * How often a password session re-reads its user (api/session-user.ts): `faultline user remove`
 * and `user passwd` run in another process, so a session learns of them at most this late. One
 * indexed read per session per interval, not per request.
 */
export const USER_RECHECK_MS = 5_000;
/**
 * How often a session made with an API token re-reads its token (api/session-token.ts): a token
 * deleted in the store (by another process too) ends its sessions at most this late. One indexed
 * read per session per interval, not per request.
 */
export const TOKEN_RECHECK_MS = 5_000;
/** Bytes of SHA-256 of the password hash a session keeps to notice a new password (not the hash itself). */
export const PASSWORD_FINGERPRINT_BYTES = 16;

// --- dashboard passwords (api/passwords.ts) ------------------------------------------------

/**
 * scrypt cost parameters (RFC 7914): N=2^15, r=8, p=3 is one of the OWASP Password Storage
 * Cheat Sheet's equivalent settings (with N=2^17,r=8,p=1): 32 MiB per hash (128·N·r) instead
 * of 128 MiB, so concurrent logins stay cheap in memory while the work stays the same.
 */
export const SCRYPT_LOG2_COST = 15;
export const SCRYPT_BLOCK_SIZE = 8;
export const SCRYPT_PARALLELIZATION = 3;
/** Derived key and salt lengths: 256-bit key, 128-bit random salt (NIST SP 800-132 asks ≥ 128). */
export const SCRYPT_KEY_BYTES = 32;
export const PASSWORD_SALT_BYTES = 16;
/** A stored hash naming a larger cost is refused, so a tampered row cannot pin a CPU for minutes. */
export const MAX_SCRYPT_LOG2_COST = 20;
/** Memory scrypt may use for the largest accepted hash (128·N·r at MAX_SCRYPT_LOG2_COST, r=8) plus slack. */
export const SCRYPT_MAX_MEMORY_BYTES = 128 * 2 ** MAX_SCRYPT_LOG2_COST * SCRYPT_BLOCK_SIZE + 1024 * 1024;
/** NIST SP 800-63B-4 §3.1.1.2: passwords used alone are at least 15 characters. */
export const MIN_PASSWORD_LENGTH = 15;
/** Passphrases are welcome (NIST asks for ≥ 64); past this nothing is hashed. */
export const MAX_PASSWORD_LENGTH = 1024;
/** RFC 5321 §4.5.3.1.3: a path, hence an address, is at most 254 characters usable. */
export const MAX_EMAIL_LENGTH = 254;
/**
 * Password checks running at once; beyond it a login is answered 429. Each one holds 32 MiB and a
 * libuv thread (which zlib in ingest shares), so a login flood cannot starve ingestion.
 */
export const MAX_CONCURRENT_PASSWORD_CHECKS = 4;
/** Retry-After of a login refused because MAX_CONCURRENT_PASSWORD_CHECKS were running. */
export const PASSWORD_BUSY_RETRY_AFTER_S = 1;
/** Failed logins of one (email, client address) that cost no wait: a few typos are normal (the
 * old per-email lockout allowed 5 too). Counted per submitted email, known or not. */
export const LOGIN_FREE_FAILURES = 5;
/** The wait after the first failure past the free ones; each further failure doubles it. */
export const LOGIN_DELAY_BASE_MS = 1_000;
/** The longest wait between two guesses of one (email, address), reached after 10 more failures:
 * at most 4 guesses an hour, and only for that pair (OWASP's Authentication Cheat Sheet prefers
 * growing delays to a lockout that anyone can trigger for someone else). */
export const LOGIN_DELAY_MAX_MS = 15 * 60_000;
/** A pair with no failure for this long starts again with free failures (longer than the cap, so
 * a patient guesser stays at the cap). */
export const LOGIN_FAILURE_MEMORY_MS = 60 * 60_000;
/** Failed logins from one client address within LOGIN_FAILURE_WINDOW_MS, over every email: guessing
 * many accounts. Generous, as a NAT (or a proxy without trustProxy) puts many users on one address. */
export const LOGIN_FAILURES_PER_ADDRESS = 100;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** (email, address) pairs and addresses with failures remembered at once (each map); the least
 * recently failed are forgotten past it. */
export const MAX_LOGIN_FAILURE_KEYS = 10_000;
/** A client address (from X-Forwarded-For behind a trusted proxy) is cut here: an IPv6 address
 * with a zone is under 64 characters; the address is only a key of the login throttle. */
export const MAX_CLIENT_ADDRESS_CHARS = 64;
/** `trustProxy` hops accepted (http/client-address.ts): a CDN, a load balancer and an ingress make 3;
 * a larger number is a typo, refused at start. */
export const MAX_TRUSTED_PROXY_HOPS = 10;

// --- rates and traces (api/rates-view.ts, api/time-range.ts) ------------------------------------

/** Time range of a rates query when `since` is not given. */
export const DEFAULT_RATES_RANGE_MS = 24 * 60 * 60_000;
/** Longest time range of one rates query (the retention default). */
export const MAX_RATES_RANGE_MS = 90 * 24 * 60 * 60_000;
/** Points per series at most; the bucket grows (1, 5, 15, 60 minutes...) to stay under it. */
export const MAX_RATE_POINTS = 360;
/** Series in one rates answer, worst first; the rest are summed into `(other)`. */
export const MAX_RATE_SERIES = 200;
