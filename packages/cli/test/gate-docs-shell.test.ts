/**
 * docs/canary.md's shell loop, run as written (extracted from the document) with bash against a
 * real collector: a failing canary is rolled back, a good one promoted.
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCollector, type TestCollector } from '@faultline/test-support';
import { STUB, tempDirs } from './cli-process.js';
import { sendRouteCounts } from './route-counts.js';

const DOC = new URL('../../../../docs/canary.md', import.meta.url).pathname;

let c: TestCollector;
const dirs = tempDirs();

before(async () => {
  c = await startTestCollector({ adminToken: 'gate-docs-admin-token' });
  await sendRouteCounts(c.dsn, 'shop@1', 300, 1);
  await sendRouteCounts(c.dsn, 'shop@2', 300, 20);
  await sendRouteCounts(c.dsn, 'shop@3', 300, 1);
});
after(async () => {
  dirs.removeAll();
  await c?.close();
});

/** The document's `sh` block under "A shell loop". */
function shellLoop(): string {
  const doc = readFileSync(DOC, 'utf8');
  const section = doc.slice(doc.indexOf('## A shell loop'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block?.includes('faultline gate'), 'the document has its shell loop');
  return block as string;
}

/** Runs the loop in a folder with a `./deploy.sh` that records what it was asked (in a child
 * process, asynchronously: the collector answering it runs in this one). */
async function runLoop(
  newRelease: string,
): Promise<{ status: number | null; deployed: string; output: string }> {
  const dir = dirs.make();
  writeFileSync(join(dir, 'deploy.sh'), '#!/bin/sh\necho "$@" >> deployed.log\n');
  chmodSync(join(dir, 'deploy.sh'), 0o755);
  writeFileSync(join(dir, 'faultline'), `#!/bin/sh\nexec "${process.execPath}" "${STUB}" "$@"\n`);
  chmodSync(join(dir, 'faultline'), 0o755);
  const child = spawn('bash', ['-c', shellLoop()], {
    cwd: dir,
    env: {
      ...process.env,
      PATH: `${dir}:${process.env.PATH}`,
      FAULTLINE_URL: c.url,
      FAULTLINE_TOKEN: c.adminToken,
      NEW: newRelease.replace('shop@', ''),
      LIVE: '1',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  let deployed = '';
  try {
    deployed = readFileSync(join(dir, 'deployed.log'), 'utf8');
  } catch {
    // nothing was deployed
  }
  return { status, deployed, output };
}

test('the shell loop of docs/canary.md rolls a failing canary back', async () => {
  const r = await runLoop('shop@2');
  assert.equal(r.status, 1, r.output);
  assert.equal(r.deployed, 'rollback\n', r.output);
});

test('the shell loop of docs/canary.md promotes a good canary', async () => {
  const r = await runLoop('shop@3');
  assert.equal(r.status, 0, r.output);
  assert.equal(r.deployed, 'promote\n', r.output);
});
