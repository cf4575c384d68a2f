/**
 * Rate rules through the real middleware (issue 14 §6): an app on each of the five adapters
 * (examples/<framework>, @faultline/server with a DSN) reports its route rates to a real
 * collector. Below minRequests nothing fires and the evaluation log says why, with the values; a
 * route crossing its threshold fires within one evaluation interval after its rates arrive (a
 * signed webhook carrying the route, how much, where, and a link to the rates page, and a
 * PagerDuty trigger); once the route recovers it is 'recovering', and after one whole window
 * below the resolve line it resolves, with an alert.resolved webhook and a PagerDuty resolve
 * carrying the trigger's dedup_key; the API lists the incident. Both engines.
 */

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFaultline } from '@faultline/server';
import { forEachEngine } from '@faultline/test-support';
import type { WebhookChannel } from '../src/alerts/rules/rule-types.js';
import { eventually, useAlertCollectors, useReceivers, verified } from './alerts-fixtures.js';

const MINUTE_MS = 60_000;
/** The evaluator's interval in these tests. */
const INTERVAL_MS = 500;
/** What a pass and a commit may take on a loaded 2-core machine, past the interval. */
const PASS_MARGIN_MS = 3_000;
const WINDOW_MINUTES = 2;
const ENVIRONMENT = 'rate-alerts';
const FRAMEWORKS = ['node', 'express', 'fastify', 'hono', 'koa'] as const;
const ROUTING_KEY = 'abcdef0123456789abcdef0123456789';

const quiet = { error() {}, warn() {}, info() {}, fatal() {} };
const examples = join(fileURLToPath(import.meta.url), '../../../../../examples');

async function startApp(framework: string, faultline: ReturnType<typeof createFaultline>) {
  const mod = await import(pathToFileURL(join(examples, framework, 'app.mjs')).href);
  return (await mod.start(faultline, {})) as { url: string; close(): Promise<unknown> };
}

forEachEngine((engine) =>
  describe(`rate rules through the middleware (${engine.name})`, () => {
    const collector = useAlertCollectors(engine);
    const receiver = useReceivers();

    for (const framework of FRAMEWORKS)
      test(`${framework}: below minRequests says why; over the threshold fires within one interval, then resolves`, async (t) => {
        const hook = await receiver();
        const pagerDuty = await receiver();
        let offset = 0;
        const c = await collector({
          rateIntervalMs: INTERVAL_MS,
          clock: () => Date.now() + offset,
          pagerDutyUrl: pagerDuty.url,
        });
        const rule = await c.rule({
          name: `5xx of /fail/:kind on ${framework}`,
          trigger: { type: 'route-5xx-rate', threshold: 0.5, windowMinutes: WINDOW_MINUTES, minRequests: 10 },
          filters: { route: '/fail/:kind', environment: ENVIRONMENT },
          channels: [
            { type: 'webhook', url: hook.url },
            { type: 'pagerduty', routingKey: ROUTING_KEY },
          ],
        });
        const secret = (rule.channels[0] as WebhookChannel).secret;
        const release = `shop-${framework}@1.0.0`;
        const dsn = `${c.collector.url.replace('://', `://${c.publicKey}@`)}/${c.projectId}`;
        const faultline = createFaultline({
          dsn,
          release,
          environment: ENVIRONMENT,
          service: `shop-${framework}`,
          logger: quiet,
          rates: { intervalMs: MINUTE_MS },
        });
        const app = await startApp(framework, faultline);
        t.after(async () => {
          await app.close();
          await faultline.close(2000);
        });
        const hit = async (path: string, times: number) => {
          for (let i = 0; i < times; i++) await (await fetch(`${app.url}${path}`)).arrayBuffer();
          // The last response's 'close' may still be pending on the server side.
          await new Promise((r) => setTimeout(r, 50));
          assert.equal(await faultline.flush(5000), true, 'the rates reached the collector');
        };
        const evaluation = (reason: string) =>
          eventually(
            async () =>
              (await c.store.listAlertEvaluations({ ruleId: rule.id, limit: 50 })).find(
                (e) => e.reason === reason,
              ),
            15_000,
            `an evaluation '${reason}'`,
          );

        // 5 requests, all 503: below minRequests.
        await hit('/fail/dependency', 5);
        const few = await evaluation('below-min-requests');
        assert.equal(few.decision, 'suppressed');
        assert.equal(few.subject, `route:GET /fail/:kind env=${ENVIRONMENT} release=${release}`);
        assert.equal(
          few.detail,
          `too few requests to fire: 5 of 5 requests answered 5xx in the last ${WINDOW_MINUTES} min (100 %; threshold 50 %, at least 10 requests)`,
        );
        assert.deepEqual([few.inputs.requests, few.inputs.errors, few.inputs.minRequests], [5, 5, 10]);
        await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
        assert.equal(hook.received.length, 0, 'nothing fired below minRequests');
        assert.deepEqual(await c.store.listAlertNotifications({ ruleId: rule.id, limit: 10 }), []);

        // 10 more: 15 of 15 answered 503, over the threshold.
        await hit('/fail/dependency', 10);
        const arrived = Date.now();
        const [fired] = await hook.waitFor(1);
        const [incident] = await c.store.listAlertIncidents({ ruleId: rule.id, limit: 5 });
        assert.ok(incident, 'an incident is open');
        assert.equal(incident.state, 'firing');
        assert.ok(
          incident.openedAt - arrived <= INTERVAL_MS + PASS_MARGIN_MS,
          `fired ${incident.openedAt - arrived} ms after the rates arrived`,
        );
        const body = verified(fired!, secret) as any;
        assert.equal(body.type, 'alert.fired');
        assert.deepEqual(body.rule, { id: rule.id, name: rule.name });
        assert.equal(body.project.id, c.projectId);
        assert.equal(body.trigger.type, 'route-5xx-rate');
        assert.deepEqual(body.route, {
          method: 'GET',
          route: '/fail/:kind',
          requests: 15,
          errors: 15,
          rate: 1,
          windowMinutes: WINDOW_MINUTES,
        });
        assert.equal(body.environment, ENVIRONMENT);
        assert.equal(body.release, release);
        assert.equal(body.incident.id, incident.id);
        const link = new URL(body.url);
        assert.equal(`${link.origin}${link.pathname}`, `${c.collector.url}/rates`);
        assert.deepEqual(Object.fromEntries(link.searchParams), {
          project: String(c.projectId),
          by: 'route',
          since: '1h',
          environment: ENVIRONMENT,
          release,
        });
        const [trigger] = await pagerDuty.waitFor(1);
        const dedupKey = `faultline/rule-${rule.id}/incident:${incident.id}`;
        assert.equal(trigger?.json.event_action, 'trigger');
        assert.equal(trigger?.json.dedup_key, dedupKey);
        assert.equal(trigger?.json.payload.component, 'GET /fail/:kind');

        // 90 answered 409: 15 of 105 is 14 %, below 0.8 × 50 %. Recovering, not resolved yet.
        await hit('/fail/http-errors', 90);
        const recovering = await evaluation('recovering');
        assert.deepEqual([recovering.inputs.requests, recovering.inputs.errors], [105, 15]);
        assert.equal(hook.received.length, 1, 'still one notification while recovering');
        // One whole window later (the evaluator's clock), it resolves.
        offset = WINDOW_MINUTES * MINUTE_MS;
        const [, resolved] = await hook.waitFor(2);
        const after = verified(resolved!, secret) as any;
        assert.equal(after.type, 'alert.resolved');
        assert.equal(after.incident.id, incident.id);
        assert.match(after.reason, /^resolved: below the resolve line for \d+ min, one whole window: /);
        assert.equal(after.route.route, '/fail/:kind');
        assert.ok(resolved?.headers['webhook-id'] !== fired?.headers['webhook-id']);
        const [, resolve] = await pagerDuty.waitFor(2);
        assert.equal(resolve?.json.event_action, 'resolve');
        assert.equal(resolve?.json.dedup_key, dedupKey, 'the resolve carries the trigger dedup_key');
        const [closed] = await c.store.listAlertIncidents({ ruleId: rule.id, limit: 5 });
        assert.equal(closed?.state, 'resolved');
        assert.equal((await evaluation('resolved')).decision, 'fired');
        // The API lists the incident, as the dashboard's rates page reads it.
        const { token } = await c.store.createToken('incidents');
        const listed = await fetch(
          `${c.collector.url}/api/v1/projects/${c.projectId}/alert-incidents?ruleId=${rule.id}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        assert.equal(listed.status, 200);
        const { items } = (await listed.json()) as { items: any[] };
        assert.deepEqual(
          items.map((i) => [i.id, i.state, i.method, i.route, i.release, i.environment, i.openedAt]),
          [
            [
              incident.id,
              'resolved',
              'GET',
              '/fail/:kind',
              release,
              ENVIRONMENT,
              new Date(incident.openedAt).toISOString(),
            ],
          ],
        );
        // Two more passes: nothing else is sent.
        await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));
        assert.equal(hook.received.length, 2);
        assert.equal(pagerDuty.received.length, 2);
      });
  }),
);
