/**
 * `faultline demo` end to end, as a newcomer runs it: the built bin in a child process. Within
 * 60 s the read API must show everything the dashboard shows (issues of each kind, two
 * releases of orders with different 5xx rates, a trace whose cascade began in inventory, a
 * regression, shed requests); SIGINT must then stop it with exit code 0 within 10 s, keeping
 * a --data folder and removing a temporary one.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BIN } from './cli-process.js';

const EVERYTHING_WITHIN_MS = 60_000;
const FIRST_LINES_WITHIN_MS = 20_000;
const EXIT_WITHIN_MS = 10_000;
const POLL_MS = 1_000;

const root = mkdtempSync(join(tmpdir(), 'faultline-demo-test-'));
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Demo {
  child: ChildProcess;
  dashboard: string;
  token: string;
  data: string;
  output(): string;
  exited: Promise<{ code: number | null; at: number }>;
}

/** Starts `faultline demo` and resolves once its first lines named the dashboard, token and data. */
async function startDemo(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Demo> {
  const child = spawn(process.execPath, [BIN, 'demo', '--port', '0', ...args], {
    env: { ...env, FAULTLINE_ADMIN_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c;
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c;
  });
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, at: performance.now() });
    }),
  );
  const until = performance.now() + FIRST_LINES_WITHIN_MS;
  for (;;) {
    const dashboard = /^Dashboard: (\S+)$/m.exec(out)?.[1];
    const token = /^Login token: (\S+)$/m.exec(out)?.[1];
    const data = /^Data: (.+) \((?:temporary, removed at exit|kept)\)$/m.exec(out)?.[1];
    if (dashboard && token && data) return { child, dashboard, token, data, output: () => out, exited };
    assert.equal(child.exitCode, null, `the demo exited early:\n${out}`);
    assert.ok(
      performance.now() < until,
      `no dashboard/token/data lines within ${FIRST_LINES_WITHIN_MS} ms:\n${out}`,
    );
    await new Promise((r) => setTimeout(r, 100));
  }
}

function api(demo: Demo) {
  return async (path: string): Promise<any> => {
    const res = await fetch(new URL(path, demo.dashboard), {
      headers: { authorization: `Bearer ${demo.token}` },
    });
    assert.equal(res.status, 200, `${path}: ${res.status} ${await res.clone().text()}`);
    return res.json();
  };
}

/** What the read API does not show yet (empty: everything is there). */
async function missing(get: (path: string) => Promise<any>): Promise<string[]> {
  const gaps: string[] = [];
  const project = (await get('/api/v1/projects')).items[0].id;
  const issues = `/api/v1/projects/${project}/issues?limit=100`;
  const all = (await get(issues)).items;
  if (all.length < 3) gaps.push(`only ${all.length} issues`);
  for (const category of ['bug', 'dependency', 'timeout'])
    if ((await get(`${issues}&tag=category:${category}`)).items.length === 0)
      gaps.push(`no ${category} issue`);

  const byRelease = (await get('/api/v1/rates?by=release&since=1h')).series;
  const v1 = byRelease.find((s: any) => s.key === 'orders@1.0.0');
  const v2 = byRelease.find((s: any) => s.key === 'orders@1.1.0');
  if (!(v1?.requests > 0 && v2?.requests > 0)) gaps.push('no rates for both orders@1.0.0 and orders@1.1.0');
  else if (v1.rate5xx === v2.rate5xx) gaps.push(`both orders releases have a 5xx rate of ${v1.rate5xx}`);

  const byRoute = (await get('/api/v1/rates?by=route&since=1h')).series;
  if (byRoute.reduce((n: number, s: any) => n + s.shed, 0) === 0) gaps.push('no shed requests counted');

  const releases = (await get(`/api/v1/releases?project=${project}`)).items;
  const regressedIn = releases.find((r: any) => r.version === 'orders@1.1.0')?.regressedIssues ?? 0;
  if (regressedIn === 0 || !all.some((i: any) => i.regressed)) gaps.push('no regression in orders@1.1.0');

  if (!(await cascadeFromInventory(get, issues))) gaps.push('no trace whose cascade origin is inventory');
  return gaps;
}

/** Whether one of inventory's dependency failures is the origin of a storefront → orders → inventory trace. */
async function cascadeFromInventory(get: (path: string) => Promise<any>, issues: string): Promise<boolean> {
  const services = (node: any): string[] => [node.service, ...node.children.flatMap(services)];
  for (const issue of (await get(`${issues}&tag=service:inventory&tag=category:dependency`)).items) {
    const events = (await get(`/api/v1/issues/${issue.id}/events?limit=10`)).items;
    for (const event of events) {
      if (!event.links.trace) continue;
      const trace = await get(event.links.trace);
      if (
        trace.origin?.service === 'inventory' &&
        trace.origin.category === 'dependency' &&
        trace.roots.some((r: any) => services(r).join(' → ') === 'storefront → orders → inventory')
      )
        return true;
    }
  }
  return false;
}

async function stop(demo: Demo): Promise<number> {
  const signalled = performance.now();
  demo.child.kill('SIGINT');
  const late = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`no exit within ${EXIT_WITHIN_MS} ms:\n${demo.output()}`)),
      EXIT_WITHIN_MS,
    ).unref(),
  );
  const { code, at } = await Promise.race([demo.exited, late]);
  assert.equal(code, 0, `exit code ${code} after SIGINT:\n${demo.output()}`);
  assert.ok(at - signalled < EXIT_WITHIN_MS, `stopped after ${at - signalled} ms`);
  return at - signalled;
}

const EVERYTHING = 'the demo shows every kind of thing through the read API, then stops on SIGINT';
test(EVERYTHING, { timeout: 90_000 }, async (t) => {
  const data = join(root, 'kept');
  const started = performance.now();
  const demo = await startDemo(['--data', data]);
  assert.equal(demo.data, data);
  const get = api(demo);
  const until = performance.now() + EVERYTHING_WITHIN_MS;
  let gaps = await missing(get);
  while (gaps.length > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    gaps = await missing(get);
  }
  assert.deepEqual(gaps, [], `after ${EVERYTHING_WITHIN_MS} ms:\n${demo.output()}`);
  t.diagnostic(`everything visible ${Math.round(performance.now() - started)} ms after the spawn`);
  t.diagnostic(`exited ${Math.round(await stop(demo))} ms after SIGINT`);
  assert.ok(existsSync(join(data, 'faultline.db')), 'a --data folder is kept, with its store');
});

test('without --data the temporary folder is removed at exit', { timeout: 30_000 }, async (t) => {
  const scratch = mkdtempSync(join(root, 'tmp-'));
  const demo = await startDemo([], { ...process.env, TMPDIR: scratch });
  assert.ok(demo.data.startsWith(scratch), `${demo.data} is not under TMPDIR`);
  assert.ok(existsSync(demo.data));
  const health = await fetch(new URL('/health', demo.dashboard));
  assert.equal(health.status, 200);
  await new Promise((r) => setTimeout(r, 2_000)); // some load, events and counts in flight
  t.diagnostic(`exited ${Math.round(await stop(demo))} ms after SIGINT`);
  assert.equal(existsSync(demo.data), false, `${demo.data} was not removed:\n${demo.output()}`);
});
