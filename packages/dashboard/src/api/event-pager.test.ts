import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextMatches } from './event-pager.js';
import type { EventSummary, Page } from './types.js';

const summary = (id: string) => ({ eventId: id }) as EventSummary;

test('a filtered search follows empty pages with a cursor to the next match, a bounded number of them', async () => {
  const pages: Record<string, Page<EventSummary>> = {
    first: { items: [], nextCursor: 'c1' },
    c1: { items: [], nextCursor: 'c2' },
    c2: { items: [summary('e9')], nextCursor: 'c3' },
    c3: { items: [], nextCursor: null },
  };
  const asked: string[] = [];
  const fetchPage = async (cursor: string | undefined) => {
    asked.push(cursor ?? 'first');
    return pages[cursor ?? 'first'] as Page<EventSummary>;
  };
  assert.deepEqual(await nextMatches(fetchPage, undefined, 10), pages.c2);
  assert.deepEqual(asked, ['first', 'c1', 'c2']);
  asked.length = 0;
  assert.deepEqual(await nextMatches(fetchPage, undefined, 1), pages.c1, 'gives up after maxEmpty');
  assert.deepEqual(asked, ['first', 'c1']);
  assert.deepEqual(await nextMatches(fetchPage, 'c3', 10), pages.c3, 'the end: empty, no cursor');
});
