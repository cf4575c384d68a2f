/** The collector's read API with the admin token, and waiting for what ingest writes. */

import { ADMIN_TOKEN, type TestCollector } from './collector.js';

/** Ingest answers before its group commit lands; a reporter sends from a queue. */
const ARRIVAL_TIMEOUT_MS = 15_000;
const POLL_INTERVAL_MS = 100;

export async function apiGet<T>(server: TestCollector, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return { status: res.status, body: (res.status === 200 ? await res.json() : undefined) as T };
}

/** Polls `path` until `ready(body)` holds (or, without `ready`, until it answers 200). */
export async function waitForApi<T>(
  server: TestCollector,
  path: string,
  ready: (body: T) => boolean = () => true,
): Promise<T> {
  const deadline = Date.now() + ARRIVAL_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const { status, body } = await apiGet<T>(server, path);
    if (status === 200 && ready(body)) return body;
    last = `${status} ${JSON.stringify(body)?.slice(0, 200)}`;
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
  throw new Error(`${path} not ready after ${ARRIVAL_TIMEOUT_MS} ms (last: ${last})`);
}
