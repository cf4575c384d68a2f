/**
 * A project's inbound filters, end to end on both engines: set through the API (checked, with
 * precise 400s), applied by the real ingest before anything is stored, each refused event
 * answered 200 as if kept (so SDKs do not retry it), counted by reason, and the counts read back
 * through GET /api/v1/projects/:id/discards. A filter saved through the API applies to the very
 * next request, on SQLite too (no change notice there).
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { envelope, eventId } from './ingest-helpers.js';

const FILTERS = {
  errorMessages: ['*ECONNRESET*'],
  releases: ['legacy@*'],
  environments: ['staging'],
  clientIps: ['203.0.113.0/24'],
  webCrawlers: true,
  localhost: true,
};

forEachEngine((engine) =>
  describe(`inbound filters (${engine.name})`, () => {
    let c: TestCollector;
    let key: string;
    before(async () => {
      c = await startTestCollector({ engine });
      key = new URL(c.dsn).username;
    });
    after(() => c.close());

    const patch = (body: unknown) =>
      fetch(`${c.url}/api/v1/projects/1`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const send = async (event: Record<string, unknown>, type = 'event') => {
      const id = eventId();
      const body = envelope({ event_id: id }, [
        {
          header: { type },
          payload: JSON.stringify({ event_id: id, timestamp: Date.now() / 1000, level: 'error', ...event }),
        },
      ]);
      const res = await fetch(`${c.url}/api/1/envelope/?sentry_key=${key}&sentry_version=7`, {
        method: 'POST',
        body,
      });
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(await res.json(), { id }, 'answered as if kept');
      return id;
    };
    const storedIds = async () =>
      (await c.rows<{ event_id: string }>('SELECT event_id FROM events')).map((r) => r.event_id).sort();
    const filtered = async () => {
      const body = await c.api('/api/v1/projects/1/discards?since=1h');
      return Object.fromEntries(
        body.items
          .filter((i: { reason: string }) => i.reason.startsWith('filtered:'))
          .map((i: { reason: string; quantity: number }) => [i.reason, i.quantity]),
      );
    };

    it('are saved whole and shown on the project', async () => {
      const res = await patch({ inboundFilters: FILTERS });
      assert.equal(res.status, 200, await res.clone().text());
      assert.deepEqual(((await res.json()) as { inboundFilters: unknown }).inboundFilters, FILTERS);
      assert.deepEqual((await c.api('/api/v1/projects/1')).inboundFilters, FILTERS);
    });

    it('drop each kind of event before storage, keep the rest, and count each by reason', async () => {
      const kept = [
        await send({ message: 'boom' }),
        await send({
          release: 'api@2.0',
          environment: 'production',
          user: { ip_address: '198.51.100.1' },
          request: {
            url: 'https://api.example.com/x',
            headers: { 'User-Agent': 'Mozilla/5.0 Firefox/133.0' },
          },
          exception: { values: [{ type: 'Error', value: 'connect ECONNREFUSED' }] },
        }),
      ];
      await send({ exception: { values: [{ type: 'Error', value: 'read ECONNRESET' }] } });
      await send({ message: 'socket hang up: econnreset by peer' });
      await send({ message: 'x', release: 'legacy@1.4.2' });
      await send({ message: 'x', environment: 'staging' });
      await send({ message: 'x', user: { ip_address: '203.0.113.77' } });
      await send({
        message: 'x',
        request: { url: 'https://api.example.com/', headers: { 'user-agent': 'Googlebot/2.1' } },
      });
      await send({ message: 'x', request: { url: 'http://localhost:3000/orders' } });
      await send(
        {
          type: 'transaction',
          transaction: 'GET /x',
          environment: 'staging',
          start_timestamp: Date.now() / 1000 - 1,
          contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } },
        },
        'transaction',
      );
      assert.deepEqual(await storedIds(), kept.sort());
      assert.deepEqual(await filtered(), {
        'filtered:error-message': 2,
        'filtered:release-version': 1,
        'filtered:environment': 2,
        'filtered:ip-address': 1,
        'filtered:web-crawlers': 1,
        'filtered:localhost': 1,
      });
    });

    it('apply to the next request once changed, the peer address included', async () => {
      // The test's requests come from 127.0.0.1: an event naming no user IP is judged by it.
      assert.equal((await patch({ inboundFilters: { clientIps: ['127.0.0.0/8'] } })).status, 200);
      const before = (await storedIds()).length;
      await send({ message: 'from the loopback peer' });
      assert.equal((await storedIds()).length, before, 'filtered by the peer address');
      assert.equal((await filtered())['filtered:ip-address'], 2);
      // Cleared: nothing is filtered any more, at once.
      assert.equal((await patch({ inboundFilters: {} })).status, 200);
      const id = await send({ message: 'kept again', environment: 'staging' });
      assert.ok((await storedIds()).includes(id));
    });

    it('refuse bad filters with a 400 naming the field, and keep the saved ones', async () => {
      const saved = (await c.api('/api/v1/projects/1')).inboundFilters;
      const cases: [unknown, RegExp][] = [
        ['x', /inboundFilters must be an object/],
        [{ foo: [] }, /no field "foo"/],
        [{ clientIps: ['10.0.0.0/33'] }, /"10\.0\.0\.0\/33" is not an IPv4 or IPv6 address/],
        [{ clientIps: ['example.com'] }, /is not an IPv4 or IPv6/],
        [{ releases: 'legacy@*' }, /releases must be a list of strings/],
        [{ errorMessages: [''] }, /empty entry/],
        [{ errorMessages: ['x'.repeat(201)] }, /longer than 200 characters/],
        [{ environments: Array.from({ length: 51 }, (_, i) => `e${i}`) }, /at most 50 entries/],
        [{ webCrawlers: 'yes' }, /webCrawlers must be true or false/],
      ];
      for (const [inboundFilters, detail] of cases) {
        const res = await patch({ inboundFilters });
        assert.equal(res.status, 400, JSON.stringify(inboundFilters));
        assert.match(((await res.json()) as { detail: string }).detail, detail);
      }
      assert.deepEqual((await c.api('/api/v1/projects/1')).inboundFilters, saved);
    });

    it('discards: a bad range is a 400, an unknown project a 404', async () => {
      const auth = { authorization: `Bearer ${c.adminToken}` };
      assert.equal(
        (await fetch(`${c.url}/api/v1/projects/1/discards?since=soon`, { headers: auth })).status,
        400,
      );
      assert.equal((await fetch(`${c.url}/api/v1/projects/999/discards`, { headers: auth })).status, 404);
    });
  }),
);
