// `npm run bench:server`: each framework's /ok bare vs with Faultline, and /boom with the
// framework's own error handling vs with Faultline, measured with autocannon in one run,
// interleaved (A, B, A, B...) so that drift hits both sides. Servers run on CPU 0,
// autocannon on CPU 1 (when taskset exists). Prints each pair's median ratio, and each
// server's CPU time per request (utime + stime from /proc ÷ requests answered): on a shared
// machine the ratios move with the neighbours' load, CPU per request much less.
//
// Environment: ROUNDS (3), DURATION seconds per measurement (5), CONNECTIONS (100),
// PIPELINING (10, as fastify/benchmarks), FRAMEWORKS (comma list), APP (bench/server-app.mjs
// of another checkout, to measure "before"), PROFILE (a folder: the servers run with
// --cpu-prof and write their profiles there when the run ends).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cpuSeconds } from './shared/proc-cpu.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const PIPELINING = Number(process.env.PIPELINING ?? 10);
const FRAMEWORKS = (process.env.FRAMEWORKS ?? 'node,express,fastify,hono,koa').split(',');
const hasTaskset = existsSync('/usr/bin/taskset');
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
const appPath = process.env.APP ?? new URL('./server-app.mjs', import.meta.url).pathname;
const PROFILE = process.env.PROFILE;

if (hasTaskset) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });

async function startServer(framework, variant) {
  const logfile = join(dir, `${framework}-${variant}.log`);
  const stderr = openSync(logfile, 'a');
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const node = PROFILE
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${PROFILE}`,
        `--cpu-prof-name=${framework}-${variant}.cpuprofile`,
        appPath,
      ]
    : [appPath];
  const args = hasTaskset ? ['-c', '0', process.execPath, ...node] : node;
  const child = spawn(cmd, [...args, framework, variant, logfile], {
    stdio: ['ignore', 'pipe', stderr],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port));
    child.once('exit', (code) => reject(new Error(`${framework}/${variant} exited ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

function measure(server, path, duration = DURATION) {
  const cpuBefore = cpuSeconds(server.child);
  return new Promise((resolve, reject) => {
    const url = server.url + path;
    autocannon({ url, connections: CONNECTIONS, pipelining: PIPELINING, duration }, (err, result) => {
      if (err) reject(err);
      else
        resolve({
          rps: result.requests.average,
          p99: result.latency.p99,
          ok2xx: result['2xx'],
          errors: result.errors + result.timeouts,
          cpuUsPerReq: ((cpuSeconds(server.child) - cpuBefore) / result.requests.total) * 1e6,
        });
    });
  });
}

// SIGTERM lets a profiled server exit through process.exit, which writes its profile.
function stop(server) {
  return new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill();
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
const load = [loadavg()[0]];
for (const framework of FRAMEWORKS) {
  const bare = await startServer(framework, 'bare');
  const fl = await startServer(framework, 'faultline');
  // Warm-up: JIT both paths of both servers.
  for (const s of [bare, fl]) for (const path of ['/ok', '/boom']) await measure(s, path, 1);
  const samples = {
    ...{ okBare: [], okFl: [], boomBare: [], boomFl: [], p99OkBare: [], p99OkFl: [] },
    ...{ cpuOkBare: [], cpuOkFl: [], cpuBoomBare: [], cpuBoomFl: [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first each round.
    const order = round % 2 === 0 ? [bare, fl] : [fl, bare];
    for (const s of order) {
      const r = await measure(s, '/ok');
      if (r.errors > 0)
        console.error(`${framework} ${s === bare ? 'bare' : 'faultline'} /ok: ${r.errors} errors`);
      (s === bare ? samples.okBare : samples.okFl).push(r.rps);
      (s === bare ? samples.p99OkBare : samples.p99OkFl).push(r.p99);
      (s === bare ? samples.cpuOkBare : samples.cpuOkFl).push(r.cpuUsPerReq);
    }
    for (const s of order) {
      const r = await measure(s, '/boom');
      if (r.errors > 0)
        console.error(`${framework} ${s === bare ? 'own' : 'faultline'} /boom: ${r.errors} errors`);
      if (r.ok2xx > 0) throw new Error(`${framework}: /boom answered 2xx`);
      (s === bare ? samples.boomBare : samples.boomFl).push(r.rps);
      (s === bare ? samples.cpuBoomBare : samples.cpuBoomFl).push(r.cpuUsPerReq);
    }
  }
  await Promise.all([stop(bare), stop(fl)]);
  load.push(loadavg()[0]);
  const row = {
    framework,
    okBare: median(samples.okBare),
    okFaultline: median(samples.okFl),
    okRatio: median(samples.okFl) / median(samples.okBare),
    p99OkBare: median(samples.p99OkBare),
    p99OkFaultline: median(samples.p99OkFl),
    boomOwn: median(samples.boomBare),
    boomFaultline: median(samples.boomFl),
    boomRatio: median(samples.boomFl) / median(samples.boomBare),
    spreadOk: `${Math.round(Math.min(...samples.okFl))}–${Math.round(Math.max(...samples.okFl))}`,
    cpuUsOkBare: median(samples.cpuOkBare),
    cpuUsOkFaultline: median(samples.cpuOkFl),
    cpuUsBoomOwn: median(samples.cpuBoomBare),
    cpuUsBoomFaultline: median(samples.cpuBoomFl),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
rmSync(dir, { recursive: true, force: true });

const f = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `\nNode ${process.version}, ${ROUNDS} rounds × ${DURATION} s, autocannon -c ${CONNECTIONS} -p ${PIPELINING}, servers on CPU 0, load on CPU 1; load average (1 min) ${load.map((l) => l.toFixed(2)).join(' → ')}${process.env.APP ? `; app ${appPath}` : ''}\n`,
);
console.log(
  '| framework | /ok bare req/s | /ok Faultline req/s | ratio (target ≥ 0.97) | /ok p99 bare / Faultline ms | /ok CPU µs/req bare / Faultline | /boom own req/s | /boom Faultline req/s | ratio (target ≥ 1.0) | /boom CPU µs/req own / Faultline |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
const us = (n) => n.toFixed(1);
for (const r of rows) {
  console.log(
    `| ${r.framework} | ${f(r.okBare)} | ${f(r.okFaultline)} | ${r.okRatio.toFixed(3)} | ${r.p99OkBare} / ${r.p99OkFaultline} | ${us(r.cpuUsOkBare)} / ${us(r.cpuUsOkFaultline)} | ${f(r.boomOwn)} | ${f(r.boomFaultline)} | ${r.boomRatio.toFixed(3)} | ${us(r.cpuUsBoomOwn)} / ${us(r.cpuUsBoomFaultline)} |`,
  );
}
