/**
 * The rate lease (issue 14 §4 "Rate rules are evaluated by one process at a time"): two
 * collectors on one PostgreSQL schema, both running the rate evaluator every 100 ms, and a route
 * of the real middleware crossing its threshold: exactly one notification reaches the receiver
 * (one webhook-id), one incident and one outbox row exist, and neither collector's pass failed
 * (two passes at once would both try to open the incident). And the lease itself: while one
 * store's pass holds it, the other's pass does not run; a third schema in the same database is
 * not held back by it.
 */

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFaultline } from '@faultline/server';
import {
  type EngineHandle,
  postgresEngine,
  postgresUrl,
  registerPostgresMissing,
} from '@faultline/test-support';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import type { WebhookChannel } from '../src/alerts/rules/rule-types.js';
import { type RunningCollector, startCollector } from '../src/collector.js';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import type { Store } from '../src/store/store.js';
import { type Receiver, useReceivers, verified } from './alerts-fixtures.js';

const INTERVAL_MS = 100;
/** Passes of both collectors after the first notification in which a second one could appear. */
const QUIET_MS = 30 * INTERVAL_MS;
const url = postgresUrl();
const quiet = { error() {}, warn() {}, info() {}, fatal() {} };
const examples = join(fileURLToPath(import.meta.url), '../../../../../examples');

if (url === undefined) registerPostgresMissing('the rate lease on PostgreSQL');
else
  describe('the rate lease: two collectors on one PostgreSQL', () => {
    const receiver = useReceivers();
    let handle: EngineHandle;
    let second: Store;
    /** Two stores on a schema of their own (no collector runs on it), and a third schema. */
    let quietA: EngineHandle;
    let quietB: Store;
    let elsewhere: EngineHandle;
    const collectors: RunningCollector[] = [];
    const logs: string[] = [];
    let hook: Receiver;

    before(async () => {
      handle = await postgresEngine(url).open();
      quietA = await postgresEngine(url).open();
      elsewhere = await postgresEngine(url).open();
      quietB = createPostgresStore({
        connectionString: url,
        schema: quietA.location.kind === 'postgres' ? quietA.location.schema : '',
      });
      const schema = handle.location.kind === 'postgres' ? handle.location.schema : '';
      second = createPostgresStore({ connectionString: url, schema });
      hook = await receiver();
      for (const store of [handle.store, second])
        collectors.push(
          await startCollector({
            store: { ...store, close: async () => {} },
            dashboardDir: '/nonexistent',
            log: (message, error) => logs.push(`${message} ${error instanceof Error ? error.message : ''}`),
            alerts: { webhookAllow: ['127.0.0.1'], rateIntervalMs: INTERVAL_MS },
          }),
        );
    });
    after(async () => {
      for (const c of collectors) await c.close();
      await second.close();
      await handle.dispose();
      await quietB.close();
      await quietA.dispose();
      await elsewhere.dispose();
    });

    test('while one pass holds the lease, the other store skips its pass; another schema does not wait', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const holder = quietA.store.withRateAlertLease(async () => {
        entered();
        await held;
        return 'held';
      });
      await inside;
      assert.equal(await quietB.withRateAlertLease(async () => 'ran'), undefined);
      assert.deepEqual(await elsewhere.store.withRateAlertLease(async () => 'ran'), { value: 'ran' });
      release();
      assert.deepEqual(await holder, { value: 'held' });
      // The commit released it.
      assert.deepEqual(await quietB.withRateAlertLease(async () => 'ran'), { value: 'ran' });
    });

    test('a route crossing its threshold is notified once', async (t) => {
      const { project, key } = await handle.store.ensureDefaultProject();
      const rule = await handle.store.createAlertRule(
        project.id,
        parseAlertRule({
          name: '5xx of /boom',
          trigger: { type: 'route-5xx-rate', threshold: 0.5, windowMinutes: 5, minRequests: 10 },
          filters: { route: '/boom' },
          channels: [{ type: 'webhook', url: hook.url }],
        }),
      );
      assert.ok(rule);
      const first = collectors[0] as RunningCollector;
      const faultline = createFaultline({
        dsn: `${first.url.replace('://', `://${key.publicKey}@`)}/${project.id}`,
        release: 'lease@1.0.0',
        environment: 'lease',
        logger: quiet,
        rates: { intervalMs: 60_000 },
      });
      const mod = await import(pathToFileURL(join(examples, 'node', 'app.mjs')).href);
      const app = (await mod.start(faultline, {})) as { url: string; close(): Promise<unknown> };
      t.after(async () => {
        await app.close();
        await faultline.close(2000);
      });
      for (let i = 0; i < 12; i++) await (await fetch(`${app.url}/boom`)).arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await faultline.flush(5000), true);

      const [got] = await hook.waitFor(1);
      await new Promise((r) => setTimeout(r, QUIET_MS));
      const ids = new Set(hook.received.map((r) => r.headers['webhook-id']));
      assert.equal(ids.size, 1, `one notification, got webhook-ids ${[...ids].join(', ')}`);
      const body = verified(got!, (rule.channels[0] as WebhookChannel).secret) as any;
      assert.equal(body.type, 'alert.fired');
      assert.deepEqual([body.route.route, body.route.requests, body.route.errors], ['/boom', 12, 12]);
      assert.equal((await handle.store.listAlertIncidents({ ruleId: rule.id, limit: 10 })).length, 1);
      assert.equal((await handle.store.listAlertNotifications({ ruleId: rule.id, limit: 10 })).length, 1);
      assert.deepEqual(
        logs.filter((l) => l.includes('rate alerts')),
        [],
        'no pass failed',
      );
    });
  });
