import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classify, type ErrorCategory } from './classify.js';
import { ConfigError } from './errors.js';
import { HttpError } from './http-error.js';

const withCode = (code: string | number, message = `failure ${code}`) =>
  Object.assign(new Error(message), { code });
const named = (name: string) => Object.assign(new Error(name), { name });

describe('classify: the built-in table', () => {
  const cases: [string, unknown, ErrorCategory, number][] = [
    ['TypeError', new TypeError('x is undefined'), 'bug', 500],
    ['ReferenceError', new ReferenceError('y is not defined'), 'bug', 500],
    ['SyntaxError', new SyntaxError('Unexpected token'), 'bug', 500],
    ['RangeError', new RangeError('Invalid array length'), 'bug', 500],
    ['assert', withCode('ERR_ASSERTION'), 'bug', 500],
    ['ECONNREFUSED', withCode('ECONNREFUSED'), 'dependency', 503],
    ['ECONNRESET', withCode('ECONNRESET'), 'dependency', 503],
    ['EPIPE', withCode('EPIPE'), 'dependency', 503],
    ['ENOTFOUND', withCode('ENOTFOUND'), 'dependency', 503],
    ['EAI_AGAIN', withCode('EAI_AGAIN'), 'dependency', 503],
    ['pg 08006 connection failure', withCode('08006'), 'dependency', 503],
    ['pg 57P01 admin shutdown', withCode('57P01'), 'dependency', 503],
    ['pg 57P03 cannot connect now', withCode('57P03'), 'dependency', 503],
    ['SQLITE_BUSY', withCode('SQLITE_BUSY'), 'dependency', 503],
    ['SQLITE_LOCKED_SHAREDCACHE', withCode('SQLITE_LOCKED_SHAREDCACHE'), 'dependency', 503],
    ['ioredis closed', new Error('Connection is closed.'), 'dependency', 503],
    ['ioredis retries', named('MaxRetriesPerRequestError'), 'dependency', 503],
    ['ETIMEDOUT', withCode('ETIMEDOUT'), 'timeout', 504],
    ['AbortError', named('AbortError'), 'timeout', 504],
    ['DOMException TimeoutError', new DOMException('timed out', 'TimeoutError'), 'timeout', 504],
    ['undici headers timeout', withCode('UND_ERR_HEADERS_TIMEOUT'), 'timeout', 504],
    ['pg 57014 statement timeout', withCode('57014'), 'timeout', 504],
    ['EMFILE', withCode('EMFILE'), 'overload', 503],
    ['ENOMEM', withCode('ENOMEM'), 'overload', 503],
    ['shedder', withCode('FL_OVERLOAD'), 'overload', 503],
    ['ENOENT', withCode('ENOENT'), 'missing-resource', 500],
    ['EACCES', withCode('EACCES'), 'missing-resource', 500],
    ['ConfigError', new ConfigError('DATABASE_URL is not set'), 'config', 500],
    ['plain Error', new Error('???'), 'unknown', 500],
    ['a string', 'oops', 'unknown', 500],
    ['null', null, 'unknown', 500],
  ];
  for (const [label, error, category, status] of cases) {
    test(`${label} → ${status} ${category}`, () => {
      const c = classify(error);
      assert.equal(c.category, category);
      assert.equal(c.status, status);
      assert.equal(c.expose, false);
    });
  }

  test('503s carry a Retry-After; 500s do not', () => {
    assert.ok(Number(classify(withCode('ECONNREFUSED')).headers['retry-after']) > 0);
    assert.equal(classify(new TypeError('x')).headers['retry-after'], undefined);
  });

  test('a numeric errno code is not mistaken for a SQLSTATE', () => {
    assert.equal(classify(withCode(-111)).category, 'unknown');
  });
});

describe('classify: the cause chain', () => {
  test('a wrapped ECONNREFUSED is still a dependency failure', () => {
    const c = classify(
      new Error('load user', { cause: new Error('query', { cause: withCode('ECONNREFUSED') }) }),
    );
    assert.equal(c.category, 'dependency');
    assert.equal(c.rule, 'dependency:ECONNREFUSED');
  });

  test("fetch's TypeError('fetch failed') is classified by its cause, not as a bug", () => {
    const c = classify(new TypeError('fetch failed', { cause: withCode('UND_ERR_CONNECT_TIMEOUT') }));
    assert.equal(c.category, 'timeout');
    assert.equal(c.status, 504);
  });

  test('an explicit 5xx keeps its status and takes the category of its root cause', () => {
    const c = classify(new HttpError(502, 'upstream', { cause: withCode('ECONNRESET') }));
    assert.equal(c.status, 502);
    assert.equal(c.category, 'dependency');
  });

  test('an explicit 4xx wins over anything below it', () => {
    const c = classify(new HttpError(422, 'bad', { cause: new TypeError('x') }));
    assert.equal(c.status, 422);
    assert.equal(c.category, 'client');
    assert.equal(c.expose, true);
    assert.equal(c.detail, 'bad');
  });

  test('a cause cycle terminates', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.equal(classify(a).category, 'unknown');
  });

  test('a cause chain deeper than MAX_CAUSE_DEPTH stops at the bound', () => {
    let e: Error = withCode('ECONNREFUSED');
    for (let i = 0; i < 100; i++) e = new Error(`wrap ${i}`, { cause: e });
    assert.equal(classify(e).category, 'unknown');
  });
});

describe('classify: application classifiers', () => {
  class QuotaError extends Error {}
  const classifiers = [
    (e: unknown) =>
      e instanceof QuotaError
        ? { category: 'client' as const, status: 429, expose: true, detail: 'quota' }
        : undefined,
  ];

  test('run first and may expose a detail', () => {
    const c = classify(new Error('wrapped', { cause: new QuotaError('q') }), { classifiers });
    assert.equal(c.status, 429);
    assert.equal(c.detail, 'quota');
    assert.ok(c.headers['retry-after']);
  });

  test('a classifier that throws is skipped', () => {
    const broken = [
      () => {
        throw new Error('broken classifier');
      },
    ];
    assert.equal(classify(withCode('ECONNREFUSED'), { classifiers: broken }).category, 'dependency');
  });
});

describe('classify: hostile throwables never throw', () => {
  const trap = new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
    },
  );
  class Getters extends Error {
    override get name(): string {
      throw new Error('name');
    }
    override get message(): string {
      throw new Error('message');
    }
    get code(): string {
      throw new Error('code');
    }
  }
  for (const [label, value] of [
    ['proxy', trap],
    ['getters', new Getters()],
    ['symbol', Symbol('s')],
    ['undefined', undefined],
    ['number', 42],
  ] as const) {
    test(label, () => {
      const c = classify(value);
      assert.equal(c.status, 500);
      assert.equal(c.expose, false);
    });
  }
});

describe('classify: failures of downstream calls made with @faultline/client', () => {
  // The client's errors as another copy of the package would make them: a code and a status.
  const clientError = (code: string, name: string, extra: Record<string, unknown> = {}, cause?: unknown) =>
    Object.assign(new Error(`${name} from downstream`, { cause }), { code, name, ...extra });

  test("a downstream 5xx is a dependency failure, not the downstream's status echoed", () => {
    for (const status of [500, 502, 503, 504, 429]) {
      const c = classify(clientError('FL_PROBLEM', 'ProblemError', { status, expose: true }));
      assert.equal(c.status, 503, `downstream ${status}`);
      assert.equal(c.category, 'dependency');
      assert.equal(c.expose, false);
      assert.equal(c.headers['retry-after'], '5');
    }
  });

  test('a downstream 4xx is not echoed either: the caller of this service did nothing wrong', () => {
    const c = classify(clientError('FL_PROBLEM', 'ProblemError', { status: 404 }));
    assert.equal(c.status, 500);
    assert.notEqual(c.category, 'client');
  });

  test('timeouts and deadlines are timeouts; unreachable and open circuits are dependencies', () => {
    assert.deepEqual(pick(classify(clientError('FL_TIMEOUT', 'TimeoutError'))), [504, 'timeout']);
    assert.deepEqual(pick(classify(clientError('FL_DEADLINE', 'DeadlineError'))), [504, 'timeout']);
    assert.deepEqual(pick(classify(clientError('FL_CIRCUIT_OPEN', 'CircuitOpenError'))), [503, 'dependency']);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.deepEqual(pick(classify(clientError('FL_NETWORK', 'NetworkError', {}, refused))), [
      503,
      'dependency',
    ]);
    const connectTimeout = Object.assign(new Error('connect timeout'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
    assert.deepEqual(pick(classify(clientError('FL_NETWORK', 'NetworkError', {}, connectTimeout))), [
      504,
      'timeout',
    ]);
  });

  function pick(c: { status: number; category: ErrorCategory }): [number, ErrorCategory] {
    return [c.status, c.category];
  }
});
