import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundTrace } from './trace-layout.js';
import type { TraceNode } from './types.js';

const node = (spanId: string, children: TraceNode[] = []): TraceNode => ({
  spanId,
  parentSpanId: null,
  service: spanId,
  events: [],
  transaction: null,
  failing: false,
  origin: false,
  children,
});

test('an ordinary tree is shown whole', () => {
  const shown = boundTrace([node('a', [node('b', [node('c')]), node('d')])], 32, 1000);
  assert.equal(shown.hidden, 0);
  assert.deepEqual(
    shown.roots[0]?.children.map((c) => c.node.spanId),
    ['b', 'd'],
  );
  assert.equal(shown.roots[0]?.children[0]?.children[0]?.node.spanId, 'c');
});

test('depth and node bounds cut the tree and count what they cut', () => {
  let chain = node('n9');
  for (let i = 8; i >= 0; i--) chain = node(`n${i}`, [chain]);
  const deep = boundTrace([chain], 3, 1000);
  assert.equal(deep.hidden, 7);
  assert.equal(deep.roots[0]?.children[0]?.children[0]?.hidden, 7);
  const wide = boundTrace(
    [
      node(
        'r',
        Array.from({ length: 10 }, (_, i) => node(`c${i}`)),
      ),
    ],
    32,
    4,
  );
  assert.equal(wide.roots[0]?.children.length, 3);
  assert.equal(wide.roots[0]?.hidden, 7);
  assert.equal(wide.hidden, 7);
});

test('a node reachable twice (or a cycle) is shown once', () => {
  const shared = node('s');
  const a = node('a', [shared]);
  const b = node('b', [shared]);
  a.children.push(a);
  const shown = boundTrace([a, b], 32, 1000);
  assert.equal(shown.roots.length, 2);
  assert.equal(shown.roots[0]?.children.length, 1);
  assert.equal(shown.roots[1]?.children.length, 0);
});
