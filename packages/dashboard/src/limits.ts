/** Bounds of the dashboard (house style 4). Event data may be huge; the page stays usable. */

/** Issues per page of the list (the collector's default page size). */
export const ISSUES_PAGE_SIZE = 50;
/** Characters of a title or culprit shown in the list; the issue page shows more. */
export const MAX_LIST_TEXT_CHARS = 300;
/** Characters of any one value shown on the issue page (messages, headers, context lines). */
export const MAX_TEXT_CHARS = 10_000;
/** Frames shown per stack: the collector keeps at most 250 (Relay's hard limit). */
export const MAX_FRAMES_SHOWN = 250;
/** Exceptions shown per chain; SDKs send at most a handful of causes. */
export const MAX_CHAIN_SHOWN = 20;
/** Breadcrumbs shown per event, newest first: the SDKs keep 100 by default (maxBreadcrumbs);
 * past it "N more" says how many older ones the event holds. */
export const MAX_BREADCRUMBS_SHOWN = 100;
/** Contexts (runtime, os, device, custom…) shown per event; SDKs send about ten. */
export const MAX_CONTEXTS_SHOWN = 50;
/** Rows of one key/value table of event data (a context, extra, the user, a frame's locals, a
 * breadcrumb's data); past it "N more". */
export const MAX_KV_ROWS_SHOWN = 100;
/** Characters of a nested value shown as compact JSON text in a key/value table. */
export const MAX_JSON_TEXT_CHARS = 2_000;
/** Nesting written out in such a value; deeper objects read `{…}` (the raw JSON has them). */
export const MAX_JSON_DEPTH = 8;
/** Characters of the raw event JSON shown on the page; the download holds it all (the collector
 * keeps events up to 1 MiB). */
export const MAX_RAW_JSON_CHARS = 200_000;
/** A raw-JSON download's Blob URL is freed this long after the click (the save has started). */
export const RAW_JSON_URL_KEEP_MS = 60_000;
/** Incident ids are request ids or 32-hex event ids; nothing longer is looked up. */
export const MAX_LOOKUP_ID_CHARS = 200;
/** Event summaries fetched per page of an issue's event pager. */
export const EVENTS_PAGE_SIZE = 50;
/** Empty pages of a filtered event search followed at once (each tested up to 10,000 events at
 * the collector) before the pager shows what it has: a rare value found in an old part of a big
 * issue without clicking "Older" through nothing. */
export const MAX_EMPTY_SEARCH_PAGES = 10;
/** Series drawn in one rates chart (worst first); the table below lists them all. */
export const MAX_CHART_SERIES = 6;
/** Nesting shown on the trace page; a deeper (or cyclic-looking) chain is cut with a note. */
export const MAX_TRACE_DEPTH = 32;
/** Nodes shown on the trace page; the collector returns at most 1000 rows per trace. */
export const MAX_TRACE_NODES = 1000;
/** PATCH requests in flight at once for a bulk resolve/ignore (the list holds 50 rows). */
export const BULK_CONCURRENCY = 4;
/** Lines accepted in a settings list (allowed origins, scrub keys). */
export const MAX_SETTINGS_LIST_ITEMS = 200;
/** Characters of one settings list entry. */
export const MAX_SETTINGS_ENTRY_CHARS = 200;
/** Characters of a project name (the collector's bound). */
export const MAX_PROJECT_NAME_CHARS = 100;
/** Buckets drawn per chart; the collector sends at most 360 per range. */
export const MAX_CHART_POINTS = 2000;
/** Height of a rates chart; its width follows the page. */
export const CHART_HEIGHT_PX = 260;
/** Colours in the chart palette (`--series-0` … in styles.css); series past it reuse them. */
export const CHART_PALETTE_SIZE = 6;
/** Buckets drawn per issue-list sparkline; the collector sends 24 (hourly) or 14 (daily). */
export const MAX_SPARKLINE_BUCKETS = 48;
/** Size of an issue-list sparkline (its column in styles.css is as wide). */
export const SPARKLINE_WIDTH_PX = 96;
export const SPARKLINE_HEIGHT_PX = 24;
/** Deliveries listed per rule on the Alerts page: the collector's most per request (MAX_ALERT_DELIVERIES_PAGE_SIZE). */
export const ALERT_DELIVERIES_SHOWN = 50;
/** Evaluations per page of a rule's log; "Older" loads the next page. */
export const ALERT_EVALUATIONS_PAGE_SIZE = 50;
/** Alerts listed on an issue's page, newest first; the rule's delivery log has the rest. */
export const ISSUE_ALERTS_SHOWN = 20;
/** Characters of a receiver's answer shown per attempt (the collector keeps 2000). */
export const MAX_EXCERPT_CHARS = 500;
/** Canary verdicts listed for a release, newest first (the collector lists at most 200). */
export const GATE_VERDICTS_SHOWN = 50;
/** Rate alert incidents read for the Rates chart's marks, newest first (the collector's most per request). */
export const RATE_INCIDENTS_SHOWN = 200;
/** Commits listed under a release (sentry-cli sends up to 20 a release; older ones are the previous releases'). */
export const RELEASE_COMMITS_SHOWN = 50;
/** Characters of an API token's name (the collector's MAX_TOKEN_NAME_LENGTH). */
export const MAX_TOKEN_NAME_CHARS = 100;

/** The collector's bounds on a project's inbound filters (MAX_INBOUND_FILTER_ENTRIES and
 * MAX_INBOUND_FILTER_ENTRY_CHARS there), checked before sending so the form names the problem. */
export const MAX_INBOUND_FILTER_ENTRIES = 50;
export const MAX_INBOUND_FILTER_ENTRY_CHARS = 200;
/** How far back the settings page counts filtered events and the releases page dropped ones. */
export const DISCARDS_SINCE = '30d';
/** Rows of the releases page's dropped-events table (largest first; the caption has the total). */
export const DISCARD_ROWS_SHOWN = 20;
/** Activity rows and comments the issue page asks for at a time (the collector's default page);
 * "Older activity" asks for the next. */
export const TIMELINE_PAGE_SIZE = 50;

// Page weight (test/page-weight.test.ts checks the build).

/** The entry script after gzip: what a first visit downloads before anything shows. Charts
 * (uPlot) and the Alerts page are lazy chunks outside it; 80 kB leaves room for features while
 * a first load on a slow 3G link stays near a second. */
export const MAX_ENTRY_SCRIPT_GZIP_BYTES = 80_000;
