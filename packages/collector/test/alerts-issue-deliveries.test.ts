/**
 * GET /api/v1/projects/:projectId/alert-deliveries (the dashboard's issue page and the rules'
 * "last fired", issue 14 §5), both engines: newest first across the project's rules, `?issueId=`
 * keeps only the alerts about that issue, another project's alerts never show, bad input is a
 * precise 400 and an unknown project a 404.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { eventually, uniqueMessage, useReceiver } from './alerts-fixtures.js';

forEachEngine((engine) =>
  describe(`alert deliveries of a project and of an issue (${engine.name})`, () => {
    let c: TestCollector;
    const receiver = useReceiver();

    before(async () => {
      c = await startTestCollector({ engine, options: { alerts: { webhookAllow: ['127.0.0.1'] } } });
    });
    after(() => c?.close());

    const call = (method: string, path: string, body?: unknown) => c.call(method, path, body);

    async function project(name: string) {
      const created = await call('POST', '/api/v1/projects', { name });
      assert.equal(created.status, 201);
      const rule = await call('POST', `/api/v1/projects/${created.body.id}/alert-rules`, {
        name: `${name} rule`,
        trigger: { type: 'new-issue' },
        channels: [{ type: 'webhook', url: receiver.url }],
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      return { id: created.body.id as number, dsn: new URL(created.body.keys[0].dsn), ruleId: rule.body.id };
    }

    async function send(dsn: URL, message: string) {
      const id = crypto.randomUUID().replace(/-/g, '');
      const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify({ event_id: id, level: 'error', message })}\n`;
      const res = await fetch(
        `${dsn.protocol}//${dsn.host}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`,
        { method: 'POST', body },
      );
      assert.equal(res.status, 200);
      const event = await eventually(async () => {
        const found = await fetch(`${c.url}/api/v1/events/${id}`, {
          headers: { authorization: `Bearer ${c.adminToken}` },
        });
        return found.status === 200 ? ((await found.json()) as { issueId: number }) : undefined;
      });
      return event.issueId;
    }

    test('newest first across the project; ?issueId= only that issue; other projects never', async () => {
      const mine = await project('issue-alerts');
      const other = await project('issue-alerts-other');
      const first = await send(mine.dsn, uniqueMessage('first'));
      const second = await send(mine.dsn, uniqueMessage('second'));
      await send(other.dsn, uniqueMessage('elsewhere'));
      const all = await eventually(
        async () => {
          const { body } = await call('GET', `/api/v1/projects/${mine.id}/alert-deliveries`);
          return body.items.length === 2 ? body.items : undefined;
        },
        15_000,
        "the project's two alerts",
      );
      assert.deepEqual(
        all.map((d: any) => [d.subject, d.ruleId, d.alert.type]),
        [
          [`issue:${second}`, mine.ruleId, 'alert.fired'],
          [`issue:${first}`, mine.ruleId, 'alert.fired'],
        ],
      );
      const one = await call('GET', `/api/v1/projects/${mine.id}/alert-deliveries?issueId=${first}`);
      assert.equal(one.status, 200);
      assert.deepEqual(
        one.body.items.map((d: any) => [d.subject, d.alert.issue.id]),
        [[`issue:${first}`, first]],
      );
      assert.ok(Array.isArray(one.body.items[0].attempts));
      const limited = await call('GET', `/api/v1/projects/${mine.id}/alert-deliveries?limit=1`);
      assert.deepEqual(
        limited.body.items.map((d: any) => d.subject),
        [`issue:${second}`],
      );
    });

    test('a bad issueId or limit is a 400 naming it; an unknown project a 404', async () => {
      const bad = await call('GET', '/api/v1/projects/1/alert-deliveries?issueId=x');
      assert.deepEqual([bad.status, bad.body.detail], [400, 'issueId must be a positive integer']);
      const big = await call('GET', '/api/v1/projects/1/alert-deliveries?limit=51');
      assert.equal(big.status, 400);
      assert.match(big.body.detail, /limit must be at most 50/);
      assert.equal((await call('GET', '/api/v1/projects/999999/alert-deliveries')).status, 404);
    });
  }),
);
