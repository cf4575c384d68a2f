// `npm run bench:reporter` (issue 5 §5): what reporting costs an app. Per framework, with
// autocannon, interleaved rounds, the app on CPU 0 and load + collector on CPU 1:
//   /ok   bare framework  vs  Faultline reporting to a running collector (events + rates)
//   /boom Faultline without a DSN  vs  Faultline reporting every 500 to the collector
//   /ok   bare  vs  Faultline whose collector is down (connection refused)
//   /ok   bare  vs  Faultline whose collector answers 429 (project rate limit of 1/min)
// and each app's RSS after its runs. Targets: /ok ≥ 0.95×, /boom ≥ 0.9×, down/429 /ok ≥ 0.95×.
//
// Environment: ROUNDS (3), DURATION s (5), CONNECTIONS (100), PIPELINING (10), FRAMEWORKS.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createSqliteStore, startCollector } from '@faultline/collector';
import autocannon from 'autocannon';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 100);
const PIPELINING = Number(process.env.PIPELINING ?? 10);
const FRAMEWORKS = (process.env.FRAMEWORKS ?? 'node,express,fastify,hono,koa').split(',');
const hasTaskset = existsSync('/usr/bin/taskset');
const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-reporter-'));
const appPath = new URL('./server-app.mjs', import.meta.url).pathname;
const ADMIN = 'bench-reporter-admin';

if (hasTaskset) execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });

// The collector: a real one, SQLite in a temp folder, in this process (CPU 1).
const store = createSqliteStore({ dataDir: join(dir, 'data') });
await store.migrate();
const collector = await startCollector({ store, host: '127.0.0.1', port: 0, adminToken: ADMIN });
const { dsn } = await bootstrap(store, collector.url, ADMIN);
// A second project whose limit of one event a minute turns nearly every send into a 429.
const limited = await store.createProject('bench-limited', { rateLimitPerMinute: 1 });
const limitedKey = await store.createKey(limited.id);
const limitedDsn = `http://${limitedKey.publicKey}@${new URL(collector.url).host}/${limited.id}`;
const downDsn = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(`http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/1`));
  });
});

async function startApp(framework, variant, name, env = {}) {
  const logfile = join(dir, `${framework}-${name}.log`);
  const stderr = openSync(logfile, 'a');
  const cmd = hasTaskset ? 'taskset' : process.execPath;
  const args = hasTaskset ? ['-c', '0', process.execPath, appPath] : [appPath];
  const child = spawn(cmd, [...args, framework, variant, logfile], {
    stdio: ['ignore', 'pipe', stderr],
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(JSON.parse(String(d)).port));
    child.once('exit', (code) => reject(new Error(`${framework}/${name} exited ${code}`)));
  });
  return { name, child, url: `http://127.0.0.1:${port}` };
}

/** RSS in MB of the node process under the taskset wrapper (or the child itself). */
function rssMb(child) {
  let pid = child.pid;
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (kids) pid = Number(kids.split(' ')[0]);
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function measure(url, duration = DURATION) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, pipelining: PIPELINING, duration }, (err, result) => {
      if (err) reject(err);
      else resolve({ rps: result.requests.average, non2xx: result.non2xx });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = [];
for (const framework of FRAMEWORKS) {
  const apps = {
    bare: await startApp(framework, 'bare', 'bare'),
    quiet: await startApp(framework, 'faultline', 'no-dsn'),
    up: await startApp(framework, 'faultline', 'reporting', { BENCH_DSN: dsn }),
    down: await startApp(framework, 'faultline', 'collector-down', { BENCH_DSN: downDsn }),
    limited: await startApp(framework, 'faultline', 'collector-429', { BENCH_DSN: limitedDsn }),
  };
  for (const a of Object.values(apps)) for (const path of ['/ok', '/boom']) await measure(a.url + path, 1);
  const pairs = [
    ['ok', 'bare', 'up'],
    ['boom', 'quiet', 'up'],
    ['ok', 'bare', 'down'],
    ['ok', 'bare', 'limited'],
  ];
  const samples = new Map();
  const push = (key, v) => samples.set(key, [...(samples.get(key) ?? []), v]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [path, base, other] of pairs) {
      const order = round % 2 === 0 ? [base, other] : [other, base];
      for (const name of order) push(`${path}:${name}`, (await measure(`${apps[name].url}/${path}`)).rps);
    }
  }
  const ratio = (path, base, other) =>
    median(samples.get(`${path}:${other}`)) / median(samples.get(`${path}:${base}`));
  const row = {
    framework,
    okUp: ratio('ok', 'bare', 'up'),
    boomUp: ratio('boom', 'quiet', 'up'),
    okDown: ratio('ok', 'bare', 'down'),
    okLimited: ratio('ok', 'bare', 'limited'),
    rss: Object.fromEntries(Object.entries(apps).map(([k, a]) => [k, Math.round(rssMb(a.child))])),
    okBareRps: Math.round(median(samples.get('ok:bare'))),
    boomQuietRps: Math.round(median(samples.get('boom:quiet'))),
  };
  for (const a of Object.values(apps)) a.child.kill();
  rows.push(row);
  console.log(JSON.stringify(row));
}

const stored = await store.listIssues({ projectId: 1, sort: 'lastSeen', limit: 5 });
const rates = await store.routeRates({
  by: 'route',
  from: Date.now() - 3_600_000,
  to: Date.now() + 60_000,
  bucketMs: 60_000,
});
await collector.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  `\nNode ${process.version}, ${ROUNDS} rounds × ${DURATION} s, autocannon -c ${CONNECTIONS} -p ${PIPELINING}; app on CPU 0, load and collector on CPU 1`,
);
console.log(
  `collector: ${stored.items.length} issue(s), ${rates.reduce((n, r) => n + r.requests, 0)} requests counted in rates\n`,
);
console.log(
  '| framework | /ok reporting ÷ bare (≥ 0.95) | /boom reporting ÷ no DSN (≥ 0.9) | /ok collector down ÷ bare (≥ 0.95) | /ok collector 429 ÷ bare (≥ 0.95) | RSS MB bare / no DSN / reporting / down / 429 |',
);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  const rss = `${r.rss.bare} / ${r.rss.quiet} / ${r.rss.up} / ${r.rss.down} / ${r.rss.limited}`;
  console.log(
    `| ${r.framework} | ${r.okUp.toFixed(3)} | ${r.boomUp.toFixed(3)} | ${r.okDown.toFixed(3)} | ${r.okLimited.toFixed(3)} | ${rss} |`,
  );
}
