import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  filteredCounts,
  filtersFromForm,
  formFromFilters,
  type InboundFiltersForm,
} from './inbound-filters-form.js';

const blank: InboundFiltersForm = {
  errorMessages: '',
  releases: '',
  environments: '',
  clientIps: '',
  webCrawlers: false,
  localhost: false,
};

test('one entry per line; message patterns keep their commas and spaces', () => {
  const r = filtersFromForm({
    ...blank,
    errorMessages: ' *socket hang up, ECONNRESET* \n\n*timeout*\n*timeout*',
    environments: 'staging\ndev',
    webCrawlers: true,
  });
  assert.deepEqual(r, {
    ok: true,
    filters: {
      errorMessages: ['*socket hang up, ECONNRESET*', '*timeout*'],
      releases: [],
      environments: ['staging', 'dev'],
      clientIps: [],
      webCrawlers: true,
      localhost: false,
    },
  });
  if (r.ok) assert.deepEqual(filtersFromForm(formFromFilters(r.filters)), r, 'the form round-trips');
});

test('problems a person can fix are named before anything is sent', () => {
  assert.deepEqual(filtersFromForm({ ...blank, clientIps: '10.0.0.0 /8' }), {
    ok: false,
    problem: 'client IPs: "10.0.0.0 /8" contains a space',
  });
  const many = Array.from({ length: 51 }, (_, i) => `r${i}`).join('\n');
  assert.match((filtersFromForm({ ...blank, releases: many }) as { problem: string }).problem, /at most 50/);
  assert.match(
    (filtersFromForm({ ...blank, errorMessages: 'x'.repeat(201) }) as { problem: string }).problem,
    /longer than 200/,
  );
});

test('filtered counts: only the collector’s filtered reasons, in words, most first', () => {
  assert.deepEqual(
    filteredCounts([
      { source: 'collector', reason: 'filtered:localhost', category: 'item', quantity: 2 },
      { source: 'client', reason: 'sample_rate', category: 'error', quantity: 90 },
      { source: 'collector', reason: 'attachment_too_large', category: 'item', quantity: 1 },
      { source: 'collector', reason: 'filtered:web-crawlers', category: 'item', quantity: 7 },
      { source: 'collector', reason: 'filtered:something-new', category: 'item', quantity: 1 },
    ]),
    [
      ['web crawler', 7],
      ['localhost', 2],
      ['something-new', 1],
    ],
  );
});
