import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueHref, parseRoute, ratesHref, releaseIssuesHref, settingsHref, traceHref } from './routes.js';

test('every page parses from its URL, and the hrefs parse back', () => {
  assert.deepEqual(parseRoute('/', ''), { name: 'issues', filters: { status: 'unresolved' } });
  assert.deepEqual(parseRoute('/issues/12', '?event=abc'), { name: 'issue', issueId: 12, eventId: 'abc' });
  assert.deepEqual(parseRoute('/rates', '?by=release&since=7d'), {
    name: 'rates',
    view: { by: 'release', since: '7d' },
  });
  assert.deepEqual(parseRoute('/releases/', ''), { name: 'releases' });
  const traceId = '4BF92F3577B34DA6A3CE929D0E0E4736';
  assert.deepEqual(parseRoute(`/traces/${traceId}`, ''), { name: 'trace', traceId: traceId.toLowerCase() });
  assert.equal(parseRoute('/traces/nothex', '').name, 'not-found');
  assert.deepEqual(parseRoute('/settings', '?project=3'), { name: 'settings', projectId: 3 });
  assert.deepEqual(parseRoute('/settings', '?project=x'), { name: 'settings', projectId: undefined });
  assert.equal(parseRoute('/nope', '').name, 'not-found');
  const round = (href: string) => {
    const url = new URL(href, 'http://x.invalid');
    return parseRoute(url.pathname, url.search);
  };
  assert.deepEqual(round(issueHref(3, 'e&x')), { name: 'issue', issueId: 3, eventId: 'e&x' });
  assert.deepEqual(round(ratesHref({ by: 'route', since: '1h', release: 'a b' })), {
    name: 'rates',
    view: { by: 'route', since: '1h', release: 'a b' },
  });
  assert.deepEqual(round(settingsHref(2)), { name: 'settings', projectId: 2 });
  assert.deepEqual(round(releaseIssuesHref('shop@1.4.2&x=1')), {
    name: 'issues',
    filters: { release: 'shop@1.4.2&x=1' },
  });
  assert.equal(traceHref('javascript:alert(1)'), undefined);
  assert.equal(traceHref(traceId), `/traces/${traceId.toLowerCase()}`);
});
