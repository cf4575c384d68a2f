/**
 * What went wrong, in one of a few categories that each imply a status: the common causes
 * of 500s. Table-driven: each rule is a name, a predicate and a verdict; applications add
 * their own through `classifiers`.
 */

import { causeChain } from './cause-chain.js';
import { readHttpShape } from './foreign-errors.js';
import { errorTypeName, safeGet, safeString } from './safe.js';

export type ErrorCategory =
  | 'client'
  | 'bug'
  | 'dependency'
  | 'timeout'
  | 'overload'
  | 'missing-resource'
  | 'config'
  | 'unknown';

/** Seconds a 503 asks callers to wait when no rule chose a value; under-pressure uses 10, overload-protection 1. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

export interface Classification {
  status: number;
  category: ErrorCategory;
  /** May the error's own message reach the caller? Only ever true for explicit HTTP errors. */
  expose: boolean;
  /** Response headers the status calls for (Retry-After, WWW-Authenticate...). */
  headers: Record<string, string>;
  /** Caller-facing message, set only when `expose`. */
  detail?: string;
  title?: string;
  type?: string;
  extensions?: Record<string, unknown>;
  /** The rule that decided, e.g. 'code:ECONNREFUSED' or 'http:boom'; for logs and tests. */
  rule: string;
  /** The error in the cause chain that decided. */
  source: unknown;
}

/** A verdict a classifier returns for one error of the chain. */
export interface Verdict {
  category: ErrorCategory;
  status: number;
  expose?: boolean;
  headers?: Record<string, string>;
  detail?: string;
  rule?: string;
}

/** An application's own rule: return a verdict for errors it recognises, else undefined. */
export type Classifier = (error: unknown) => Verdict | undefined;

export interface ClassifyOptions {
  /** Run before the built-in table, on every error of the cause chain (outermost first). */
  classifiers?: readonly Classifier[];
}

interface Rule {
  name: string;
  category: ErrorCategory;
  status: number;
  test: (error: unknown, code: string | undefined, name: string) => boolean;
}

const codes = (...list: string[]) => {
  const set = new Set(list);
  return (_e: unknown, code: string | undefined) => code !== undefined && set.has(code);
};
const names = (...list: string[]) => {
  const set = new Set(list);
  return (_e: unknown, _c: string | undefined, name: string) => set.has(name);
};

// PostgreSQL SQLSTATEs (appendix A): class 08 connection exception; 57P01-57P03 shutdown /
// cannot connect now; 53300 too many connections. 57014 is query_canceled (statement_timeout).
const PG_DEPENDENCY = /^(08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
const SQLITE_DEPENDENCY = /^SQLITE_(BUSY|LOCKED)/;

// The sets are built once, here: built inside a rule's `test` they cost ~30 Set insertions on
// every error classified, a third of a 500's classification.
const timeoutCodes = codes(
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ABORT_ERR',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  '57014',
  // @faultline/client: an attempt timed out, or the call's overall deadline passed
  'FL_TIMEOUT',
  'FL_DEADLINE',
);
const timeoutNames = names('AbortError', 'TimeoutError', 'KnexTimeoutError', 'ConnectionTimeoutError');
const dependencyCodes = codes(
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'NR_CLOSED',
);
// ioredis / node-redis / MongoDB connection failures
const dependencyNames = names(
  'MaxRetriesPerRequestError',
  'ClientClosedError',
  'SocketClosedUnexpectedlyError',
  'ReconnectStrategyError',
  'MongoNetworkError',
  'MongoServerSelectionError',
);
const bugNames = names(
  'TypeError',
  'ReferenceError',
  'SyntaxError',
  'RangeError',
  'EvalError',
  'URIError',
  'AssertionError',
);

const isDownstreamFailure = (status: unknown) =>
  typeof status === 'number' && (status >= 500 || status === 429);

/** The built-in table, most specific first. */
export const DEFAULT_RULES: readonly Rule[] = [
  { name: 'config', category: 'config', status: 500, test: (_e, code) => code === 'FL_CONFIG' },
  {
    name: 'overload',
    category: 'overload',
    status: 503,
    test: codes('FL_OVERLOAD', 'EMFILE', 'ENFILE', 'ENOMEM', 'ENOBUFS'),
  },
  {
    name: 'timeout',
    category: 'timeout',
    status: 504,
    test: (e, code, name) => timeoutCodes(e, code) || timeoutNames(e, code, name),
  },
  {
    // @faultline/client: a downstream service answered 5xx or 429, could not be reached, or
    // its circuit is open. The caller is not at fault and the bug, if any, is downstream.
    name: 'downstream',
    category: 'dependency',
    status: 503,
    test: (e, code) =>
      code === 'FL_NETWORK' ||
      code === 'FL_CIRCUIT_OPEN' ||
      (code === 'FL_PROBLEM' && isDownstreamFailure(safeGet(e, 'status'))),
  },
  {
    name: 'dependency',
    category: 'dependency',
    status: 503,
    test: (e, code, name) =>
      dependencyCodes(e, code) ||
      (code !== undefined && (PG_DEPENDENCY.test(code) || SQLITE_DEPENDENCY.test(code))) ||
      dependencyNames(e, code, name) ||
      (name === 'Error' && safeString(e, 'message') === 'Connection is closed.'),
  },
  {
    name: 'missing-resource',
    category: 'missing-resource',
    status: 500,
    test: codes('ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR'),
  },
  {
    name: 'bug',
    category: 'bug',
    status: 500,
    test: (e, code, name) => code === 'ERR_ASSERTION' || bugNames(e, code, name),
  },
];

function errorCode(error: unknown): string | undefined {
  const code = safeGet(error, 'code');
  if (typeof code === 'string' && code.length <= 64) return code;
  if (typeof code === 'number' && Number.isInteger(code)) return String(code);
  return undefined;
}

function matchRule(error: unknown): Rule | undefined {
  const code = errorCode(error);
  const name = errorTypeName(error);
  return DEFAULT_RULES.find((rule) => rule.test(error, code, name));
}

function withRetryAfter(status: number, headers: Record<string, string>): Record<string, string> {
  if ((status === 503 || status === 429) && headers['retry-after'] === undefined) {
    return { ...headers, 'retry-after': String(DEFAULT_RETRY_AFTER_SECONDS) };
  }
  return headers;
}

const CATEGORY_FOR_5XX: Record<number, ErrorCategory> = {
  502: 'dependency',
  503: 'overload',
  504: 'timeout',
};

/**
 * Classifies any thrown value into a status, a cause category and whether its message may
 * be shown. The cause chain is walked:
 * 1. `classifiers` (the application's) decide first, outermost error first;
 * 2. else the outermost error that declares an HTTP status (HttpError, http-errors, boom,
 *    Hono, Fastify validation) fixes the status; a 5xx without its own category takes the
 *    category of its root cause;
 * 3. else the innermost error the table recognises decides, because the root cause is what
 *    went wrong: `fetch failed` (a TypeError) caused by ECONNREFUSED is a dependency failure.
 * @example
 * classify(new Error('load user', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))
 * // → { status: 503, category: 'dependency', expose: false, headers: { 'retry-after': '5' }, ... }
 */
export function classify(error: unknown, options: ClassifyOptions = {}): Classification {
  const chain = causeChain(error);

  for (const item of chain) {
    for (const classifier of options.classifiers ?? []) {
      let verdict: Verdict | undefined;
      try {
        verdict = classifier(item);
      } catch {
        verdict = undefined; // a broken classifier must not break error handling
      }
      if (verdict) {
        const expose = verdict.expose ?? false;
        return {
          status: verdict.status,
          category: verdict.category,
          expose,
          headers: withRetryAfter(verdict.status, verdict.headers ?? {}),
          ...(expose && verdict.detail !== undefined ? { detail: verdict.detail } : {}),
          rule: verdict.rule ?? 'custom',
          source: item,
        };
      }
    }
  }

  let rootRule: { rule: Rule; error: unknown } | undefined;
  for (let i = chain.length - 1; i >= 0 && !rootRule; i--) {
    const rule = matchRule(chain[i]);
    if (rule) rootRule = { rule, error: chain[i] };
  }

  for (const item of chain) {
    const shape = readHttpShape(item);
    if (!shape) continue;
    const category: ErrorCategory =
      shape.status < 500
        ? 'client'
        : ((shape.category as ErrorCategory | undefined) ??
          rootRule?.rule.category ??
          CATEGORY_FOR_5XX[shape.status] ??
          'unknown');
    return {
      status: shape.status,
      category,
      expose: shape.expose,
      headers: withRetryAfter(shape.status, shape.headers),
      ...(shape.expose && shape.message !== undefined ? { detail: shape.message } : {}),
      ...(shape.title !== undefined ? { title: shape.title } : {}),
      ...(shape.type !== undefined ? { type: shape.type } : {}),
      ...(shape.expose && shape.extensions ? { extensions: shape.extensions } : {}),
      rule: `http:${shape.source}`,
      source: item,
    };
  }

  if (rootRule) {
    const { rule } = rootRule;
    const code = errorCode(rootRule.error);
    return {
      status: rule.status,
      category: rule.category,
      expose: false,
      headers: withRetryAfter(rule.status, {}),
      rule: code ? `${rule.name}:${code}` : `${rule.name}:${errorTypeName(rootRule.error)}`,
      source: rootRule.error,
    };
  }

  return { status: 500, category: 'unknown', expose: false, headers: {}, rule: 'unknown', source: error };
}
