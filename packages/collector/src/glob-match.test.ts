import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globMatches } from './glob-match.js';

/** The same language as a regular expression, for small inputs only (it can backtrack). */
function reference(pattern: string, text: string): boolean {
  const source = pattern
    .split('*')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${source}$`, 'i').test(text);
}

test('globs agree with the regular expression they stand for, on every small case', () => {
  const alphabet = ['a', 'b', '*'];
  const words = (n: number): string[] =>
    n === 0 ? [''] : words(n - 1).flatMap((w) => [w, ...alphabet.map((c) => w + c)]);
  const patterns = [...new Set(words(4))];
  const texts = [...new Set(words(5).filter((w) => !w.includes('*')))];
  for (const p of patterns)
    for (const t of texts) assert.equal(globMatches(p, t), reference(p, t), `${JSON.stringify(p)} on ${t}`);
  assert.ok(globMatches('*ECONNRESET*', 'Error: read econnreset'));
  assert.ok(globMatches('price (usd) [x]?', 'Price (USD) [x]?'));
});

test('globs: pathological patterns over a 100 KB text take linear time', () => {
  const text = 'a'.repeat(100 * 1024);
  const patterns = [
    `*${'a'.repeat(198)}b`,
    `${'*a'.repeat(99)}*b`,
    `${`*${'a'.repeat(24)}`.repeat(8)}b`,
    `*${'ab'.repeat(99)}*`,
  ];
  const t0 = performance.now();
  // 50 rules' worth of each: a pattern × text matcher needs seconds (0.1 s per match measured).
  for (let i = 0; i < 50; i++) for (const p of patterns) assert.equal(globMatches(p, text), false);
  const ms = performance.now() - t0;
  assert.ok(ms < 2_000, `200 matches over 100 KB in ${ms.toFixed(0)} ms`);
});
