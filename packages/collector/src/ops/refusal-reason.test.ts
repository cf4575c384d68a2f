import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refusalReason } from './refusal-reason.js';

test('refusals map to a fixed set of reasons, whatever their text', () => {
  assert.equal(refusalReason(403, 'unknown DSN public key'), 'forbidden');
  assert.equal(refusalReason(429, 'project 1 is over its limit of 10 events per minute'), 'rate_limited');
  assert.equal(
    refusalReason(429, 'collector overloaded: write queue holds MAX_QUEUED_BATCHES (2000) batches'),
    'overload_queue',
  );
  assert.equal(
    refusalReason(429, 'collector overloaded: too many request bytes in flight'),
    'overload_memory',
  );
  assert.equal(
    refusalReason(
      429,
      'collector overloaded: event-loop delay 300 ms is past ADMISSION_EVENT_LOOP_DELAY_MS (100)',
    ),
    'overload_cpu',
  );
  assert.equal(refusalReason(503, 'collector is shutting down'), 'shutting_down');
  assert.equal(refusalReason(503, 'store unavailable: the events were not saved'), 'store_unavailable');
  assert.equal(refusalReason(418, 'a "teapot"\n{}'), 'other');
});
