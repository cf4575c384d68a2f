import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shownEvent } from './shown-event.js';
import type { EventRecord } from './types.js';

const event = (eventId: string) => ({ eventId }) as EventRecord;

test('the named event once it has arrived, never the previous one in its place; else the latest', () => {
  assert.equal(shownEvent('b', event('b'), event('z'))?.eventId, 'b');
  assert.equal(shownEvent('b', event('a'), event('z')), undefined, 'a pager step still loading');
  assert.equal(shownEvent(undefined, event('a'), event('z'))?.eventId, 'z');
  assert.equal(shownEvent(undefined, undefined, null), undefined);
});
