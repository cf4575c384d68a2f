import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { NonError } from './errors.js';
import {
  describeType,
  errorMessage,
  errorTypeName,
  isErrorLike,
  safeGet,
  safeToString,
  toError,
} from './safe.js';

const allTrapsThrow = new Proxy(
  {},
  new Proxy(
    {},
    {
      get: () => () => {
        throw new Error('trap');
      },
    },
  ),
);

test('safeGet survives throwing getters and proxies', () => {
  assert.equal(safeGet(allTrapsThrow, 'message'), undefined);
  const getter = Object.defineProperty({}, 'x', {
    get() {
      throw new Error('no');
    },
  });
  assert.equal(safeGet(getter, 'x'), undefined);
  assert.equal(safeGet(null, 'x'), undefined);
});

test('toError wraps every non-Error in a NonError that says what it was', () => {
  const cases: [unknown, string][] = [
    ['text', 'string'],
    [null, 'null'],
    [undefined, 'undefined'],
    [42, 'number'],
    [Symbol('s'), 'symbol'],
    [{ a: 1 }, 'object'],
    [allTrapsThrow, 'object'],
  ];
  for (const [value, type] of cases) {
    const e = toError(value);
    assert.ok(e instanceof NonError);
    assert.equal((e as NonError).thrownType, type);
    assert.match(e.message, /^Non-Error thrown: /);
  }
  const real = new TypeError('x');
  assert.equal(toError(real), real);
});

test('an object whose toString throws renders without throwing', () => {
  const evil = {
    toString() {
      throw new Error('no');
    },
    toJSON() {
      throw new Error('no');
    },
  };
  assert.equal(safeToString(evil), '[unprintable value]');
  assert.equal(errorMessage(evil), '[unprintable value]');
});

test('errors from another realm are still errors', () => {
  const foreign = runInNewContext('new RangeError("other realm")');
  assert.ok(isErrorLike(foreign));
  assert.equal(errorTypeName(foreign), 'RangeError');
});

test('describeType names class instances', () => {
  class Thing {}
  assert.equal(describeType(new Thing()), 'Thing');
  assert.equal(describeType([]), 'Array');
});

test('messages are bounded', () => {
  assert.ok(errorMessage(new Error('x'.repeat(100_000))).length < 10_000);
});
