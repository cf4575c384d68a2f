/**
 * The packages as someone outside the repository gets them: `npm run pack` writes the
 * tarballs, each is complete (its exports, types and bin inside, no tests), and an app in the
 * system's temporary folder installs server, core and client from them (express from the
 * registry), with no link back into this checkout. The README's Express example runs there
 * against a collector; its /boom is found by incident id, Faultline's frames not in-app.
 * Takes ~40-70 s, most of it `npm install`.
 */

import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bootstrap, createSqliteStore, type RunningCollector, startCollector } from '@faultline/collector';

const root = realpathSync(new URL('../..', import.meta.url).pathname);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const temp = mkdtempSync(join(tmpdir(), 'faultline-pack-'));
const tarballs = join(temp, 'tarballs');
const app = join(temp, 'app');
const ADMIN_TOKEN = 'pack-install-admin-token';
let collector: RunningCollector | undefined;
let dsn = '';
let example: ChildProcess | undefined;

/** The README's Express block: the fenced code under its heading, exactly as written. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const heading = readme.indexOf('\n## Ten lines of Express\n');
  assert.ok(heading !== -1, 'the README has its "Ten lines of Express" section');
  const block = /```js\n([\s\S]*?)```/.exec(readme.slice(heading));
  assert.ok(block?.[1], 'a js block follows the heading');
  return block[1];
}

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_fund: 'false' },
  });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => {
    const { port } = server.address() as { port: number };
    server.close();
    return port;
  });
}

before(async () => {
  const dir = mkdtempSync(join(temp, 'store-'));
  const store = createSqliteStore({ dataDir: dir });
  await store.migrate();
  collector = await startCollector({ store, port: 0, adminToken: ADMIN_TOKEN });
  ({ dsn } = await bootstrap(store, collector.url, ADMIN_TOKEN));
});

after(async () => {
  example?.kill('SIGKILL');
  await collector?.close();
  rmSync(temp, { recursive: true, force: true });
});

interface Packed {
  file: string;
  manifest: Record<string, any>;
  files: Set<string>;
}
const packed = new Map<string, Packed>();

test('npm run pack: one complete tarball per public package', (t) => {
  const started = Date.now();
  run(npm, ['run', 'pack', '--', tarballs], root);
  t.diagnostic(`npm run pack: ${Date.now() - started} ms`);
  const workspaces: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
  const published = workspaces
    .map((dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')))
    .filter((pkg) => !pkg.private);
  assert.deepEqual(
    readdirSync(tarballs).sort(),
    published.map((p) => `${p.name.replace('@', '').replace('/', '-')}-${p.version}.tgz`).sort(),
  );
  for (const name of readdirSync(tarballs)) {
    const file = join(tarballs, name);
    const files = new Set(
      execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, '')),
    );
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' }),
    );
    packed.set(manifest.name, { file, manifest, files });
  }
  for (const { manifest, files } of packed.values()) {
    const label = manifest.name;
    for (const required of ['package.json', 'README.md', 'LICENSE'])
      assert.ok(files.has(required), `${label}: ${required}`);
    for (const f of files)
      assert.doesNotMatch(f, /\.test\.|\.map$|test-support|(^|\/)test\//, `${label} ships ${f}`);
    assert.equal(manifest.engines?.node, '>=20.19', `${label}: the Node floor`);
    assert.ok(manifest.scripts?.prepack, `${label}: prepack builds it`);
    for (const [subpath, target] of Object.entries<any>(manifest.exports ?? {})) {
      if (typeof target === 'string')
        assert.ok(files.has(target.replace(/^\.\//, '')), `${label} ${subpath}`);
      else {
        assert.ok(files.has(target.types.replace(/^\.\//, '')), `${label} ${subpath}: types ${target.types}`);
        assert.ok(files.has(target.default.replace(/^\.\//, '')), `${label} ${subpath}: ${target.default}`);
      }
    }
    for (const bin of Object.values<string>(manifest.bin ?? {}))
      assert.ok(files.has(bin.replace(/^\.\//, '')), `${label} bin`);
    for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {}))
      if (dep.startsWith('@faultline/'))
        assert.equal(range, packed.get(dep)?.manifest.version ?? range, `${label} → ${dep}`);
  }
  assert.ok(
    packed.get('faultline')?.files.has('dashboard/index.html'),
    'the CLI carries the built dashboard',
  );
});

test('an app outside the repository installs the tarballs: real copies, no link into the checkout', (t) => {
  const tgz = (name: string) => packed.get(name)?.file ?? assert.fail(`${name} was not packed`);
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'outside-app', private: true, type: 'module' }),
  );
  const started = Date.now();
  run(
    npm,
    [
      'install',
      '--no-audit',
      '--no-fund',
      tgz('@faultline/core'),
      tgz('@faultline/server'),
      tgz('@faultline/client'),
      'express@5',
    ],
    app,
  );
  t.diagnostic(`npm install: ${Date.now() - started} ms`);
  const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
  assert.match(
    lock.packages['node_modules/@faultline/core'].resolved,
    /^file:.*faultline-core-0\.1\.0\.tgz$/,
  );
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink())
        assert.ok(!realpathSync(path).startsWith(`${root}/`), `${path} links into the checkout`);
      else if (stat.isDirectory()) walk(path);
    }
  };
  walk(join(app, 'node_modules'));
  for (const name of ['core', 'server', 'client'])
    assert.ok(
      lstatSync(join(app, 'node_modules', '@faultline', name)).isDirectory(),
      `@faultline/${name} is a copy`,
    );

  // The types every export names resolve for a TypeScript user of the installed packages.
  writeFileSync(
    join(app, 'check-types.ts'),
    [
      "import { createClient } from '@faultline/client';",
      "import { toProblem } from '@faultline/core';",
      "import { createFaultline } from '@faultline/server';",
      "import { faultlineErrorHandler } from '@faultline/server/express';",
      "import { faultlineHandler } from '@faultline/server/node';",
      'const faultline = createFaultline({ service: 1 });',
      'export const used = [createClient, toProblem, faultlineErrorHandler, faultlineHandler, faultline];',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, skipLibCheck: true, module: 'nodenext', noEmit: true, types: [] },
      files: ['check-types.ts'],
    }),
  );
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'],
    {
      cwd: app,
      encoding: 'utf8',
    },
  );
  // The one error is the deliberate one: proof the declarations were read, not skipped as `any`.
  assert.match(
    tsc.stdout,
    /check-types\.ts\(6,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/,
  );
  assert.equal(tsc.stdout.trim().split('\n').length, 1, tsc.stdout);
});

test("the README's Express example, run in that app, reports /boom; its incident id finds it", async (t) => {
  writeFileSync(join(app, 'app.mjs'), readmeExample());
  const port = await freePort();
  const child = spawn(process.execPath, ['app.mjs'], {
    cwd: app,
    env: { ...process.env, PORT: String(port), FAULTLINE_DSN: dsn },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  example = child;
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    const probe = await fetch(`${url}/ready`).catch(() => undefined);
    if (probe?.status === 404) break; // the example's problem+json 404: it is listening
    assert.ok(child.exitCode === null, `the example exited: ${stderr}`);
    assert.ok(Date.now() < until, `the example did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const res = await fetch(`${url}/boom`);
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const { instance } = (await res.json()) as { instance: string };
  const started = Date.now();
  let incident: any;
  while (!incident) {
    const r = await fetch(`${collector?.url}/api/v1/incidents/${instance}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    if (r.status === 200) incident = await r.json();
    else {
      assert.equal(r.status, 404);
      assert.ok(Date.now() - started < 15_000, `incident ${instance} not found: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  t.diagnostic(`reported and found in ${Date.now() - started} ms`);
  const event = incident.payload;
  assert.equal(event.tags.request_id, instance);
  assert.equal(event.tags.service, 'orders');
  assert.equal(event.release, '1.4.2');
  assert.equal(event.exception.values.at(-1).value, 'db password=[Filtered]');
  const frames: any[] = event.exception.values.flatMap((v: any) => v.stacktrace?.frames ?? []);
  const crashing = frames.at(-1);
  assert.equal(crashing.filename, 'app.mjs', 'the app file, relative to its root');
  assert.equal(crashing.in_app, true);
  for (const f of frames)
    if (String(f.abs_path).includes('/node_modules/'))
      assert.equal(f.in_app, false, `${f.filename} is a library frame`);
  for (const f of frames.filter((f) => String(f.filename).startsWith('@faultline/')))
    assert.equal(f.in_app, false, `${f.filename} is Faultline's`);
});
