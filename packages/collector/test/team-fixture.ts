/**
 * What the team tests share (issue-activity, issue-assignment, issue-comments): a collector with
 * dashboard users, a password login whose cookie and CSRF token make calls as that user, and
 * events sent through ingest as an SDK sends them.
 */

import assert from 'node:assert/strict';
import { type Engine, startTestCollector, type TestCollector } from '@faultline/test-support';

export { sendEvent } from './send-event.js';

export const ADA = 'ada@example.com';
export const BOB = 'bob@example.com';
export const PASSWORD = 'a long password!';

export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** With alert webhooks allowed to 127.0.0.1 (a rule fires into the history; nothing listens).
 * @example const c = await startTeamCollector(engine) */
export function startTeamCollector(engine: Engine): Promise<TestCollector> {
  return startTestCollector({
    engine,
    users: { [ADA]: PASSWORD, [BOB]: PASSWORD },
    options: { alerts: { webhookAllow: ['127.0.0.1'] } },
  });
}

/**
 * Logs in with a password and returns calls made with that session (cookie + CSRF).
 * @example const ada = await loginAs(c, ADA); await ada('PATCH', '/api/v1/issues/1', { status: 'resolved' })
 */
export async function loginAs(c: TestCollector, email: string): Promise<Call> {
  const res = await fetch(`${c.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const out = await fetch(`${c.url}${path}`, {
      method,
      headers: {
        cookie,
        'x-faultline-csrf': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await out.text();
    return { status: out.status, body: text === '' ? undefined : JSON.parse(text) };
  };
}

/**
 * Makes an API token with these scopes and returns calls made with it.
 * @example const ci = await tokenCalls(c, 'ci', ['project:write'])
 */
export async function tokenCalls(c: TestCollector, name: string, scopes: string[]): Promise<Call> {
  const made = await c.call('POST', '/api/v1/tokens', { name, scopes });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const token = String(made.body.token);
  return async (method, path, body) => {
    const out = await fetch(`${c.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await out.text();
    return { status: out.status, body: text === '' ? undefined : JSON.parse(text) };
  };
}
