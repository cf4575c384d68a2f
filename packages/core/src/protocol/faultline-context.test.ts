import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downstreamSpansOf } from './faultline-context.js';

test('downstream spans: well-formed ids only, deduplicated, bounded', () => {
  const good = ['b7ad6b7169203331', '00f067aa0ba902b7'];
  const event = {
    contexts: { faultline: { downstream_spans: [good[0], 'XYZ', 42, good[0], good[1], 'b7ad6b716920333'] } },
  };
  assert.deepEqual(downstreamSpansOf(event, 10), good);
  assert.deepEqual(downstreamSpansOf(event, 1), [good[0]]);
  for (const v of [
    null,
    'x',
    {},
    { contexts: [] },
    { contexts: { faultline: { downstream_spans: 'b7ad6b7169203331' } } },
  ])
    assert.deepEqual(downstreamSpansOf(v, 10), []);
});
