// Runs the compiled test files with node's built-in runner. Node 20's `node --test` takes no
// globs, so the files are listed here.
//
//   node scripts/run-tests.mjs [--unit | --integration] [substring]
//
// Unit tests sit beside the code they test (`src/**/x.test.ts`): in-process, no database, no
// browser, no child process; the whole set runs in seconds. Integration tests live in a `test/`
// folder (a package's own, or the root's for the repository as a whole): real PostgreSQL,
// chromium, the Sentry SDKs, child processes, load. With neither flag, both run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const kind = args.includes('--unit') ? 'unit' : args.includes('--integration') ? 'integration' : 'all';
const filter = args.find((a) => !a.startsWith('--'));

function findTests(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const files = [];
const dists = [
  ...readdirSync(join(root, 'packages')).map((pkg) => join(root, 'packages', pkg, 'dist')),
  join(root, 'test', 'dist'),
];
for (const dist of dists) {
  try {
    findTests(dist, files);
  } catch {
    // a package without a build has no tests to run
  }
}
const isIntegration = (f) =>
  f.startsWith(join(root, 'test', 'dist')) || f.includes(`${sep}dist${sep}test${sep}`);
const chosen = (integration) =>
  files.filter(
    // matched inside the checkout, so a checkout whose own path holds the filter does not match all
    (f) => isIntegration(f) === integration && (filter === undefined || relative(root, f).includes(filter)),
  );
/** Unit files are mostly node's start-up and idle timers, so several run at once even on two
 * cores; integration files load the machine (databases, browsers, load), so one at a time
 * (node's default on a 2-core machine) keeps their timing assertions honest. */
const UNIT_CONCURRENCY = 4;
/** Integration files that spend their time waiting on real clocks (a database stopped for 20 s, a
 * lease running out, a SIGKILLed process's claim expiring, an alert window closing) with little
 * CPU of their own. They run beside each other, before the rest and never beside the load,
 * latency and browser files; each one's timing margins hold on a machine loaded to 8. Not
 * here: files that spend CPU, such as the login throttle's (a password hash per guess). */
const WAITING_FILES = new Set([
  'alerts-email-digest',
  'alerts-outbox-crash',
  'alerts-rate-middleware',
  'alerts-retry',
  'alerts-silences',
  'gate-end-to-end',
  'ops-store-failure-visible',
  'scale-failover',
  'scale-postgres-restart',
  'scale-retention-lease',
  'session-ends-everywhere',
  'session-ends-with-owner',
  'store-postgres-frozen',
  'store-postgres-restart',
  'store-postgres-timeouts',
]);
const WAITING_CONCURRENCY = 3;
const isWaiting = (f) => WAITING_FILES.has(basename(f, '.test.js'));
const integration = chosen(true);
const runs = [
  ...(kind === 'integration' ? [] : [{ files: chosen(false), concurrency: UNIT_CONCURRENCY }]),
  ...(kind === 'unit'
    ? []
    : [
        { files: integration.filter(isWaiting), concurrency: WAITING_CONCURRENCY },
        { files: integration.filter((f) => !isWaiting(f)), concurrency: 1 },
      ]),
].filter((r) => r.files.length > 0);
if (runs.length === 0) {
  console.error('run-tests: no test files found; did the build run?');
  process.exit(1);
}
let status = 0;
for (const run of runs) {
  // A test that hangs fails after this long instead of holding CI until its limit.
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-timeout=120000', `--test-concurrency=${run.concurrency}`, ...run.files],
    { stdio: 'inherit', cwd: root },
  );
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
