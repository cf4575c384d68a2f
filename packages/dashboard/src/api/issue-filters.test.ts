import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorCategory } from '@faultline/core';
import {
  filtersFromQuery,
  filtersToApiQuery,
  filtersToQuery,
  ISSUE_CATEGORIES,
  type IssueCategory,
  narrowsList,
} from './issue-filters.js';

// Every category core's classification reports is offered (compile-time: a new one fails here).
const offersEveryCategory: [Exclude<ErrorCategory, IssueCategory>] extends [never] ? true : false = true;

test('page URL ↔ filters round-trips; unknown values fall back to defaults', () => {
  const filters = filtersFromQuery(new URLSearchParams('status=resolved&q=timeout&release=a@1&sort=count'));
  assert.deepEqual(filters, { status: 'resolved', release: 'a@1', text: 'timeout', sort: 'count' });
  assert.deepEqual(filtersFromQuery(filtersToQuery(filters)), filters);
  assert.deepEqual(filtersFromQuery(new URLSearchParams('status=bogus&sort=evil')), { status: 'unresolved' });
  assert.deepEqual(filtersFromQuery(new URLSearchParams('status=all')), {});
  assert.equal(filtersToQuery({ status: 'unresolved' }).toString(), '');
});

test('route and category live in the URL as route= and category=', () => {
  const filters = filtersFromQuery(new URLSearchParams('route=%2Fitems%2F%3Aid%2Ffail&category=dependency'));
  assert.deepEqual(filters, { status: 'unresolved', route: '/items/:id/fail', category: 'dependency' });
  const query = filtersToQuery(filters);
  assert.equal(query.get('route'), '/items/:id/fail');
  assert.equal(query.get('category'), 'dependency');
  assert.deepEqual(filtersFromQuery(query), filters);
  assert.deepEqual(
    filtersFromQuery(new URLSearchParams('route=%20%20&category=evil')),
    { status: 'unresolved' },
    'a blank route and a category Faultline never sends are dropped',
  );
  assert.equal(filtersFromQuery(new URLSearchParams('route=%20GET%20/a%20')).route, 'GET /a', 'trimmed');
  assert.ok(offersEveryCategory);
  assert.equal(new Set(ISSUE_CATEGORIES).size, ISSUE_CATEGORIES.length);
  for (const category of ISSUE_CATEGORIES)
    assert.equal(filtersFromQuery(new URLSearchParams({ category })).category, category);
});

test('the API query uses the read API names', () => {
  const q = filtersToApiQuery({ status: 'ignored', text: 'x', environment: 'prod' });
  assert.equal(q.get('query'), 'x');
  assert.equal(q.get('status'), 'ignored');
  assert.equal(q.get('environment'), 'prod');
  assert.equal(q.get('limit'), '50');
  assert.equal(q.get('statsPeriod'), '24h', 'the rows draw sparklines of the last day');
  assert.deepEqual(q.getAll('tag'), [], 'no tag filter unless asked');
});

test('route and category go to the API as one tag parameter each (key:value)', () => {
  const q = filtersToApiQuery({ route: 'GET /a:b', category: 'missing-resource' });
  assert.deepEqual(q.getAll('tag'), ['route:GET /a:b', 'category:missing-resource']);
  assert.equal(q.get('route'), null, 'route is a tag, not a parameter of its own');
  assert.equal(q.get('category'), null);
  assert.match(q.toString(), /tag=route%3AGET\+%2Fa%3Ab&tag=category%3Amissing-resource/);
  assert.deepEqual(filtersToApiQuery({ category: 'bug' }).getAll('tag'), ['category:bug']);
});

test('an empty list is "no match" only when a filter beyond the status narrows it', () => {
  assert.equal(narrowsList({ status: 'unresolved', sort: 'count' }), false);
  assert.equal(narrowsList({}), false);
  assert.equal(narrowsList({ status: 'unresolved', route: '/a' }), true);
  assert.equal(narrowsList({ status: 'unresolved', category: 'timeout' }), true);
  assert.equal(narrowsList({ text: 'x' }), true);
});

test('"Assigned to me" is assigned=me in the page URL and in the API query, and narrows the list', () => {
  const filters = filtersFromQuery(new URLSearchParams('assigned=me'));
  assert.equal(filters.assignedToMe, true);
  assert.equal(filtersToQuery(filters).get('assigned'), 'me');
  assert.equal(filtersToApiQuery(filters).get('assigned'), 'me');
  assert.equal(narrowsList(filters), true);
  assert.equal(filtersFromQuery(new URLSearchParams('assigned=someone')).assignedToMe, undefined);
  assert.equal(filtersToApiQuery({}).get('assigned'), null);
});
