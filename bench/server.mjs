// `npm run bench:server`: each framework's /ok bare vs with Faultline, and /boom with the
// framework's own error handling vs with Faultline, measured with autocannon in one run,
// interleaved (A, B, A, B...) so that drift hits both sides. Servers run on CPU 0,
// autocannon on CPU 1 (when taskset exists). Prints each pair's median ratio.
//
// Environment: ROUNDS (3), DURATION seconds per measurement (5), CONNECTIONS (100),
// PIPELINING (10, as fastify/benchmarks), FRAMEWORKS (comma list).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const PIPELINING = Number(process.env.PIPELINING ?? 10);
const FRAMEWORKS = (process.env.FRAMEWORKS ?? 'node,express,fastify,hono,koa').split(',');
const hasTaskset = existsSync('/usr/bin/taskset');
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
const appPath = new URL('./server-app.mjs', import.meta.url).pathname;

if (hasTaskset) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });

async function startServer(framework, variant) {
  const logfile = join(dir, `${framework}-${variant}.log`);
  const stderr = openSync(logfile, 'a');
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const args = hasTaskset ? ['-c', '0', process.execPath, appPath] : [appPath];
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

function measure(url, duration = DURATION) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, pipelining: PIPELINING, duration }, (err, result) => {
      if (err) reject(err);
      else
        resolve({
          rps: result.requests.average,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
        });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const framework of FRAMEWORKS) {
  const bare = await startServer(framework, 'bare');
  const fl = await startServer(framework, 'faultline');
  // Warm-up: JIT both paths of both servers.
  for (const s of [bare, fl]) for (const path of ['/ok', '/boom']) await measure(s.url + path, 1);
  const samples = { okBare: [], okFl: [], boomBare: [], boomFl: [], p99OkBare: [], p99OkFl: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first each round.
    const order = round % 2 === 0 ? [bare, fl] : [fl, bare];
    for (const s of order) {
      const r = await measure(`${s.url}/ok`);
      (s === bare ? samples.okBare : samples.okFl).push(r.rps);
      (s === bare ? samples.p99OkBare : samples.p99OkFl).push(r.p99);
    }
    for (const s of order) {
      const r = await measure(`${s.url}/boom`);
      if (r.non2xx === 0) throw new Error(`${framework}: /boom answered 2xx`);
      (s === bare ? samples.boomBare : samples.boomFl).push(r.rps);
    }
  }
  bare.child.kill();
  fl.child.kill();
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
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
rmSync(dir, { recursive: true, force: true });

const f = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `\nNode ${process.version}, ${ROUNDS} rounds × ${DURATION} s, autocannon -c ${CONNECTIONS} -p ${PIPELINING}, servers on CPU 0, load on CPU 1\n`,
);
console.log(
  '| framework | /ok bare req/s | /ok Faultline req/s | ratio (target ≥ 0.97) | /boom own req/s | /boom Faultline req/s | ratio (target ≥ 1.0) |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.framework} | ${f(r.okBare)} | ${f(r.okFaultline)} | ${r.okRatio.toFixed(3)} | ${f(r.boomOwn)} | ${f(r.boomFaultline)} | ${r.boomRatio.toFixed(3)} |`,
  );
}
