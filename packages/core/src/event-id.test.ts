import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesToHex, generateEventId, generateUuid, normalizeEventId, randomHex } from './event-id.js';

test('normalizeEventId accepts 32 hex and dashed UUIDs in any case', () => {
  assert.equal(normalizeEventId('9ec79c33ec9942ab8353589fcb2e04dc'), '9ec79c33ec9942ab8353589fcb2e04dc');
  assert.equal(normalizeEventId('9EC79C33EC9942AB8353589FCB2E04DC'), '9ec79c33ec9942ab8353589fcb2e04dc');
  assert.equal(normalizeEventId('9ec79c33-ec99-42ab-8353-589fcb2e04dc'), '9ec79c33ec9942ab8353589fcb2e04dc');
});

test('normalizeEventId rejects everything else', () => {
  for (const bad of [
    undefined,
    null,
    42,
    {},
    '',
    '9ec79c33ec9942ab8353589fcb2e04d', // 31
    '9ec79c33ec9942ab8353589fcb2e04dcc', // 33
    '9ec79c33ec9942ab8353589fcb2e04dg',
    '9ec79c33-ec99-42ab-8353589f-cb2e04dc', // dashes in the wrong places
    '9ec79c33ec99-42ab-8353-589fcb2e04dc-',
    ' 9ec79c33ec9942ab8353589fcb2e04dc',
  ]) {
    assert.equal(normalizeEventId(bad), null, String(bad));
  }
});

test('generateEventId is a v4 UUID in 32-hex form, unique', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const id = generateEventId();
    assert.match(id, /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    assert.equal(normalizeEventId(id), id);
    ids.add(id);
  }
  assert.equal(ids.size, 1000);
});

test('randomHex and bytesToHex', () => {
  assert.equal(bytesToHex(new Uint8Array([0, 1, 15, 16, 255])), '00010f10ff');
  assert.match(randomHex(8), /^[0-9a-f]{16}$/);
  assert.notEqual(randomHex(16), randomHex(16));
});

test('ids cut from the random pool are distinct across many refills', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) seen.add(generateEventId());
  assert.equal(seen.size, 5000);
});

test('generateUuid: canonical v4 UUIDs, distinct', () => {
  const ids = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const id = generateUuid();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 2000);
});
