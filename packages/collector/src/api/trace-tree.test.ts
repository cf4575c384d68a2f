import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTraceTree, type TraceEventInfo } from './trace-tree.js';

let n = 0;
function ev(
  service: string,
  spanId: string,
  parentSpanId: string | null,
  extra: Partial<TraceEventInfo> = {},
): TraceEventInfo {
  n++;
  return {
    eventId: `e${n}`,
    issueId: n,
    spanId,
    parentSpanId,
    service,
    title: `${service} failed`,
    timestamp: 1000 + n,
    category: 'dependency',
    status: 503,
    downstreamSpans: [],
    ...extra,
  };
}

const names = (node: { service: string | null; children: any[] }): unknown[] => [
  node.service,
  ...node.children.map(names),
];

test('linked through attempt spans, the deepest failing service is the origin', () => {
  const a = ev('a', 'aaaaaaaaaaaaaaaa', null, { downstreamSpans: ['a1a1a1a1a1a1a1a1', 'a2a2a2a2a2a2a2a2'] });
  const b = ev('b', 'bbbbbbbbbbbbbbbb', 'a2a2a2a2a2a2a2a2', { downstreamSpans: ['b1b1b1b1b1b1b1b1'] });
  const c = ev('c', 'cccccccccccccccc', 'b1b1b1b1b1b1b1b1', { category: 'dependency' });
  // Stored oldest first: C failed first, but the order must not matter.
  const tree = buildTraceTree([a, c, b], []);
  assert.equal(tree.roots.length, 1);
  assert.deepEqual(names(tree.roots[0]!), ['a', ['b', ['c']]]);
  assert.equal(tree.origin?.service, 'c');
  assert.equal(tree.origin?.category, 'dependency');
  assert.equal(tree.roots[0]?.children[0]?.children[0]?.origin, true);
});

test('a direct parent span link works without attempt spans', () => {
  const a = ev('a', 'aaaaaaaaaaaaaaaa', null);
  const b = ev('b', 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa', { category: 'timeout', status: 504 });
  const tree = buildTraceTree([a, b], []);
  assert.equal(tree.origin?.service, 'b');
  assert.equal(tree.origin?.category, 'timeout');
  assert.equal(tree.origin?.status, 504);
});

test('unlinked services fall back to the oldest failure among the leaves', () => {
  const late = ev('a', 'aaaaaaaaaaaaaaaa', '1111111111111111', { timestamp: 5000 });
  const early = ev('c', 'cccccccccccccccc', '2222222222222222', { timestamp: 1000 });
  const tree = buildTraceTree([late, early], []);
  assert.equal(tree.roots.length, 2);
  assert.equal(tree.origin?.service, 'c');
});

test('a healthy transaction under a failing span does not take the origin', () => {
  const a = ev('a', 'aaaaaaaaaaaaaaaa', null);
  const tree = buildTraceTree(
    [a],
    [
      {
        spanId: 'dddddddddddddddd',
        parentSpanId: 'aaaaaaaaaaaaaaaa',
        service: 'd',
        name: 'GET /x',
        op: 'http.server',
        status: 'ok',
        httpStatus: 200,
        durationMs: 3,
        timestamp: 900,
      },
    ],
  );
  assert.deepEqual(names(tree.roots[0]!), ['a', ['d']]);
  assert.equal(tree.origin?.service, 'a');
});

test('hostile span ids: a cycle is cut, self-parenting is a root, nothing loops', () => {
  const x = ev('x', 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb');
  const y = ev('y', 'bbbbbbbbbbbbbbbb', 'aaaaaaaaaaaaaaaa');
  const self = ev('s', 'cccccccccccccccc', 'cccccccccccccccc');
  const tree = buildTraceTree([x, y, self], []);
  const count = (node: any): number => 1 + node.children.reduce((k: number, c: any) => k + count(c), 0);
  assert.equal(
    tree.roots.reduce((k, r) => k + count(r), 0),
    3,
    'every node appears once',
  );
  assert.ok(tree.origin);
});

test('no failing span: no origin', () => {
  const tree = buildTraceTree(
    [],
    [
      {
        spanId: 'dddddddddddddddd',
        parentSpanId: null,
        service: 'd',
        name: null,
        op: null,
        status: 'ok',
        httpStatus: 200,
        durationMs: 1,
        timestamp: 1,
      },
    ],
  );
  assert.equal(tree.origin, null);
  assert.equal(tree.roots.length, 1);
});
