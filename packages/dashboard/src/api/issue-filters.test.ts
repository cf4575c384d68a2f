import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filtersFromQuery, filtersToApiQuery, filtersToQuery } from './issue-filters.js';

test('page URL ↔ filters round-trips; unknown values fall back to defaults', () => {
  const filters = filtersFromQuery(new URLSearchParams('status=resolved&q=timeout&release=a@1&sort=count'));
  assert.deepEqual(filters, { status: 'resolved', release: 'a@1', text: 'timeout', sort: 'count' });
  assert.deepEqual(filtersFromQuery(filtersToQuery(filters)), filters);
  assert.deepEqual(filtersFromQuery(new URLSearchParams('status=bogus&sort=evil')), { status: 'unresolved' });
  assert.deepEqual(filtersFromQuery(new URLSearchParams('status=all')), {});
  assert.equal(filtersToQuery({ status: 'unresolved' }).toString(), '');
});

test('the API query uses the read API names', () => {
  const q = filtersToApiQuery({ status: 'ignored', text: 'x', environment: 'prod' });
  assert.equal(q.get('query'), 'x');
  assert.equal(q.get('status'), 'ignored');
  assert.equal(q.get('environment'), 'prod');
  assert.equal(q.get('limit'), '50');
  assert.equal(q.get('statsPeriod'), '24h', 'the rows draw sparklines of the last day');
});
