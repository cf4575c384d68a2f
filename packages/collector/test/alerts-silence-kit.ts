/**
 * What the silence and preview tests share: a real collector (test-support's, on the engine's
 * store, alerts allowed to reach 127.0.0.1) driven over its HTTP API with the admin token, a real
 * webhook receiver (alert-peers), projects of each test's own, events sent as Sentry envelopes
 * over HTTP, and, where a test needs the commit's clock, the digest commit run in store.write
 * as ingest's is, at a given `now`.
 */

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { type Engine, startTestCollector, type TestCollector } from '@faultline/test-support';
import { startWebhookReceiver, type WebhookReceiver } from '@faultline/test-support/alert-peers';
import { digestBatches } from '../src/digest/digest.js';
import type { ProjectId } from '../src/store/ids.js';
import { batch } from './digest-fixtures.js';

export const MINUTE_MS = 60_000;

export interface Reply {
  status: number;
  body: any;
}

export interface KitProject {
  id: ProjectId;
  dsn: URL;
}

export interface SilenceKit {
  c: TestCollector;
  receiver: WebhookReceiver;
  call(method: string, path: string, body?: unknown): Promise<Reply>;
  /** A project of the test's own (its events fire only its rules), with its DSN. */
  project(name: string): Promise<KitProject>;
  /** A rule made through the API (201 asserted), sending to the receiver. */
  rule(projectId: number, json: Record<string, unknown>): Promise<any>;
  /** One error event through ingest over HTTP; resolves once it is committed. */
  send(p: KitProject, event: Record<string, unknown>): Promise<string>;
  /** One error event committed as ingest's commit does, with the commit's clock at `at` (ms). */
  commitAt(projectId: number, at: number, event: Record<string, unknown>): Promise<void>;
  /** The rule's evaluation log, oldest first. */
  evaluations(
    ruleId: number,
  ): Promise<{ at: number; decision: string; reason: string; detail: string; inputs: any }[]>;
  /** The rule's notifications, oldest first. */
  notifications(ruleId: number): Promise<{ createdAt: number; subject: string }[]>;
}

/**
 * Started in the calling describe's `before`, closed in its `after`.
 * @example const kit = useSilenceKit(engine); test('…', async () => { const p = await kit.project('a'); });
 */
export function useSilenceKit(engine: Engine): SilenceKit {
  const kit = {} as SilenceKit;
  let c: TestCollector | undefined;
  let receiver: WebhookReceiver | undefined;
  before(async () => {
    c = await startTestCollector({ engine, options: { alerts: { webhookAllow: ['127.0.0.1'] } } });
    receiver = await startWebhookReceiver();
    const collector = c;
    const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
      const res = await fetch(`${collector.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${collector.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
    };
    Object.assign(kit, {
      c,
      receiver,
      call,
      async project(name: string) {
        const created = await call('POST', '/api/v1/projects', { name });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        return { id: created.body.id, dsn: new URL(created.body.keys[0].dsn) };
      },
      async rule(projectId: number, json: Record<string, unknown>) {
        const created = await call('POST', `/api/v1/projects/${projectId}/alert-rules`, {
          channels: [{ type: 'webhook', url: kit.receiver.url }],
          ...json,
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        return created.body;
      },
      async send(p: KitProject, event: Record<string, unknown>) {
        const id = randomUUID().replace(/-/g, '');
        const body = `${JSON.stringify({ event_id: id })}\n{"type":"event"}\n${JSON.stringify({ event_id: id, level: 'error', ...event })}\n`;
        const res = await fetch(
          `${p.dsn.protocol}//${p.dsn.host}/api${p.dsn.pathname}/envelope/?sentry_key=${p.dsn.username}`,
          { method: 'POST', body },
        );
        assert.equal(res.status, 200, await res.text());
        return id;
      },
      async commitAt(projectId: number, at: number, event: Record<string, unknown>) {
        const events = [{ level: 'error' as const, timestamp: at / 1000, ...event }];
        await collector.store.write((tx) =>
          digestBatches(tx, [batch(projectId, events, { receivedAt: at })], { now: at }),
        );
      },
      async evaluations(ruleId: number) {
        return (await collector.store.listAlertEvaluations({ ruleId, limit: 200 })).reverse();
      },
      async notifications(ruleId: number) {
        return (await collector.store.listAlertNotifications({ ruleId, limit: 200 })).reverse();
      },
    } satisfies Omit<SilenceKit, 'c' | 'receiver'> & Pick<SilenceKit, 'c' | 'receiver'>);
  });
  after(async () => {
    await c?.close();
    await receiver?.close();
  });
  return kit;
}
