/** A failed API call: the HTTP status and the RFC 9457 problem's title/detail when there is one. */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly method: string,
    readonly path: string,
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
