import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sha256Hex } from './hash.js';

test('sha256Hex matches the FIPS 180-4 test vector for "abc"', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('sha256Hex matches node:crypto across padding boundaries and UTF-8', () => {
  // 55/56/64 bytes straddle the one-block/two-block padding edge (§5.1.1).
  const inputs = [
    '',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(63),
    'a'.repeat(64),
    'héllo 🌍 ✓',
    'x'.repeat(100_000),
  ];
  for (const input of inputs) {
    assert.equal(
      sha256Hex(input),
      createHash('sha256').update(input, 'utf8').digest('hex'),
      `length ${input.length}`,
    );
  }
});
