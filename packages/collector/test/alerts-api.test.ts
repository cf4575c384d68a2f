/**
 * The alert rules API (issue 14 §1, §3, §4) over HTTP against a real collector, both engines:
 * 201/400/404/409 paths, the webhook secret shown once (and the shown one is the one that
 * signs), PATCH merging top-level fields and validating the whole again, the SSRF check at
 * creation (FL_OUTBOUND_REFUSED), the test endpoint through the real path (a receiver verifies
 * its signature with `standardwebhooks`), the evaluation log with its cursor, the delivery log
 * with failures first, and a redelivery that keeps the webhook-id.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { forEachEngine, startTestCollector, type TestCollector } from '@faultline/test-support';
import {
  startWebhookReceiver,
  verifiedWebhook,
  type WebhookReceiver,
} from '@faultline/test-support/alert-peers';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import { MAX_ALERT_RULES_PER_PROJECT } from '../src/limits.js';
import type { ProjectId } from '../src/store/ids.js';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** Polls `check` until it returns something other than undefined. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

forEachEngine((engine) =>
  describe(`alerts API (${engine.name})`, () => {
    let c: TestCollector;
    let receiver: WebhookReceiver;

    before(async () => {
      c = await startTestCollector({ engine, options: { alerts: { webhookAllow: ['127.0.0.1'] } } });
      receiver = await startWebhookReceiver();
    });
    after(async () => {
      await c?.close();
      await receiver?.close();
    });

    async function call(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = { authorization: `Bearer ${c.adminToken}` },
    ): Promise<Reply> {
      const res = await fetch(`${c.url}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
    }

    /** A project of the test's own (its events fire only its rules), with its DSN. */
    async function project(name: string) {
      const created = await call('POST', '/api/v1/projects', { name });
      assert.equal(created.status, 201);
      return { id: created.body.id as number, dsn: new URL(created.body.keys[0].dsn) };
    }

    /** One error event of its own issue, through ingest; resolves once it is committed. */
    async function send(dsn: URL, event: Record<string, unknown>) {
      const id = randomUUID().replace(/-/g, '');
      const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify({ event_id: id, level: 'error', ...event })}\n`;
      const res = await fetch(
        `${dsn.protocol}//${dsn.host}/api${dsn.pathname}/envelope/?sentry_key=${dsn.username}`,
        { method: 'POST', body },
      );
      assert.equal(res.status, 200, await res.text());
      return id;
    }

    const webhookRule = (name: string, url = receiver.url) => ({
      name,
      trigger: { type: 'new-issue' },
      channels: [{ type: 'webhook', url }],
    });

    test('create: 201 with the rule and its id; the secret is whole only there, and it is the one that signs', async () => {
      const { id: projectId } = await project('create');
      const created = await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
        name: '  New 500s ',
        trigger: { type: 'frequency', count: 3, windowMinutes: 10 },
        filters: { environment: 'production', tags: ['team=payments'] },
        channels: [
          { type: 'webhook', url: receiver.url },
          { type: 'email', to: ['ops@example.com'] },
        ],
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const rule = created.body;
      assert.ok(Number.isInteger(rule.id) && rule.id > 0);
      assert.equal(rule.projectId, projectId);
      assert.equal(rule.name, 'New 500s');
      assert.equal(rule.actionIntervalMinutes, 30, 'the default interval');
      assert.deepEqual(rule.filters, { environment: 'production', tags: ['team=payments'] });
      assert.equal(rule.links.self, `/api/v1/alert-rules/${rule.id}`);
      const secret = rule.channels[0].secret as string;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'generated, shown whole');
      assert.match(rule.channels[0].id, /^ch_[0-9a-f]{16}$/);

      const one = await call('GET', `/api/v1/alert-rules/${rule.id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.channels[0].secret, `${secret.slice(0, 10)}…`, 'masked afterwards');
      const listed = await call('GET', `/api/v1/projects/${projectId}/alert-rules`);
      assert.deepEqual(
        listed.body.items.map((r: any) => [r.id, r.channels[0].secret]),
        [[rule.id, `${secret.slice(0, 10)}…`]],
      );
      assert.ok(!JSON.stringify(listed.body).includes(secret.slice(10)), 'nowhere whole');

      const before = receiver.received.length;
      const tested = await call('POST', `/api/v1/alert-rules/${rule.id}/test`);
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      const got = receiver.received[before];
      assert.ok(got, 'the test reached the receiver');
      assert.doesNotThrow(() => verifiedWebhook(got, secret), 'the secret shown at creation signs');
    });

    test('400 with the field for a wrong rule, 404 for what does not exist, 400 for a bad id', async () => {
      const { id: projectId } = await project('bad input');
      const rules = `/api/v1/projects/${projectId}/alert-rules`;
      const cases: [unknown, string, RegExp][] = [
        [{ ...webhookRule('x'), trigger: { type: 'sometimes' } }, 'trigger.type', /trigger\.type is one of/],
        [
          { ...webhookRule('x'), trigger: { type: 'frequency', count: 0, windowMinutes: 5 } },
          'trigger.count',
          /trigger\.count is an integer from 1 to 1000, not 0/,
        ],
        [{ ...webhookRule('x'), channels: [] }, 'channels', /channels has 1 to 10 items \(got 0\)/],
        [
          { ...webhookRule('x'), channels: [{ type: 'email', to: ['not an address'] }] },
          'channels[0].to[0]',
          /channels\[0\]\.to\[0\] is an email address/,
        ],
        [{ ...webhookRule('x'), windowMinute: 5 }, 'windowMinute', /windowMinute is not a field here/],
        [{ trigger: { type: 'new-issue' }, channels: [] }, 'name', /name is a string/],
      ];
      for (const [body, field, detail] of cases) {
        const r = await call('POST', rules, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.headers.get('content-type'), 'application/problem+json');
        assert.equal(r.body.code, 'FL_ALERT_RULE');
        assert.equal(r.body.field, field);
        assert.match(r.body.detail, detail);
      }
      const notJson = await call('POST', rules, '{"name": ');
      assert.equal(notJson.status, 400);
      assert.equal(notJson.body.code, 'FL_API_BAD_REQUEST');
      assert.equal((await call('GET', rules)).body.items.length, 0, 'nothing was stored');

      assert.equal((await call('POST', '/api/v1/projects/999999/alert-rules', webhookRule('x'))).status, 404);
      assert.equal((await call('GET', '/api/v1/projects/999999/alert-rules')).status, 404);
      for (const [method, path] of [
        ['GET', '/api/v1/alert-rules/999999'],
        ['PATCH', '/api/v1/alert-rules/999999'],
        ['DELETE', '/api/v1/alert-rules/999999'],
        ['POST', '/api/v1/alert-rules/999999/test'],
        ['GET', '/api/v1/alert-rules/999999/evaluations'],
        ['GET', '/api/v1/alert-rules/999999/deliveries'],
        ['POST', '/api/v1/alert-deliveries/999999/redeliver'],
      ] as const) {
        const r = await call(method, path, method === 'PATCH' ? { name: 'y' } : undefined);
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.equal(r.body.code, 'FL_API_NOT_FOUND');
      }
      assert.equal((await call('GET', '/api/v1/alert-rules/abc')).status, 400);
      assert.equal((await call('POST', '/api/v1/alert-deliveries/0/redeliver')).status, 400);
    });

    test('the SSRF guard at creation and at PATCH: 400 FL_OUTBOUND_REFUSED naming the channel, nothing stored', async () => {
      const { id: projectId } = await project('ssrf');
      const rules = `/api/v1/projects/${projectId}/alert-rules`;
      const refused = await call('POST', rules, {
        name: 'internal',
        trigger: { type: 'new-issue' },
        channels: [
          { type: 'email', to: ['ops@example.com'] },
          { type: 'slack', url: 'http://169.254.169.254/latest/meta-data/iam' },
        ],
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 'FL_OUTBOUND_REFUSED');
      assert.equal(refused.body.field, 'channels[1].url');
      assert.match(
        refused.body.detail,
        /^channels\[1\]\.url is refused: 169\.254\.169\.254 is the cloud metadata/,
      );
      const loopback = await call('POST', rules, webhookRule('loopback', 'http://127.0.0.2:9/hook'));
      assert.equal(loopback.status, 400, 'only 127.0.0.1 is allowed, not the whole loopback range');
      assert.match(loopback.body.detail, /FAULTLINE_WEBHOOK_ALLOW/);
      assert.equal((await call('GET', rules)).body.items.length, 0);

      const rule = (await call('POST', rules, webhookRule('allowed'))).body;
      const patched = await call('PATCH', `/api/v1/alert-rules/${rule.id}`, {
        channels: [{ type: 'webhook', url: 'http://10.1.2.3/hook' }],
      });
      assert.equal(patched.status, 400);
      assert.equal(patched.body.code, 'FL_OUTBOUND_REFUSED');
      assert.equal(
        (await call('GET', `/api/v1/alert-rules/${rule.id}`)).body.channels[0].url,
        receiver.url,
        'the stored rule is unchanged',
      );
    });

    test('PATCH merges the given top-level fields over the stored rule and validates the whole again', async () => {
      const { id: projectId } = await project('patch');
      const created = (
        await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
          ...webhookRule('Original'),
          filters: { environment: 'production' },
          actionIntervalMinutes: 15,
        })
      ).body;
      const path = `/api/v1/alert-rules/${created.id}`;
      const secret = created.channels[0].secret as string;

      const renamed = await call('PATCH', path, { name: 'Renamed' });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Renamed');
      assert.deepEqual(
        [renamed.body.trigger, renamed.body.filters, renamed.body.actionIntervalMinutes],
        [{ type: 'new-issue' }, { environment: 'production' }, 15],
        'the fields not given are kept',
      );
      assert.equal(renamed.body.channels[0].id, created.channels[0].id);
      assert.equal(renamed.body.channels[0].secret, `${secret.slice(0, 10)}…`);

      const invalid = await call('PATCH', path, { trigger: { type: 'frequency', count: 10 } });
      assert.equal(invalid.status, 400);
      assert.equal(invalid.body.field, 'trigger.windowMinutes');
      const unknown = await call('PATCH', path, { id: 7 });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.field, 'id');
      assert.equal((await call('PATCH', path, [1])).status, 400);
      assert.equal((await call('GET', path)).body.name, 'Renamed', 'a refused PATCH changes nothing');

      // The channels as read (masked secret) go back unchanged; a new webhook channel's secret
      // is shown in this answer only.
      const read = (await call('GET', path)).body;
      const grown = await call('PATCH', path, {
        channels: [...read.channels, { type: 'webhook', url: `${receiver.url}?second` }],
        filters: null,
      });
      assert.equal(grown.status, 200, JSON.stringify(grown.body));
      assert.deepEqual(grown.body.filters, {}, 'null clears the filters');
      const [kept, added] = grown.body.channels;
      assert.equal(kept.id, created.channels[0].id);
      assert.equal(kept.secret, `${secret.slice(0, 10)}…`, 'the kept channel stays masked');
      assert.match(added.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'the new one is shown whole, once');
      assert.equal((await call('GET', path)).body.channels[1].secret, `${added.secret.slice(0, 10)}…`);

      const before = receiver.received.length;
      const tested = await call('POST', `${path}/test`);
      assert.deepEqual(
        tested.body.items.map((t: any) => t.outcome),
        ['delivered', 'delivered'],
      );
      const got = receiver.received.slice(before);
      const first = got.find((g) => g.headers['webhook-id'] === tested.body.items[0].webhookId);
      const second = got.find((g) => g.headers['webhook-id'] === tested.body.items[1].webhookId);
      assert.ok(first && second);
      assert.doesNotThrow(() => verifiedWebhook(first, secret), 'the original secret still signs');
      assert.doesNotThrow(() => verifiedWebhook(second, added.secret));

      const replaced = await call('PATCH', path, {
        channels: [{ id: kept.id, type: 'webhook', url: receiver.url, secret: `whsec_${'A'.repeat(43)}=` }],
      });
      assert.equal(replaced.status, 200);
      assert.equal(replaced.body.channels.length, 1);
      assert.equal(
        replaced.body.channels[0].secret,
        `whsec_${'A'.repeat(43)}=`,
        'a given secret is echoed once',
      );
    });

    test('the test endpoint: alert.test through the real path, what was sent and how it went per channel', async () => {
      const { id: projectId } = await project('test endpoint');
      const rule = (
        await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
          name: 'Try me',
          trigger: { type: 'regression' },
          channels: [
            { type: 'webhook', url: receiver.url },
            { type: 'email', to: ['ops@example.com'] },
          ],
        })
      ).body;
      const before = receiver.received.length;
      const tested = await call('POST', `/api/v1/alert-rules/${rule.id}/test`);
      assert.equal(tested.status, 200);
      const [hook, mail] = tested.body.items;
      assert.deepEqual(
        [hook.channelId, hook.channelType, hook.outcome, hook.status, hook.responseExcerpt, hook.error],
        [rule.channels[0].id, 'webhook', 'delivered', 200, 'ok', null],
      );
      assert.ok(Number.isInteger(hook.latencyMs));
      const got = receiver.received[before];
      assert.ok(got);
      assert.equal(got.headers['webhook-id'], hook.webhookId);
      assert.equal(hook.message.kind, 'http');
      assert.equal(hook.message.url, receiver.url);
      assert.equal(hook.message.body, got.body, 'the answer shows exactly the body that was sent');
      assert.equal(hook.message.headers['webhook-signature'], got.headers['webhook-signature']);
      const payload = verifiedWebhook(got, rule.channels[0].secret) as Record<string, any>;
      assert.equal(payload.type, 'alert.test');
      assert.deepEqual(payload.rule, { id: rule.id, name: 'Try me' });
      assert.deepEqual(payload.project, { id: projectId, name: 'test endpoint' });
      assert.equal(payload.url, `${c.url}/?project=${projectId}`);
      // This collector has no SMTP relay: the email's attempt says so, and is not retried.
      assert.equal(mail.channelType, 'email');
      assert.equal(mail.outcome, 'failed');
      assert.match(mail.error, /email is not configured.*FAULTLINE_SMTP_URL.*a test is sent once/);
      assert.deepEqual(mail.message.to, ['ops@example.com']);
      assert.match(mail.message.subject, /^\[Faultline\] Test notification from rule "Try me"/);

      const logged = await call('GET', `/api/v1/alert-rules/${rule.id}/deliveries`);
      assert.deepEqual(
        logged.body.items.map((d: any) => [d.id, d.state, d.attempts.length]),
        [
          [mail.notificationId, 'failed', 1],
          [hook.notificationId, 'delivered', 1],
        ],
        'the test is in the delivery log, failures first',
      );
    });

    test('evaluations: each decision with its reason and inputs, newest first, paged by cursor', async () => {
      const { id: projectId, dsn } = await project('evaluations');
      const rules = `/api/v1/projects/${projectId}/alert-rules`;
      const fires = (await call('POST', rules, webhookRule('Every new issue'))).body;
      const filtered = (
        await call('POST', rules, {
          ...webhookRule('Production only'),
          filters: { environment: 'production' },
        })
      ).body;
      const before = receiver.received.length;
      const first = await send(dsn, { message: 'evaluation one', environment: 'staging' });
      const second = await send(dsn, { message: 'evaluation two', environment: 'staging' });
      await receiver.waitFor(before + 2);

      const page1 = await call('GET', `/api/v1/alert-rules/${fires.id}/evaluations?limit=1`);
      assert.equal(page1.status, 200);
      assert.equal(page1.body.items.length, 1);
      assert.equal(typeof page1.body.nextCursor, 'string');
      const page2 = await call(
        'GET',
        `/api/v1/alert-rules/${fires.id}/evaluations?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
      );
      assert.equal(page2.body.items.length, 1);
      assert.equal(page2.body.nextCursor, null);
      const [newest, oldest] = [page1.body.items[0], page2.body.items[0]];
      assert.ok(newest.id > oldest.id);
      for (const [e, eventId] of [
        [newest, second],
        [oldest, first],
      ] as const) {
        assert.equal(e.ruleId, fires.id);
        assert.equal(e.decision, 'fired');
        assert.equal(e.reason, 'fired');
        assert.match(e.subject, /^issue:\d+$/);
        assert.ok(!Number.isNaN(Date.parse(e.at)));
        assert.deepEqual(
          [e.inputs.eventId, e.inputs.environment, e.inputs.isNew],
          [eventId, 'staging', true],
          'the inputs the rule looked at',
        );
      }

      // A pair that has only been quiet is not logged; asked for by subject, it is explained now.
      const suppressed = await call('GET', `/api/v1/alert-rules/${filtered.id}/evaluations`);
      assert.deepEqual(suppressed.body.items, []);
      const one = await call(
        'GET',
        `/api/v1/alert-rules/${filtered.id}/evaluations?subject=${encodeURIComponent(newest.subject)}`,
      );
      assert.deepEqual(
        one.body.items.map((e: any) => [e.subject, e.logged, e.decision, e.reason]),
        [[newest.subject, false, 'suppressed', 'filter']],
        'one subject, computed',
      );
      assert.equal(
        one.body.items[0].detail,
        `filter environment is false: the rule wants production, event ${second} has staging`,
      );
      assert.equal(newest.logged, true);
      assert.equal(
        (await call('GET', `/api/v1/alert-rules/${fires.id}/evaluations?cursor=not-a-cursor`)).status,
        400,
      );
      assert.equal((await call('GET', `/api/v1/alert-rules/${fires.id}/evaluations?limit=0`)).status, 400);
    });

    test('deliveries: failures first with their attempts; redelivery is pending now with the same webhook-id', async () => {
      const { id: projectId, dsn } = await project('deliveries');
      const gone = await startWebhookReceiver();
      gone.status = (n) => (n === 0 ? 410 : 200);
      try {
        const rule = (
          await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
            name: 'Two receivers',
            trigger: { type: 'new-issue' },
            channels: [
              { type: 'webhook', url: receiver.url },
              { type: 'webhook', url: gone.url },
            ],
          })
        ).body;
        const deliveries = `/api/v1/alert-rules/${rule.id}/deliveries`;
        const before = receiver.received.length;
        await send(dsn, { message: 'delivered twice' });
        const settled = await eventually(async () => {
          const items = (await call('GET', deliveries)).body.items;
          return items.length === 2 && items.every((d: any) => d.state !== 'pending') ? items : undefined;
        }, 'both deliveries settled');
        const [failed, delivered] = settled;
        assert.deepEqual(
          [
            failed.channelId,
            failed.state,
            failed.attemptCount,
            failed.attempts[0].status,
            failed.attempts[0].outcome,
          ],
          [rule.channels[1].id, 'disabled', 1, 410, 'disabled'],
          'the failure first',
        );
        assert.match(failed.lastError, /410 Gone/);
        assert.deepEqual(
          [
            delivered.channelId,
            delivered.state,
            delivered.attempts.map((a: any) => [a.attempt, a.status, a.outcome]),
          ],
          [rule.channels[0].id, 'delivered', [[1, 200, 'delivered']]],
        );
        assert.ok(delivered.attempts[0].latencyMs >= 0);
        assert.equal(delivered.alert.type, 'alert.fired');
        assert.equal(delivered.alert.issue.title, 'delivered twice');
        assert.equal(delivered.links.redeliver, `/api/v1/alert-deliveries/${delivered.id}/redeliver`);
        const firstArrival = receiver.received[before];
        assert.equal(firstArrival?.headers['webhook-id'], delivered.webhookId);

        const again = await call('POST', delivered.links.redeliver);
        assert.equal(again.status, 202, JSON.stringify(again.body));
        assert.equal(again.body.state, 'pending');
        assert.equal(again.body.webhookId, delivered.webhookId);
        const second = (await receiver.waitFor(before + 2))[before + 1];
        assert.equal(second?.headers['webhook-id'], delivered.webhookId, 'the same webhook-id');
        assert.deepEqual(verifiedWebhook(second!, rule.channels[0].secret), JSON.parse(firstArrival!.body));
        const twice = await eventually(async () => {
          const d = (await call('GET', deliveries)).body.items.find((i: any) => i.id === delivered.id);
          return d.state === 'delivered' && d.attemptCount === 2 ? d : undefined;
        }, 'the redelivery recorded');
        assert.deepEqual(
          twice.attempts.map((a: any) => [a.attempt, a.outcome]),
          [
            [1, 'delivered'],
            [2, 'delivered'],
          ],
        );

        // The 410 disabled that channel: a redelivery says so again until the rule is saved.
        assert.equal((await call('POST', failed.links.redeliver)).status, 202);
        const still = await eventually(async () => {
          const d = (await call('GET', deliveries)).body.items.find((i: any) => i.id === failed.id);
          return d.attemptCount === 2 ? d : undefined;
        }, 'the disabled channel tried');
        assert.equal(still.state, 'disabled');
        assert.match(still.attempts[1].error, /^channel disabled: HTTP 410/);
        assert.equal(gone.received.length, 1, 'nothing more was sent to it');
        assert.ok((await call('GET', `/api/v1/alert-rules/${rule.id}`)).body.channels[1].disabled);
        assert.equal((await call('PATCH', `/api/v1/alert-rules/${rule.id}`, { name: 'Saved' })).status, 200);
        assert.equal((await call('POST', failed.links.redeliver)).status, 202);
        const [, redelivered] = await gone.waitFor(2);
        assert.equal(redelivered?.headers['webhook-id'], failed.webhookId, 'saved, redelivered, same id');
      } finally {
        await gone.close();
      }
    });

    test('redelivering a pending notification is a 409: it may be in flight', async () => {
      const { id: projectId, dsn } = await project('pending');
      const rule = (
        await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
          name: 'Mail without a relay',
          trigger: { type: 'new-issue' },
          channels: [{ type: 'email', to: ['ops@example.com'] }],
        })
      ).body;
      await send(dsn, { message: 'pending mail' });
      // No SMTP relay: the first attempt fails and the notification waits for its retry.
      const pending = await eventually(async () => {
        const [d] = (await call('GET', `/api/v1/alert-rules/${rule.id}/deliveries?state=pending`)).body.items;
        return d?.attemptCount === 1 ? d : undefined;
      }, 'a pending delivery with one attempt');
      assert.match(pending.lastError, /email is not configured/);
      assert.ok(Date.parse(pending.nextAttemptAt) > Date.now(), 'its retry is ahead');
      const refused = await call('POST', pending.links.redeliver);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'FL_API_CONFLICT');
      assert.match(
        refused.body.detail,
        /is pending \(next attempt at .*\); redelivery is for a delivered, failed or disabled one/,
      );
      assert.equal((await call('GET', `/api/v1/alert-rules/${rule.id}/deliveries?state=sent`)).status, 400);
      assert.equal((await call('GET', `/api/v1/alert-rules/${rule.id}/deliveries?limit=51`)).status, 400);
    });

    test('DELETE: 204, then the rule, its evaluations and deliveries are 404', async () => {
      const { id: projectId } = await project('delete');
      const rule = (await call('POST', `/api/v1/projects/${projectId}/alert-rules`, webhookRule('Doomed')))
        .body;
      const tested = await call('POST', `/api/v1/alert-rules/${rule.id}/test`);
      const deleted = await call('DELETE', `/api/v1/alert-rules/${rule.id}`);
      assert.equal(deleted.status, 204);
      assert.equal(deleted.body, undefined);
      for (const path of [`/api/v1/alert-rules/${rule.id}`, `/api/v1/alert-rules/${rule.id}/deliveries`])
        assert.equal((await call('GET', path)).status, 404);
      assert.equal(
        (await call('POST', `/api/v1/alert-deliveries/${tested.body.items[0].notificationId}/redeliver`))
          .status,
        404,
        'its notifications went with it',
      );
      assert.equal((await call('DELETE', `/api/v1/alert-rules/${rule.id}`)).status, 404);
    });

    test('a cookie session changes rules only with the CSRF header', async () => {
      const { id: projectId } = await project('csrf');
      const login = await call('POST', '/api/v1/session', { token: c.adminToken }, {});
      assert.equal(login.status, 201);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const rules = `/api/v1/projects/${projectId}/alert-rules`;
      const without = await call('POST', rules, webhookRule('csrf'), { cookie });
      assert.equal(without.status, 403);
      assert.equal((await call('GET', rules, undefined, { cookie })).body.items.length, 0);
      const withHeader = await call('POST', rules, webhookRule('csrf'), {
        cookie,
        'x-faultline-csrf': login.body.csrfToken,
      });
      assert.equal(withHeader.status, 201);
    });

    test(`a project's rules are bounded: past the limit, 409`, async () => {
      const { id: projectId } = await project('many rules');
      const input = parseAlertRule({
        ...webhookRule('filler'),
        channels: [{ type: 'email', to: ['a@example.com'] }],
      });
      for (let i = 0; i < MAX_ALERT_RULES_PER_PROJECT; i++)
        await c.store.createAlertRule(projectId as ProjectId, input);
      const over = await call(
        'POST',
        `/api/v1/projects/${projectId}/alert-rules`,
        webhookRule('one too many'),
      );
      assert.equal(over.status, 409);
      assert.equal(over.body.code, 'FL_API_CONFLICT');
      assert.match(over.body.detail, new RegExp(`has ${MAX_ALERT_RULES_PER_PROJECT} alert rules`));
    });
  }),
);
