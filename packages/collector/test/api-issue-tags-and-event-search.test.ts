/**
 * Issue 19 §1: an issue's tag facets (GET /api/v1/issues/:id/tags) and its events searched
 * (GET /api/v1/issues/:id/events?release=&environment=&tag=&query=&from=&to=). N events with
 * known tags go through real ingest (envelopes over HTTP) into SQLite and, with
 * FAULTLINE_TEST_PG_URL, PostgreSQL; the facets' counts and shares are exact, every filter and
 * their combinations return exactly the expected events, newest first, across pages, tags sent in
 * both forms SDKs use (an object, a list of pairs) are found, and bad filters are precise 400s.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { MAX_FACET_VALUES, MAX_TAG_FILTERS } from '../src/limits.js';

const N = 24;
const MINUTE_MS = 60_000;
/** Event i happens at BASE + i minutes: event 23 is the newest. */
const BASE = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 3 * 60 * MINUTE_MS;

interface Spec {
  i: number;
  release: string;
  environment: string;
  tags: Record<string, string>;
  /** Tags sent as `[key, value]` pairs instead of an object. */
  pairs: boolean;
  message?: string;
  logentry?: string;
  cause?: string;
}

const SPECS: Spec[] = Array.from({ length: N }, (_, i) => ({
  i,
  release: i < 6 ? 'shop@1.0' : 'shop@2.0',
  environment: i % 6 === 0 ? 'staging' : 'production',
  tags: {
    route: i % 2 === 0 ? 'GET /a' : i % 3 === 0 ? 'POST /c' : 'GET /b',
    browser: i % 8 < 5 ? 'Chrome' : 'Firefox',
    tenant: `t${i % 12}`,
  },
  pairs: i % 4 === 3,
  ...(i % 5 === 0 ? { message: 'retry budget exhausted' } : {}),
  ...(i % 7 === 0 ? { logentry: 'cache miss storm' } : {}),
  ...(i % 9 === 0 ? { cause: 'disk quota reached' } : {}),
}));

const eventIdOf = (n: number, prefix = 'a') => `${prefix}${n.toString(16).padStart(31, '0')}`;

function payload(s: Spec): Record<string, unknown> {
  const thrown = { type: 'TypeError', value: 'cart is undefined' };
  return {
    event_id: eventIdOf(s.i),
    timestamp: (BASE + s.i * MINUTE_MS) / 1000,
    level: 'error',
    platform: 'node',
    release: s.release,
    environment: s.environment,
    fingerprint: ['tag-facets'],
    tags: s.pairs ? Object.entries(s.tags) : s.tags,
    exception: {
      values: s.cause === undefined ? [thrown] : [{ type: 'CauseError', value: s.cause }, thrown],
    },
    ...(s.message === undefined ? {} : { message: s.message }),
    ...(s.logentry === undefined ? {} : { logentry: { formatted: s.logentry } }),
  };
}

function envelopeOf(event: Record<string, unknown>): string {
  const body = JSON.stringify(event);
  return [
    JSON.stringify({ event_id: event.event_id, sent_at: new Date().toISOString() }),
    JSON.stringify({ type: 'event', length: Buffer.byteLength(body) }),
    body,
    '',
  ].join('\n');
}

/** The event ids of the specs kept by `keep`, newest first: what every search must answer. */
const expected = (keep: (s: Spec) => boolean) =>
  SPECS.filter(keep)
    .sort((a, b) => b.i - a.i)
    .map((s) => eventIdOf(s.i));

/** Expected facet of a key: every value's count, commonest first, ties by value. */
function facetOf(pick: (s: Spec) => string) {
  const counts = new Map<string, number>();
  for (const s of SPECS) counts.set(pick(s), (counts.get(pick(s)) ?? 0) + 1);
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([value, count]) => ({ value, count, share: count / N }));
}

forEachEngine((engine) => {
  describe(`issue tag facets and event search (${engine.name})`, () => {
    let c: TestCollector;
    let issueId: number;
    let otherIssueId: number;

    const get = async (path: string) => {
      const res = await fetch(`${c.url}${path}`, { headers: { authorization: `Bearer ${c.adminToken}` } });
      return { status: res.status, body: (await res.json()) as any };
    };
    /** Every page of a search, following nextCursor; the ids in order and the pages walked. */
    const walk = async (query: string, limit: number) => {
      const ids: string[] = [];
      let pages = 0;
      let cursor: string | null = null;
      do {
        const at: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const { status, body } = await get(`/api/v1/issues/${issueId}/events?${query}&limit=${limit}${at}`);
        assert.equal(status, 200, JSON.stringify(body));
        ids.push(...body.items.map((e: { eventId: string }) => e.eventId));
        cursor = body.nextCursor;
        pages++;
      } while (cursor !== null && pages <= N);
      return { ids, pages };
    };
    const search = async (query: string) => (await walk(query, 200)).ids;

    before(async () => {
      c = await startTestCollector({ engine });
      const key = new URL(c.dsn).username;
      const send = async (event: Record<string, unknown>) => {
        const res = await fetch(`${c.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
          method: 'POST',
          body: envelopeOf(event),
        });
        assert.equal(res.status, 200, await res.text());
      };
      for (const s of SPECS) await send(payload(s));
      // Another issue carrying the same tags: never among the first issue's events or facets.
      await send({
        ...payload({ ...SPECS[0]!, i: 0 }),
        event_id: eventIdOf(1, 'b'),
        fingerprint: ['another'],
      });
      const issues = await c.api('/api/v1/projects/1/issues');
      assert.equal(issues.items.length, 2);
      issueId = issues.items.find((i: { count: number }) => i.count === N).id;
      otherIssueId = issues.items.find((i: { count: number }) => i.count === 1).id;
    });
    after(() => c.close());

    it('facets: exact counts and shares, preferred keys first, the rest by total', async () => {
      const { items } = await c.api(`/api/v1/issues/${issueId}/tags`);
      const keys = items.map((f: { key: string }) => f.key);
      assert.deepEqual(keys.slice(0, 4), ['release', 'environment', 'route', 'browser']);
      const rest = items.slice(4).map((f: { total: number }) => f.total);
      assert.deepEqual(
        rest,
        [...rest].sort((a, b) => b - a),
        'after the preferred keys, by total',
      );
      assert.ok(keys.includes('tenant') && keys.includes('level'), keys.join());
      const values = (key: string) => {
        const facet = items.find((f: { key: string }) => f.key === key);
        assert.equal(facet.total, N, key);
        return facet.values.map((v: { value: string; count: number; share: number }) => ({
          value: v.value,
          count: v.count,
          share: v.share,
        }));
      };
      assert.deepEqual(
        values('release'),
        facetOf((s) => s.release),
      );
      assert.deepEqual(
        values('environment'),
        facetOf((s) => s.environment),
      );
      assert.deepEqual(
        values('route'),
        facetOf((s) => s.tags.route ?? ''),
      );
      assert.deepEqual(
        values('browser'),
        facetOf((s) => s.tags.browser ?? ''),
      );
      const tenants = facetOf((s) => s.tags.tenant ?? '');
      assert.equal(tenants.length, 12);
      assert.deepEqual(values('tenant'), tenants.slice(0, MAX_FACET_VALUES));
      const release = items.find((f: { key: string }) => f.key === 'release').values[0];
      assert.equal(release.firstSeen, new Date(BASE + 6 * MINUTE_MS).toISOString());
      assert.equal(release.lastSeen, new Date(BASE + 23 * MINUTE_MS).toISOString());
    });

    it('facets of one key (?key=) list more of its values', async () => {
      const { items } = await c.api(`/api/v1/issues/${issueId}/tags?key=tenant`);
      assert.equal(items.length, 1);
      assert.equal(items[0].values.length, 12);
      assert.deepEqual(
        items[0].values.map((v: { value: string; count: number }) => [v.value, v.count]),
        facetOf((s) => s.tags.tenant ?? '').map((v) => [v.value, v.count]),
      );
      assert.deepEqual((await c.api(`/api/v1/issues/${issueId}/tags?key=nothing`)).items, []);
      const other = await c.api(`/api/v1/issues/${otherIssueId}/tags?key=route`);
      assert.deepEqual(
        other.items[0].values.map((v: { count: number }) => v.count),
        [1],
      );
    });

    it('events by each filter alone', async () => {
      assert.deepEqual(
        await search(''),
        expected(() => true),
      );
      assert.deepEqual(
        await search('release=shop%401.0'),
        expected((s) => s.release === 'shop@1.0'),
      );
      assert.deepEqual(
        await search('environment=staging'),
        expected((s) => s.environment === 'staging'),
      );
      assert.deepEqual(
        await search(`tag=${encodeURIComponent('route:GET /b')}`),
        expected((s) => s.tags.route === 'GET /b'),
      );
      // t3 and t15 were sent as pairs, t0 and t12 as an object.
      assert.deepEqual(
        await search('tag=tenant:t3'),
        expected((s) => s.tags.tenant === 't3'),
      );
      assert.deepEqual(
        await search('tag=tenant:t0'),
        expected((s) => s.tags.tenant === 't0'),
      );
      assert.deepEqual(
        await search('tag=release:shop%402.0'),
        expected((s) => s.release === 'shop@2.0'),
      );
      assert.deepEqual(
        await search('tag=level:error'),
        expected(() => true),
      );
      assert.deepEqual(
        await search(`from=${BASE + 10 * MINUTE_MS}&to=${new Date(BASE + 15 * MINUTE_MS).toISOString()}`),
        expected((s) => s.i >= 10 && s.i < 15),
      );
    });

    it('text search reads the title, the message, the logentry and every exception value', async () => {
      assert.deepEqual(
        await search('query=BUDGET'),
        expected((s) => s.message !== undefined),
      );
      assert.deepEqual(
        await search('query=miss%20storm'),
        expected((s) => s.logentry !== undefined),
      );
      assert.deepEqual(
        await search('query=quota'),
        expected((s) => s.cause !== undefined),
      );
      assert.deepEqual(
        await search('query=typeerror'),
        expected(() => true),
      );
      assert.deepEqual(await search('query=nowhere%20at%20all'), []);
    });

    it('combined filters, and values the issue never carried', async () => {
      assert.deepEqual(
        await search(
          `release=shop%402.0&environment=production&tag=browser:Firefox&tag=${encodeURIComponent('route:GET /b')}`,
        ),
        expected(
          (s) =>
            s.release === 'shop@2.0' &&
            s.environment === 'production' &&
            s.tags.browser === 'Firefox' &&
            s.tags.route === 'GET /b',
        ),
      );
      assert.deepEqual(
        await search(`tag=browser:Chrome&query=budget&from=${BASE + 4 * MINUTE_MS}`),
        expected((s) => s.tags.browser === 'Chrome' && s.message !== undefined && s.i >= 4),
      );
      assert.deepEqual(await search('tag=browser:Opera'), []);
      assert.deepEqual(await search('tag=nokey:x'), []);
      assert.deepEqual(await search('release=shop%401.0&tag=tenant:t11'), [], 't11 is event 11, of 2.0');
    });

    it('pages walk the filtered events in order, whatever the page size', async () => {
      const production = expected((s) => s.environment === 'production');
      const paged = await walk('environment=production', 5);
      assert.deepEqual(paged.ids, production);
      assert.equal(paged.pages, Math.ceil(production.length / 5));
      const chrome = expected((s) => s.release === 'shop@2.0' && s.tags.browser === 'Chrome');
      const combined = await walk(`release=shop%402.0&tag=browser:Chrome`, 3);
      assert.deepEqual(combined.ids, chrome);
      assert.equal(combined.pages, Math.ceil(chrome.length / 3));
      const tenant = await walk('tag=tenant:t3', 1);
      assert.deepEqual(
        tenant.ids,
        expected((s) => s.tags.tenant === 't3'),
      );
    });

    it('a payload filter reads a bounded number of events per page; the cursor goes on from the last read', async () => {
      const scanLimit = 4;
      const read = async (
        filter: { text?: string; tag?: { key: string; value: string }[] },
        limit: number,
      ) => {
        const ids: string[] = [];
        const sizes: number[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages <= N; pages++) {
          const page = await c.store.listEvents({
            issueId: issueId as never,
            ...filter,
            scanLimit,
            limit,
            ...(cursor ? { cursor } : {}),
          });
          ids.push(...page.items.map((e) => e.eventId as string));
          sizes.push(page.items.length);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        return { ids, sizes };
      };
      const budget = await read({ text: 'budget' }, 50);
      assert.deepEqual(
        budget.ids,
        expected((s) => s.message !== undefined),
      );
      // A page that read its bound cannot know it read the last event: one more, empty, says so.
      assert.equal(budget.sizes.length, Math.floor(N / scanLimit) + 1, 'one page per events read');
      assert.ok(budget.sizes.includes(0), 'a page may hold none and still go on');
      const routeB = await read({ tag: [{ key: 'route', value: 'GET /b' }] }, 1);
      assert.deepEqual(
        routeB.ids,
        expected((s) => s.tags.route === 'GET /b'),
      );
    });

    it('bad filters are precise 400s', async () => {
      const tooMany = Array.from({ length: MAX_TAG_FILTERS + 1 }, (_, k) => `tag=k${k}:v`).join('&');
      const cases: [string, RegExp][] = [
        ['tag=novalue', /tag must look like key:value/],
        ['tag=:x', /tag must look like key:value/],
        [tooMany, new RegExp(`at most ${MAX_TAG_FILTERS} tag filters`)],
        [
          'release=shop&environment=prod&tag=a:1&tag=b:2&tag=c:3&tag=d:4&tag=e:5&tag=f:6&tag=g:7&tag=h:8&tag=i:9',
          /release and environment included/,
        ],
        ['from=yesterday-ish', /from must be an ISO date/],
        ['to=12x', /to must be an ISO date/],
        [`from=${BASE + MINUTE_MS}&to=${BASE}`, /from must be before to/],
        ['limit=0', /limit must be a positive integer/],
        ['limit=100000', /limit must be at most/],
        ['cursor=not-a-cursor', /cursor/],
        [`query=${'x'.repeat(300)}`, /query must be at most/],
      ];
      for (const [query, detail] of cases) {
        const { status, body } = await get(`/api/v1/issues/${issueId}/events?${query}`);
        assert.equal(status, 400, `${query}: ${JSON.stringify(body)}`);
        assert.match(String(body.detail ?? body.title), detail, query);
      }
      const badKey = await get(`/api/v1/issues/${issueId}/tags?key=${'k'.repeat(300)}`);
      assert.equal(badKey.status, 400);
      assert.match(badKey.body.detail, /key must be at most/);
      assert.equal((await get('/api/v1/issues/999999/tags')).status, 404);
      assert.equal((await get('/api/v1/issues/abc/tags')).status, 400);
    });
  });
});
