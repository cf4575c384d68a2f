import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alertsHref,
  issueHref,
  issuesHref,
  parseRoute,
  ratesHref,
  releaseIssuesHref,
  releasesHref,
  settingsHref,
  traceHref,
} from './routes.js';

test('every page parses from its URL, and the hrefs parse back', () => {
  assert.deepEqual(parseRoute('/', ''), {
    name: 'issues',
    projectId: undefined,
    filters: { status: 'unresolved' },
  });
  assert.deepEqual(parseRoute('/issues/12', '?event=abc'), { name: 'issue', issueId: 12, eventId: 'abc' });
  assert.deepEqual(parseRoute('/rates', '?by=release&since=7d'), {
    name: 'rates',
    projectId: undefined,
    view: { by: 'release', since: '7d' },
  });
  assert.deepEqual(parseRoute('/releases/', ''), { name: 'releases', projectId: undefined });
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
    projectId: undefined,
    view: { by: 'route', since: '1h', release: 'a b' },
  });
  assert.deepEqual(round(settingsHref(2)), { name: 'settings', projectId: 2 });
  assert.deepEqual(round(releaseIssuesHref('shop@1.4.2&x=1')), {
    name: 'issues',
    projectId: undefined,
    filters: { release: 'shop@1.4.2&x=1' },
  });
  assert.equal(traceHref('javascript:alert(1)'), undefined);
  assert.equal(traceHref(traceId), `/traces/${traceId.toLowerCase()}`);
});

test('the issue list, rates and releases read project= from the URL; their hrefs write it first', () => {
  assert.deepEqual(parseRoute('/issues', '?project=2&route=%2Fa&category=timeout'), {
    name: 'issues',
    projectId: 2,
    filters: { status: 'unresolved', route: '/a', category: 'timeout' },
  });
  assert.deepEqual(parseRoute('/rates', '?project=3'), {
    name: 'rates',
    projectId: 3,
    view: { by: 'route', since: '24h', auto: true },
  });
  assert.deepEqual(parseRoute('/releases', '?project=4'), { name: 'releases', projectId: 4 });
  for (const bad of ['0', '-1', 'x', '1e3', '9999999999999999'])
    assert.equal(
      (parseRoute('/issues', `?project=${bad}`) as { projectId?: number }).projectId,
      undefined,
      bad,
    );
  assert.equal(parseRoute('/issues/5', '?project=2').name, 'issue', 'an issue page needs no project');

  assert.equal(issuesHref({ status: 'unresolved' }), '/issues');
  assert.equal(issuesHref({ status: 'unresolved' }, 2), '/issues?project=2');
  assert.equal(
    issuesHref({ route: '/items/:id', category: 'bug' }, 2),
    '/issues?project=2&status=all&route=%2Fitems%2F%3Aid&category=bug',
  );
  assert.equal(ratesHref({ by: 'release', since: '7d' }, 2), '/rates?project=2&by=release&since=7d');
  assert.equal(releasesHref(), '/releases');
  assert.equal(releasesHref(3), '/releases?project=3');
  assert.equal(releaseIssuesHref('r1', 3), '/issues?project=3&status=all&release=r1');
  assert.equal(settingsHref(), '/settings');
  const round = (href: string) => {
    const url = new URL(href, 'http://x.invalid');
    return parseRoute(url.pathname, url.search);
  };
  const filters = {
    status: 'resolved' as const,
    route: 'GET /a&b',
    category: 'dependency' as const,
    text: 'x',
  };
  assert.deepEqual(round(issuesHref(filters, 7)), { name: 'issues', projectId: 7, filters });
  assert.deepEqual(round(releasesHref(7)), { name: 'releases', projectId: 7 });
  assert.deepEqual(round(releasesHref(7, 'shop@2&x=1')), {
    name: 'releases',
    projectId: 7,
    release: 'shop@2&x=1',
  });
  assert.deepEqual(parseRoute('/issues/4', '?mute=24h'), {
    name: 'issue',
    issueId: 4,
    eventId: undefined,
    mute: '24h',
  });
  assert.deepEqual(parseRoute('/issues/4', '?mute=1y'), { name: 'issue', issueId: 4, eventId: undefined });
});

test('the Alerts page: its project and the rule picked, from the URL and back', () => {
  assert.deepEqual(parseRoute('/alerts', ''), { name: 'alerts', projectId: undefined, ruleId: undefined });
  assert.deepEqual(parseRoute('/alerts', '?project=2&rule=7'), { name: 'alerts', projectId: 2, ruleId: 7 });
  assert.deepEqual(parseRoute('/alerts', '?rule=0'), {
    name: 'alerts',
    projectId: undefined,
    ruleId: undefined,
  });
  assert.deepEqual(parseRoute('/alerts', '?rule=x'), {
    name: 'alerts',
    projectId: undefined,
    ruleId: undefined,
  });
  assert.equal(alertsHref(2, 7), '/alerts?project=2&rule=7');
  assert.equal(alertsHref(undefined, 7), '/alerts?rule=7');
  assert.equal(alertsHref(), '/alerts');
});
