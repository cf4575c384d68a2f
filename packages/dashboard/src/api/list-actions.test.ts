import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBulk } from './bulk.js';
import { appendPage, pagerPosition } from './event-pager.js';
import { formFromSettings, listOf, settingsFromForm } from './project-settings.js';
import type { EventSummary } from './types.js';

test('bulk: bounded concurrency, every id tried, failures kept', async () => {
  let running = 0;
  let peak = 0;
  const result = await runBulk(
    [1, 2, 3, 4, 5, 6, 7],
    async (id) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (id % 3 === 0) throw new Error(`no ${id}`);
    },
    2,
  );
  assert.equal(peak, 2);
  assert.deepEqual([...result.done].sort(), [1, 2, 4, 5, 7]);
  assert.deepEqual(result.failed.map((f) => f.id).sort(), [3, 6]);
  assert.deepEqual(await runBulk([], async () => undefined, 4), { done: [], failed: [] });
});

const summary = (eventId: string) => ({ eventId }) as EventSummary;

test('event pager: newer and older around the shown event; more pages appended once', () => {
  const page = { items: [summary('a'), summary('b'), summary('c')], nextCursor: 'next' };
  assert.deepEqual(pagerPosition(page, undefined), {
    index: 0,
    loaded: 3,
    more: true,
    newer: undefined,
    older: 'b',
  });
  assert.deepEqual(pagerPosition(page, 'b'), { index: 1, loaded: 3, more: true, newer: 'a', older: 'c' });
  assert.deepEqual(pagerPosition(page, 'c'), {
    index: 2,
    loaded: 3,
    more: true,
    newer: 'b',
    older: undefined,
  });
  assert.equal(pagerPosition(page, 'zzz').index, -1);
  const both = appendPage(page, { items: [summary('c'), summary('d')], nextCursor: null });
  assert.deepEqual(
    both.items.map((e) => e.eventId),
    ['a', 'b', 'c', 'd'],
  );
  assert.equal(pagerPosition(both, 'c').older, 'd');
  assert.equal(pagerPosition(both, 'c').more, false);
});

test('settings form: lists per line, a rate limit or none, problems named', () => {
  assert.deepEqual(listOf(' https://a.example \n\nhttps://b.example, https://a.example\n'), [
    'https://a.example',
    'https://b.example',
  ]);
  const ok = settingsFromForm({
    allowedOrigins: '*.example.com\n',
    rateLimitPerMinute: ' 600 ',
    scrubKeys: 'ssn\npin',
  });
  assert.deepEqual(ok, {
    ok: true,
    settings: { allowedOrigins: ['*.example.com'], rateLimitPerMinute: 600, scrubKeys: ['ssn', 'pin'] },
  });
  assert.deepEqual(settingsFromForm({ allowedOrigins: '', rateLimitPerMinute: '', scrubKeys: '' }), {
    ok: true,
    settings: { allowedOrigins: [], rateLimitPerMinute: null, scrubKeys: [] },
  });
  for (const rateLimitPerMinute of ['0', '-1', '1.5', 'lots'])
    assert.equal(
      settingsFromForm({ allowedOrigins: '', rateLimitPerMinute, scrubKeys: '' }).ok,
      false,
      rateLimitPerMinute,
    );
  const many = settingsFromForm({
    allowedOrigins: Array.from({ length: 201 }, (_, i) => `h${i}`).join('\n'),
    rateLimitPerMinute: '',
    scrubKeys: '',
  });
  assert.equal(many.ok, false);
  const spaced = settingsFromForm({ allowedOrigins: '', rateLimitPerMinute: '', scrubKeys: 'a\tb' });
  assert.ok(!spaced.ok && /space/.test(spaced.problem));
  const settings = { allowedOrigins: ['https://a.example'], rateLimitPerMinute: 60, scrubKeys: ['ssn'] };
  const round = settingsFromForm(formFromSettings(settings));
  assert.deepEqual(round, { ok: true, settings });
});
