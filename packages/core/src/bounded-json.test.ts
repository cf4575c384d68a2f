import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJsonBounded } from './bounded-json.js';
import { LimitExceededError, ParseError } from './errors.js';

const isLimit = (limit: string) => (e: unknown) => e instanceof LimitExceededError && e.limit === limit;

test('parses strings and UTF-8 bytes', () => {
  assert.deepEqual(parseJsonBounded('{"a":[1,{"b":null}]}'), { a: [1, { b: null }] });
  assert.deepEqual(parseJsonBounded(new TextEncoder().encode('{"é":"ü"}')), { é: 'ü' });
});

test('depth counts nesting; a top-level object is depth 1', () => {
  assert.deepEqual(parseJsonBounded('{"a":{"b":[]}}', { maxDepth: 3 }), { a: { b: [] } });
  assert.throws(() => parseJsonBounded('{"a":{"b":[]}}', { maxDepth: 2 }), isLimit('MAX_JSON_DEPTH'));
  assert.equal(parseJsonBounded('42', { maxDepth: 0 }), 42);
});

test('brackets inside strings, including escaped quotes, do not count', () => {
  const s = JSON.stringify({ a: '[[[[{{{{\\"[[[[', b: '"]]]' });
  assert.deepEqual(parseJsonBounded(s, { maxDepth: 1 }), JSON.parse(s));
});

test('siblings do not add up: depth is the maximum, not the total', () => {
  assert.equal((parseJsonBounded(`[${'[],'.repeat(1000)}[]]`, { maxDepth: 2 }) as unknown[]).length, 1001);
});

test('byte bound counts UTF-8 bytes of strings and of byte input', () => {
  assert.throws(() => parseJsonBounded('"ééé"', { maxBytes: 7 }), isLimit('MAX_EVENT_BYTES'));
  assert.equal(parseJsonBounded('"ééé"', { maxBytes: 8 }), 'ééé');
  assert.equal(parseJsonBounded('"😀"', { maxBytes: 6 }), '😀'); // a surrogate pair is 4 bytes
  assert.throws(
    () => parseJsonBounded(new Uint8Array(11).fill(0x20), { maxBytes: 10 }),
    isLimit('MAX_EVENT_BYTES'),
  );
});

test('invalid JSON and invalid UTF-8 are ParseErrors, with itemIndex when given', () => {
  assert.throws(
    () => parseJsonBounded('{"password":"hunter2"', { itemIndex: 3 }),
    (e: unknown) => e instanceof ParseError && e.itemIndex === 3 && !e.message.includes('hunter2'),
  );
  assert.throws(() => parseJsonBounded(new Uint8Array([0x22, 0xc3, 0x22])), ParseError);
  assert.throws(() => parseJsonBounded(''), ParseError);
});

test('a BOM is rejected like serde_json does', () => {
  assert.throws(() => parseJsonBounded(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), ParseError);
});

test('one million open brackets: a limit error in linear time, never a RangeError', () => {
  const t0 = performance.now();
  assert.throws(
    () => parseJsonBounded('['.repeat(1_000_000), { maxBytes: 2_000_000 }),
    isLimit('MAX_JSON_DEPTH'),
  );
  assert.throws(() => parseJsonBounded(`"${'\\"['.repeat(300_000)}`, { maxBytes: 2_000_000 }), ParseError);
  assert.ok(performance.now() - t0 < 1000);
});
