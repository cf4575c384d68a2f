/**
 * Test support for alerts: a real collector over a real store (forEachEngine's), events sent as
 * Sentry envelopes over HTTP, and webhook receivers on 127.0.0.1 that record every request and
 * verify Standard Webhooks signatures with the independent `standardwebhooks` package. A
 * describe asks for what it needs (useAlertCollector, useReceiver, …) and gets it started in its
 * `before` or on demand, and closed in its `after`, so no alerts test writes that setup again.
 */

import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import type { Engine, EngineHandle } from '@faultline/test-support';
import { Webhook } from 'standardwebhooks';
import type { AlertOptions } from '../src/alerts/alert-options.js';
import { parseAlertRule } from '../src/alerts/rules/parse-rule.js';
import type { AlertRule } from '../src/alerts/rules/rule-types.js';
import { type RunningCollector, startCollector } from '../src/collector.js';
import type { ProjectId } from '../src/store/ids.js';
import type { Store } from '../src/store/store.js';
import { envelopeUrl, eventEnvelope, eventId, request } from './ingest-helpers.js';

/** One request a receiver got. */
export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** What a receiver answers; `hold` keeps the request open (never answers). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hold';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Decides the answer to the n-th request (0-based); 200 by default. */
  answer: (n: number, req: Received) => Answer;
  /** Resolves with the received requests once `count` have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A receiver on `host`, port 0, answering 200 until told otherwise. */
async function startReceiver(host = '127.0.0.1'): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const got: Received = { at: Date.now(), headers: req.headers, body, json };
      received.push(got);
      for (const wake of waiters.splice(0)) wake();
      const answer = receiver.answer(received.length - 1, got);
      if (answer === 'hold') return;
      res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://${host}:${port}/hook`,
    port,
    received,
    answer: () => ({ status: 200 }),
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`receiver got ${received.length} of ${count} requests in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}

/**
 * Receivers for the calling describe: each started when asked, all closed in its `after`.
 * @example const receiver = useReceivers(); test('…', async () => { const r = await receiver(); });
 */
export function useReceivers(): (host?: string) => Promise<Receiver> {
  const started: Receiver[] = [];
  after(async () => {
    for (const r of started) await r.close();
  });
  return async (host) => {
    const r = await startReceiver(host);
    started.push(r);
    return r;
  };
}

/**
 * One receiver for the calling describe, started in its `before` and closed in its `after`; the
 * fields are filled once `before` has run, and `answer` may be set at any time.
 * @example const receiver = useReceiver(); test('…', () => c.rule({ …, channels: [{ type: 'webhook', url: receiver.url }] }));
 */
export function useReceiver(host?: string): Receiver {
  const start = useReceivers();
  const view = { answer: () => ({ status: 200 }) } as Partial<Receiver> as Receiver;
  before(async () => {
    const started = await start(host);
    Object.assign(view, { ...started, answer: view.answer });
    // The server asks the receiver it started; a test sets `answer` on this view.
    started.answer = (n, got) => view.answer(n, got);
  });
  return view;
}

/**
 * The payload of a request signed with `secret`, verified by standardwebhooks (it throws on a
 * wrong signature, a stale timestamp or a missing header).
 */
export function verified(got: Received, secret: string): unknown {
  return new Webhook(secret).verify(got.body, {
    'webhook-id': String(got.headers['webhook-id']),
    'webhook-timestamp': String(got.headers['webhook-timestamp']),
    'webhook-signature': String(got.headers['webhook-signature']),
  });
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface AlertCollector {
  store: Store;
  collector: RunningCollector;
  projectId: ProjectId;
  publicKey: string;
  logs: string[];
  /** Sends one error event over HTTP (a Sentry envelope); resolves to its event id. */
  send(event?: Record<string, unknown>): Promise<string>;
  /** Creates a rule from JSON through the store, as the later API will after parseAlertRule. */
  rule(json: Record<string, unknown>): Promise<AlertRule>;
  close(): Promise<void>;
}

/**
 * A collector on the engine's store, project 1, alerts allowed to reach 127.0.0.1; the API open
 * to `adminToken` when one is given. Closing it leaves the store open (a test may start another).
 * @example const c = await alertCollector(handle, { smtpUrl, smtpFrom }, 'admin-token')
 */
export async function alertCollector(
  handle: EngineHandle,
  alerts: AlertOptions = {},
  adminToken?: string,
): Promise<AlertCollector> {
  const { store } = handle;
  const { project, key } = await store.ensureDefaultProject();
  const logs: string[] = [];
  const collector = await startCollector({
    store: { ...store, close: async () => {} },
    dashboardDir: '/nonexistent',
    log: (message, error) =>
      logs.push(`${message} ${error instanceof Error ? error.message : (error ?? '')}`),
    alerts: { webhookAllow: ['127.0.0.1'], ...alerts },
    ...(adminToken === undefined ? {} : { adminToken }),
  });
  return {
    store,
    collector,
    projectId: project.id,
    publicKey: key.publicKey,
    logs,
    async send(event = {}) {
      const id = eventId();
      const reply = await request(envelopeUrl(collector.url, project.id, key.publicKey), {
        body: eventEnvelope(event, id),
      });
      if (reply.status !== 200) throw new Error(`ingest answered ${reply.status}: ${reply.text}`);
      return id;
    },
    async rule(json) {
      const created = await store.createAlertRule(project.id, parseAlertRule(json));
      if (created === undefined) throw new Error('no project');
      return created;
    },
    close: () => collector.close(),
  };
}

/**
 * Alert collectors for the calling describe, each on a fresh store of `engine`; all closed, and
 * their stores removed, in its `after`.
 * @example const collector = useAlertCollectors(engine); test('…', async () => { const c = await collector({ webhookAllow: [] }); });
 */
export function useAlertCollectors(engine: Engine): (alerts?: AlertOptions) => Promise<AlertCollector> {
  const handles: EngineHandle[] = [];
  const collectors: AlertCollector[] = [];
  after(async () => {
    for (const c of collectors) await c.close();
    for (const h of handles) await h.dispose();
  });
  return async (alerts) => {
    const handle = await engine.open();
    handles.push(handle);
    const c = await alertCollector(handle, alerts);
    collectors.push(c);
    return c;
  };
}

/**
 * One alert collector for the calling describe, started in its `before` with the options
 * `alerts()` gives then (so they may name a receiver started before it) and closed in its
 * `after`; the fields are filled once `before` has run.
 * @example const c = useAlertCollector(engine, () => ({ retryScale: 0.01 })); test('…', () => c.send());
 */
export function useAlertCollector(engine: Engine, alerts: () => AlertOptions = () => ({})): AlertCollector {
  const start = useAlertCollectors(engine);
  const view = {} as AlertCollector;
  before(async () => {
    Object.assign(view, await start(alerts()));
  });
  return view;
}

/**
 * A rule that fires on every new issue, sending to the webhook at `url`.
 * @example const rule = await webhookRule(c, 'New errors', receiver.url);
 */
export function webhookRule(c: AlertCollector, name: string, url: string): Promise<AlertRule> {
  return c.rule({ name, trigger: { type: 'new-issue' }, channels: [{ type: 'webhook', url }] });
}

/**
 * A rule of its own, only for events tagged case=<name> (so that the tests of a file, sharing a
 * store, do not fire each other's rules), sending to the webhook at `url`.
 * @example const rule = await caseRule(c, 'regression', receiver.url, { trigger: { type: 'regression' } });
 */
export function caseRule(
  c: AlertCollector,
  name: string,
  url: string,
  json: Record<string, unknown>,
): Promise<AlertRule> {
  return c.rule({
    name,
    channels: [{ type: 'webhook', url }],
    ...json,
    filters: { tags: [`case=${name}`], ...(json.filters as object | undefined) },
  });
}

/** A message of its own, so its events make an issue of their own: a suffix of letters past
 * `f`, which the grouping's message normalization keeps (it turns hex and numbers into
 * placeholders). */
export const uniqueMessage = (what: string) =>
  `${what} ${Array.from({ length: 12 }, () => 'ghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 20)]).join('')}`;
