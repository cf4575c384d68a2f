// `npm run bench:storm` (issue 18 §1): what a storm of one error costs an app that reports it.
// Per framework, /boom with autocannon against bench/server-app.mjs, without a DSN and with a
// DSN to a real collector (SQLite, in this process), interleaved rounds; the app on CPU 0, load
// and collector on CPU 1. Prints req/s and the app's CPU per /boom request (utime + stime from
// /proc), and the reporter's share: CPU per request with the DSN minus without. The anchor is the
// same app with `@sentry/node` instead of Faultline (server-app.mjs's "sentry" variant: Sentry.init
// and its framework error handler) reporting to the same collector: Faultline with a DSN ÷ it
// (target ≥ 2).
//
// Environment: ROUNDS (3), DURATION s (5), CONNECTIONS (50), FRAMEWORKS (express,fastify),
// APP (bench/server-app.mjs of another checkout, e.g. main's, to measure "before").
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createSqliteStore, startCollector } from '@faultline/collector';
import autocannon from 'autocannon';
import { cpuSeconds } from '../shared/proc-cpu.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const FRAMEWORKS = (process.env.FRAMEWORKS ?? 'express,fastify').split(',');
const APP = process.env.APP ?? new URL('../server-app.mjs', import.meta.url).pathname;
const hasTaskset = existsSync('/usr/bin/taskset');
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-storm-'));
const ADMIN = 'bench-storm-admin';

if (hasTaskset) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
const store = createSqliteStore({ dataDir: join(dir, 'data') });
await store.migrate();
const collector = await startCollector({ store, host: '127.0.0.1', port: 0, adminToken: ADMIN });
const { dsn } = await bootstrap(store, collector.url, ADMIN);

async function startApp(framework, variant, env = {}) {
  const logfile = join(dir, `${framework}-${variant}-${Object.keys(env).length}.log`);
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const args = hasTaskset ? ['-c', '0', process.execPath, APP] : [APP];
  const child = spawn(cmd, [...args, framework, variant, logfile], {
    stdio: ['ignore', 'pipe', openSync(logfile, 'a')],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port));
    child.once('exit', (code) => reject(new Error(`${framework} exited ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function measure(app) {
  const before = cpuSeconds(app.child);
  const result = await autocannon({ url: `${app.url}/boom`, connections: CONNECTIONS, duration: DURATION });
  const cpu = cpuSeconds(app.child) - before;
  return { rps: result.requests.average, cpuUsPerReq: (cpu / result.requests.total) * 1e6 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [loadavg()[0]];
for (const framework of FRAMEWORKS) {
  const apps = {
    quiet: await startApp(framework, 'faultline'),
    dsn: await startApp(framework, 'faultline', { BENCH_DSN: dsn }),
    sentry: await startApp(framework, 'sentry', { BENCH_DSN: dsn }),
  };
  for (const a of Object.values(apps))
    await autocannon({ url: `${a.url}/boom`, connections: 10, duration: 1 });
  const samples = { quiet: [], dsn: [], sentry: [] };
  const order = Object.keys(samples);
  // Each round starts with the next app, so that drift over the run hits all three alike.
  for (let round = 0; round < ROUNDS; round++)
    for (let i = 0; i < order.length; i++) {
      const name = order[(round + i) % order.length];
      samples[name].push(await measure(apps[name]));
    }
  const m = (name, k) => median(samples[name].map((s) => s[k]));
  console.log(
    JSON.stringify({
      framework,
      boomNoDsnRps: Math.round(m('quiet', 'rps')),
      boomDsnRps: Math.round(m('dsn', 'rps')),
      ratio: Number((m('dsn', 'rps') / m('quiet', 'rps')).toFixed(3)),
      sentryDsnRps: Math.round(m('sentry', 'rps')),
      faultlineOverSentry: Number((m('dsn', 'rps') / m('sentry', 'rps')).toFixed(3)),
      cpuUsPerReqSentry: Math.round(m('sentry', 'cpuUsPerReq')),
      cpuUsPerReqNoDsn: Math.round(m('quiet', 'cpuUsPerReq')),
      cpuUsPerReqDsn: Math.round(m('dsn', 'cpuUsPerReq')),
      reporterCpuUsPerReq: Math.round(m('dsn', 'cpuUsPerReq') - m('quiet', 'cpuUsPerReq')),
    }),
  );
  for (const a of Object.values(apps)) a.child.kill();
  load.push(loadavg()[0]);
}
const events = await store.listIssues({ projectId: 1, sort: 'lastSeen', limit: 5 });
console.log(
  `app ${APP}; ${ROUNDS} rounds × ${DURATION} s, -c ${CONNECTIONS}; issue counts ${events.items.map((i) => i.count).join(', ')}; load average (1 min) ${load.map((l) => l.toFixed(2)).join(' → ')}`,
);
await collector.close();
rmSync(dir, { recursive: true, force: true });
