// `npm run bench:sentry-cli`: how long `sentry-cli sourcemaps upload --wait` of a 5 MB bundle (and
// its source map) takes against a collector on this machine, with the real @sentry/cli binary and
// a project:releases token. Per round: a fresh collector and SQLite store, `sourcemaps inject`,
// then the first upload (every chunk sent, the bundle assembled and stored) and the same upload
// again (the server already has every chunk: sentry-cli sends nothing but the probe). The ratio
// first ÷ again is what receiving and assembling cost over the CLI's own work.
// Environment: BUNDLE_MB (5), ROUNDS (3).

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteStore, startCollector } from '@faultline/collector';
import { build } from 'esbuild';

const BUNDLE_MB = Number(process.env.BUNDLE_MB ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SENTRY_CLI = createRequire(import.meta.url).resolve('@sentry/cli/bin/sentry-cli');

function cli(args, env, cwd) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [SENTRY_CLI, ...args],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${args.join(' ')}: ${stdout}${stderr}`)) : resolve(),
    );
  });
}

/** Source modules whose bundle is about BUNDLE_MB: functions with distinct names and strings. */
function writeApp(dir) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  // About 5.1 KB of bundle per module (esbuild, not minified).
  const modules = Math.ceil((BUNDLE_MB * 1024 * 1024) / 5_100);
  const imports = [];
  for (let m = 0; m < modules; m++) {
    const fns = Array.from(
      { length: 20 },
      (_, f) =>
        `export function handler${m}_${f}(input: { id: number; name: string }): string {\n` +
        `  if (input.id < 0) throw new Error('module ${m} handler ${f}: negative id ' + input.id);\n` +
        `  const label = \`order-${m}-${f}-\${input.name}-\${input.id * ${f + 1}}\`;\n` +
        `  return label.padEnd(${20 + f}, '.');\n}\n`,
    );
    writeFileSync(join(dir, 'src', `m${m}.ts`), fns.join('\n'));
    imports.push(`import * as m${m} from './m${m}';`);
  }
  writeFileSync(
    join(dir, 'src', 'app.ts'),
    `${imports.join('\n')}\nexport const all = [${Array.from({ length: modules }, (_, m) => `m${m}`).join(', ')}];\n`,
  );
}

async function round(dir) {
  const store = createSqliteStore({ dataDir: join(dir, 'data') });
  await store.migrate();
  await store.ensureDefaultProject();
  const collector = await startCollector({ store });
  try {
    const { token } = await store.createToken('ci', { scopes: ['project:releases'] });
    const env = { SENTRY_URL: collector.url, SENTRY_AUTH_TOKEN: token, SENTRY_ORG: 'acme' };
    const upload = ['sourcemaps', 'upload', '--project', 'default', '--release', 'bench@1', '--wait', 'dist'];
    let t = performance.now();
    await cli(upload, env, dir);
    const first = performance.now() - t;
    t = performance.now();
    await cli(upload, env, dir);
    const again = performance.now() - t;
    return { first, again };
  } finally {
    await collector.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-sentry-cli-'));
try {
  writeApp(dir);
  await build({
    entryPoints: [join(dir, 'src', 'app.ts')],
    bundle: true,
    platform: 'node',
    sourcemap: true,
    outfile: join(dir, 'dist', 'app.js'),
    logLevel: 'silent',
  });
  await cli(['sourcemaps', 'inject', 'dist'], {}, dir);
  const js = statSync(join(dir, 'dist', 'app.js')).size;
  const map = statSync(join(dir, 'dist', 'app.js.map')).size;
  console.log(
    `bundle ${(js / 1048576).toFixed(1)} MiB + map ${(map / 1048576).toFixed(1)} MiB; load average ${loadavg()[0].toFixed(2)}`,
  );
  const results = [];
  for (let r = 0; r < ROUNDS; r++) {
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const res = await round(dir);
    results.push(res);
    console.log(
      `round ${r + 1}: first upload ${(res.first / 1000).toFixed(2)} s, again ${(res.again / 1000).toFixed(2)} s, ratio ${(res.first / res.again).toFixed(2)}`,
    );
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = median(results.map((r) => r.first));
  const again = median(results.map((r) => r.again));
  console.log(
    `median: first upload ${(first / 1000).toFixed(2)} s, again (nothing to send) ${(again / 1000).toFixed(2)} s, first ÷ again ${(first / again).toFixed(2)}; load average ${loadavg()[0].toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
