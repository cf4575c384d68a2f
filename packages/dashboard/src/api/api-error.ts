/**
 * A failed API call: the HTTP status, the RFC 9457 problem's title/detail when there is one, and
 * its `field` extension (the collector's 400 for a wrong alert rule names the field: `trigger.count`).
 */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly method: string,
    readonly path: string,
    readonly field?: string,
    /** The problem's own words (`detail`, else `title`), without the method and path. */
    readonly detail: string = message,
    /** The problem's stable `code` (`FL_STORE_UNAVAILABLE`), when it has one. */
    readonly code?: string,
  ) {
    super(`${method} ${path}: ${status} ${message}`);
  }
}

/** Anything thrown (a network failure, a non-Error) as a message a page can show as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
