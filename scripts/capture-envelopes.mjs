// Captures real SDK envelopes into test/fixtures/envelopes/ (the corpus the parser's fuzz test
// mutates and the collector's corpus test ingests). A sink on 127.0.0.1 takes every request
// as a Sentry endpoint would, decompresses it, and writes the envelope bytes; the SDKs are the
// real ones the tests already run: @sentry/node (packages/collector/test/fixtures/
// sentry-node-app.mjs) and Debian's python3-sentry-sdk. Run: node scripts/capture-envelopes.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test/fixtures/envelopes');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.envelope')) rmSync(join(out, f));

const decoders = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync };
let sdk = 'none';
let n = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const decode = decoders[req.headers['content-encoding']];
    const body = decode ? decode(raw) : raw;
    const isStore = /\/store\/?(\?|$)/.test(req.url ?? '');
    n += 1;
    const name = `${sdk}-${String(n).padStart(2, '0')}${isStore ? '-store.json' : '.envelope'}`;
    writeFileSync(join(out, name), body);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const dsn = `http://0123456789abcdef0123456789abcdef@127.0.0.1:${server.address().port}/1`;

function run(name, command, args) {
  sdk = name;
  n = 0;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, SENTRY_DSN: dsn }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited ${code}`))));
  });
}

await run('sentry-node', process.execPath, [
  join(root, 'packages/collector/test/fixtures/sentry-node-app.mjs'),
]);
const python = [
  'import os, sentry_sdk',
  'sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], release="py@1.0.0", traces_sample_rate=1.0)',
  'sentry_sdk.set_user({"id": "u-7", "email": "grace@example.com"})',
  'sentry_sdk.add_breadcrumb(category="db", message="SELECT 1")',
  'with sentry_sdk.start_transaction(name="checkout", op="task"):',
  '    try:',
  '        secret = "hunter2"',
  '        1 / 0',
  '    except Exception as e:',
  '        sentry_sdk.capture_exception(e)',
  'sentry_sdk.capture_message("cache miss", level="warning")',
  'sentry_sdk.flush(5)',
].join('\n');
if (spawnSync('/usr/bin/python3', ['-c', 'import sentry_sdk']).status === 0)
  await run('sentry-python', '/usr/bin/python3', ['-c', python]);
else console.error('python3-sentry-sdk is not installed: apt-get install python3-sentry-sdk');
server.close();
console.log(`wrote ${readdirSync(out).length} files to ${out}`);
