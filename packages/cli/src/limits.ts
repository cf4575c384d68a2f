/** Bounds of the command line (house style 4). */

/**
 * Bytes read from stdin for `user add --password-stdin`: far above the collector's
 * MAX_PASSWORD_LENGTH (1024 characters, up to 4 bytes each in UTF-8), so only a wrong input
 * (a file piped by mistake) hits it.
 */
export const MAX_PASSWORD_STDIN_BYTES = 16 * 1024;
