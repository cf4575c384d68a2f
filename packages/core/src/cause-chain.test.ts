import assert from 'node:assert/strict';
import { test } from 'node:test';
import { causeChain, flattenErrorTree } from './cause-chain.js';
import { MAX_CAUSE_DEPTH } from './limits.js';

test('causeChain: outermost first, stops at cycles and the bound', () => {
  const root = new Error('root');
  const mid = new Error('mid', { cause: root });
  const top = new Error('top', { cause: mid });
  assert.deepEqual(causeChain(top), [top, mid, root]);
  (root as { cause?: unknown }).cause = top;
  assert.deepEqual(causeChain(top), [top, mid, root]);
  let deep = new Error('0');
  for (let i = 1; i < 50; i++) deep = new Error(String(i), { cause: deep });
  assert.equal(causeChain(deep).length, MAX_CAUSE_DEPTH);
});

test('flattenErrorTree: AggregateError children and causes in Sentry order (thrown error last)', () => {
  const a = new Error('a');
  const b = new Error('b', { cause: new Error('b-cause') });
  const agg = new AggregateError([a, b], 'all failed');
  const nodes = flattenErrorTree(agg);
  const last = nodes.at(-1);
  assert.equal(last?.error, agg);
  assert.equal(last?.id, 0);
  assert.equal(last?.isGroup, true);
  const byMessage = new Map(nodes.map((n) => [(n.error as Error).message, n]));
  assert.equal(byMessage.get('a')?.parentId, 0);
  assert.equal(byMessage.get('a')?.source, 'errors[0]');
  assert.equal(byMessage.get('b-cause')?.parentId, byMessage.get('b')?.id);
  assert.equal(byMessage.get('b-cause')?.source, 'cause');
});

test('flattenErrorTree: an AggregateError that contains itself terminates', () => {
  const agg = new AggregateError([], 'self');
  (agg as { errors: unknown[] }).errors = [agg, agg];
  assert.equal(flattenErrorTree(agg).length, 1);
});

test('flattenErrorTree: an `errors` that is a revoked Proxy does not throw', () => {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  const e = Object.assign(new Error('x'), { errors: proxy });
  assert.equal(flattenErrorTree(e).length, 1);
});
