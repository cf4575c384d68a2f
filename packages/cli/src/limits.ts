/** Bounds of the command line (house style 4). */

import { KiB, MiB } from '@faultline/core';

/**
 * Bytes read from stdin for `user add --password-stdin`: far above the collector's
 * MAX_PASSWORD_LENGTH (1024 characters, up to 4 bytes each in UTF-8), so only a wrong input
 * (a file piped by mistake) hits it.
 */
export const MAX_PASSWORD_STDIN_BYTES = 16 * 1024;

// --- help (option-table.ts) ---------------------------------------------------------------

/** Help lines wrap at this many characters, so they fit a 100-column terminal with room to spare. */
export const HELP_LINE_WIDTH = 92;

// --- option values (option-values.ts) ---------------------------------------------------

/** The smallest SIZE a flag takes: an SDK's envelope headers alone are ~200 bytes, so a smaller
 * body bound would refuse every request. */
export const MIN_SIZE_OPTION_BYTES = 1 * KiB;
/** The largest SIZE a flag takes: no collector has this much memory to fill, so a bigger bound is a
 * slip of the unit or of a few zeros, not a limit. */
export const MAX_SIZE_OPTION_BYTES = 64 * 1024 * MiB;
/** The largest count a flag takes (queued batches, events kept per issue): far past what a store
 * or a queue holds, so only a typo reaches it. */
export const MAX_COUNT_OPTION = 1_000_000_000;
/** `--retention-days` at most a century; "keep everything" is a big number, not 0 (0 would delete
 * every event at the next pass). */
export const MAX_RETENTION_DAYS = 36_500;
/** `--retention-interval` at most a week: a longer one lets a busy store grow for weeks between passes. */
export const MAX_RETENTION_INTERVAL_MS = 7 * 24 * 3_600_000;

// --- faultline demo (src/demo/) ---------------------------------------------------------------

/** How often each demo service sends its per-route counts: the rates page fills within seconds, not the default 10 s. */
export const DEMO_RATES_INTERVAL_MS = 2_000;
/** The storefront's wait for orders, per attempt: above orders' own deadline, so orders' answer (a 504) gets through. */
export const DEMO_STOREFRONT_TIMEOUT_MS = 2_000;
/** The storefront's wait for orders across retries: a shopper gives up on checkout after about this long. */
export const DEMO_STOREFRONT_DEADLINE_MS = 3_000;
/** Orders' wait for inventory, per attempt: the islands' carrier (SLOW_CARRIER_MS in demo/inventory.ts) outlives it: the demo's timeout. */
export const DEMO_ORDERS_TIMEOUT_MS = 250;
/** Orders' wait for inventory across retries: room for a second attempt, not a third. */
export const DEMO_ORDERS_DEADLINE_MS = 600;
/** How long inventory waits for its stock database to answer one query. */
export const DEMO_DB_QUERY_TIMEOUT_MS = 1_000;
/** How long the load generator waits for one storefront answer: above the storefront's deadline. */
export const DEMO_LOAD_TIMEOUT_MS = 5_000;
/** The load generator sends what is due every this often (arrivals follow elapsed time, so a late tick sends more). */
export const DEMO_LOAD_TICK_MS = 50;
/** Load requests in flight at once; past it a tick's arrivals are counted as skipped, so a stuck demo cannot pile up sockets. */
export const DEMO_MAX_LOAD_IN_FLIGHT = 400;
/** A status line (requests, answers by status, shed) this often: enough to see the demo is alive, not a log. */
export const DEMO_STATUS_INTERVAL_MS = 15_000;
/** How often the runner applies the schedule (the database's state) and checks for the deploy. */
export const DEMO_TIMELINE_TICK_MS = 100;
/** How often the demo asks the read API whether the coupon crash's issue exists yet. */
export const DEMO_RESOLVE_POLL_MS = 500;
/** How long the demo looks for the coupon crash's issue before deploying orders@1.1.0 without resolving it. */
export const DEMO_RESOLVE_WAIT_MS = 10_000;
/** Ctrl-C: how long the services may take to finish the requests they hold (outermost first), in all. */
export const DEMO_DRAIN_TIMEOUT_MS = 3_000;
/** Ctrl-C: how long each service's reporter may take to send what it queued (events, last counts). */
export const DEMO_FLUSH_TIMEOUT_MS = 2_000;
/** Ctrl-C: past this the demo exits 1 instead of hanging (drain + flush + closing the collector fit well within it). */
export const DEMO_SHUTDOWN_TIMEOUT_MS = 8_000;
/** --duration: at most a week, a bound that only a typo reaches. */
export const DEMO_MAX_DURATION_S = 7 * 24 * 3_600;

// --- faultline gate (src/gate/) ---------------------------------------------------------------

/** `--wait` asks the collector again this often: the verdict moves with each minute's counts,
 * which the middleware sends every 10 s. */
export const GATE_POLL_MS = 15_000;
/** One request to the collector: the verdict answers within 1 s at 1M rate rows; past this the
 * collector is down or unreachable (exit 3), not slow. */
export const GATE_REQUEST_TIMEOUT_MS = 10_000;
/** `--wait` at most a day: a canary judged for longer is a release, not a canary. */
export const GATE_MAX_WAIT_MS = 24 * 3_600_000;
/** Routes the table prints, worst first; --json has them all. */
export const GATE_TABLE_ROUTES = 10;
