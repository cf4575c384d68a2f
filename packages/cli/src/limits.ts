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
