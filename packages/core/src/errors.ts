/**
 * Faultline's own errors (house style 5): a stable `code`, a `name`, a `cause`, and a
 * realm-safe brand so `isFaultlineError()` works across duplicate copies of the package
 * (undici does the same with `Symbol.for`). Codes are listed in docs/errors.md.
 */

const BRAND = Symbol.for('faultline.error');

export type FaultlineErrorCode =
  | 'FL_HTTP'
  | 'FL_CONFIG'
  | 'FL_LIMIT_EXCEEDED'
  | 'FL_PARSE'
  | 'FL_NON_ERROR'
  | (string & {});

export class FaultlineError extends Error {
  readonly code: FaultlineErrorCode;
  readonly [BRAND] = true;

  constructor(code: FaultlineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'FaultlineError';
  }
}

/** True for any Faultline error, even one created by another copy of this package. */
export function isFaultlineError(value: unknown): value is FaultlineError {
  try {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false;
  }
}

/**
 * A misconfiguration the operator must fix (missing env var, bad option). Classified as
 * category `config`, status 500.
 * @example throw new ConfigError('DATABASE_URL is not set')
 */
export class ConfigError extends FaultlineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('FL_CONFIG', message, options);
    this.name = 'ConfigError';
  }
}

/**
 * A named bound from a `limits.ts` was exceeded. `limit` is the constant's name so that
 * the message says which bound was hit.
 */
export class LimitExceededError extends FaultlineError {
  readonly limit: string;
  readonly max: number;
  readonly actual: number | undefined;

  constructor(limit: string, max: number, actual?: number, what?: string) {
    super(
      'FL_LIMIT_EXCEEDED',
      `${what ?? 'input'} exceeds ${limit} (${max}${actual === undefined ? '' : `, got ${actual}`})`,
    );
    this.name = 'LimitExceededError';
    this.limit = limit;
    this.max = max;
    this.actual = actual;
  }
}

/** Malformed input (an envelope, a JSON payload). `itemIndex` names the envelope item when known. */
export class ParseError extends FaultlineError {
  readonly itemIndex: number | undefined;

  constructor(message: string, options?: { cause?: unknown; itemIndex?: number }) {
    super('FL_PARSE', message, options);
    this.name = 'ParseError';
    this.itemIndex = options?.itemIndex;
  }
}

/**
 * Something that is not an Error was thrown (a string, null, a plain object, a Proxy...).
 * `thrownType` is a safe description of what it was; the value itself is kept on `thrown`
 * for hooks that want it, but is never stringified unsafely.
 */
export class NonError extends FaultlineError {
  readonly thrown: unknown;
  readonly thrownType: string;

  constructor(thrown: unknown, thrownType: string, message: string) {
    super('FL_NON_ERROR', message);
    this.name = 'NonError';
    this.thrown = thrown;
    this.thrownType = thrownType;
  }
}
