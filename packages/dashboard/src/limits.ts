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
/** Incident ids are request ids or 32-hex event ids; nothing longer is looked up. */
export const MAX_LOOKUP_ID_CHARS = 200;
