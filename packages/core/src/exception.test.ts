import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import type { ExceptionValue } from './event.js';
import { toExceptionValues } from './exception.js';
import { fixtureApps } from './fixture-apps.test-helper.js';
import { MAX_MESSAGE_LENGTH } from './limits.js';

const FIXTURES = fixtureApps();
const ROOT_A = fileURLToPath(new URL('app-a', FIXTURES));

function thrownBy(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('did not throw');
}

const only = (values: ExceptionValue[]): ExceptionValue => {
  assert.equal(values.length, 1);
  return values[0]!;
};

describe('toExceptionValues for Errors', () => {
  test('one Error: type, message, frames (crashing frame last) and a generic unhandled mechanism', () => {
    function failingHandler() {
      throw new TypeError('x is undefined');
    }
    const value = only(toExceptionValues(thrownBy(failingHandler)));
    assert.equal(value.type, 'TypeError');
    assert.equal(value.value, 'x is undefined');
    assert.deepEqual(value.mechanism, { type: 'generic', handled: false });
    const frames = value.stacktrace?.frames ?? [];
    assert.equal(frames[frames.length - 1]?.function, 'failingHandler');
    assert.equal(frames[frames.length - 1]?.in_app, true);
  });

  test('the caller mechanism is merged in', () => {
    const value = only(
      toExceptionValues(new Error('x'), {
        mechanism: { type: 'onuncaughtexception', handled: true, data: { route: '/u' } },
      }),
    );
    assert.deepEqual(value.mechanism, { type: 'onuncaughtexception', handled: true, data: { route: '/u' } });
  });

  test('root and maxFrames reach the stack parser', async () => {
    const users: typeof import('./fixtures/app-a/routes/users.js') = await import(
      new URL('app-a/routes/users.js', FIXTURES).href
    );
    const error = await users.getUser(0).catch((e: unknown) => e);
    const frames = only(toExceptionValues(error, { root: ROOT_A, maxFrames: 2 })).stacktrace?.frames;
    assert.deepEqual(
      frames?.map((f) => [f.filename, f.function, f.in_app]),
      [
        ['fake-lib/index.js', 'runHandler', false],
        ['routes/users.js', 'loadUser', true],
      ],
    );
  });

  test('a cause chain is listed oldest first with Sentry exception-tree links', () => {
    const root = new Error('ECONNREFUSED');
    const error = new Error('db down', { cause: new TypeError('pool failed', { cause: root }) });
    const values = toExceptionValues(error, { mechanism: { type: 'middleware' } });
    assert.deepEqual(
      values.map((v) => [v.type, v.value, v.mechanism]),
      [
        [
          'Error',
          'ECONNREFUSED',
          { type: 'chained', handled: false, exception_id: 2, parent_id: 1, source: 'cause' },
        ],
        [
          'TypeError',
          'pool failed',
          { type: 'chained', handled: false, exception_id: 1, parent_id: 0, source: 'cause' },
        ],
        ['Error', 'db down', { type: 'middleware', handled: false, exception_id: 0 }],
      ],
    );
  });

  test('cause cycles end', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    assert.deepEqual(
      toExceptionValues(a).map((v) => v.value),
      ['b', 'a'],
    );
    const self = new Error('self');
    (self as { cause?: unknown }).cause = self;
    assert.equal(only(toExceptionValues(self)).value, 'self');
  });

  test('an AggregateError is an exception group with its children under errors[i]', () => {
    const group = new AggregateError(
      [new Error('first'), new RangeError('second', { cause: 'disk full' })],
      'two failed',
    );
    const values = toExceptionValues(group);
    const summary = values.map((v) => [
      v.value,
      v.mechanism?.exception_id,
      v.mechanism?.parent_id,
      v.mechanism?.source,
      v.mechanism?.is_exception_group,
    ]);
    assert.deepEqual(summary, [
      ['Non-Error thrown: disk full', 3, 2, 'cause', undefined],
      ['second', 2, 0, 'errors[1]', undefined],
      ['first', 1, 0, 'errors[0]', undefined],
      ['two failed', 0, undefined, undefined, true],
    ]);
    assert.equal(values[3]?.type, 'AggregateError');
    assert.equal(values[0]?.mechanism?.synthetic, true);
  });

  test('an Error from another realm is still an Error', () => {
    const value = only(toExceptionValues(runInNewContext('new TypeError("from vm")')));
    assert.equal(value.type, 'TypeError');
    assert.equal(value.value, 'from vm');
    assert.equal(value.mechanism?.synthetic, undefined);
  });

  test('frame-like lines inside a multi-line message are not parsed as frames', () => {
    const error = new Error('wrapped:\n    at fake (/evil/path.js:1:1)');
    const frames = only(toExceptionValues(error)).stacktrace?.frames ?? [];
    assert.ok(frames.length > 0);
    assert.ok(frames.every((f) => f.abs_path !== '/evil/path.js'));
  });

  test('messages are bounded', () => {
    const value = only(toExceptionValues(new Error('m'.repeat(MAX_MESSAGE_LENGTH * 2))));
    assert.ok((value.value?.length ?? 0) <= MAX_MESSAGE_LENGTH + 1);
  });
});

describe('toExceptionValues for hostile throwables', () => {
  const throwing = (): never => {
    throw new Error('trap');
  };
  const allTraps: ProxyHandler<object> = {
    get: throwing,
    getPrototypeOf: throwing,
    ownKeys: throwing,
    has: throwing,
    getOwnPropertyDescriptor: throwing,
    apply: throwing,
  };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const getterError = new Error('hidden');
  // 'stack' first: redefining it formats the stack, which reads name and message.
  for (const key of ['stack', 'name', 'message', 'cause', 'errors']) {
    Object.defineProperty(getterError, key, { get: throwing });
  }

  const cases: [string, unknown, { type: string; value: RegExp }][] = [
    ['null', null, { type: 'NonError', value: /^Non-Error thrown: null$/ }],
    ['undefined', undefined, { type: 'NonError', value: /^Non-Error thrown: undefined$/ }],
    ['a string', 'boom', { type: 'NonError', value: /^Non-Error thrown: boom$/ }],
    ['a number', 42, { type: 'NonError', value: /^Non-Error thrown: 42$/ }],
    ['a bigint', 10n, { type: 'NonError', value: /^Non-Error thrown: bigint$/ }],
    ['a Symbol', Symbol('s'), { type: 'NonError', value: /^Non-Error thrown: symbol$/ }],
    ['a plain object', { code: 7 }, { type: 'NonError', value: /^Non-Error thrown: \{"code":7\}$/ }],
    ['a Proxy whose every trap throws', new Proxy({}, allTraps), { type: 'NonError', value: /unprintable/ }],
    ['a revoked Proxy', revocable.proxy, { type: 'NonError', value: /unprintable/ }],
    ['an Error whose getters throw', getterError, { type: 'Error', value: /^$/ }],
    [
      'an object whose toString and toJSON throw',
      { toString: throwing, toJSON: throwing },
      { type: 'NonError', value: /unprintable/ },
    ],
    ['a function', () => 1, { type: 'NonError', value: /^Non-Error thrown: function$/ }],
  ];

  for (const [name, thrown, expected] of cases) {
    test(`${name} gives a sensible value without throwing`, () => {
      const values = toExceptionValues(thrown);
      const value = values[values.length - 1]!;
      assert.equal(value.type, expected.type);
      assert.match(value.value ?? '', expected.value);
      assert.equal(value.mechanism?.type, 'generic');
      assert.equal(value.mechanism?.handled, false);
      if (expected.type === 'NonError') {
        assert.equal(value.mechanism?.synthetic, true);
        // The wrapper's own stack would point here; a thrown primitive has no throw site.
        assert.equal(value.stacktrace, undefined);
      }
    });
  }

  test('an error-like plain object keeps the frames of its own stack string', () => {
    const fromJson = { name: 'Error', message: 'x', stack: 'Error: x\n    at work (/srv/app/job.js:4:1)' };
    const value = only(toExceptionValues(fromJson));
    assert.equal(value.stacktrace?.frames[0]?.function, 'work');
  });

  test('an `errors` property holding a revoked Proxy still gives the thrown error', () => {
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    const error = Object.assign(new Error('outer'), { errors: revoked.proxy });
    assert.equal(only(toExceptionValues(error)).value, 'outer');
  });

  test('a Proxy cause in a chain does not break the chain', () => {
    const error = new Error('outer', { cause: new Proxy({}, allTraps) });
    const values = toExceptionValues(error);
    assert.deepEqual(
      values.map((v) => v.type),
      ['NonError', 'Error'],
    );
  });
});
