/**
 * `faultline gate` against a real collector whose counts arrived as real `faultline_rates`
 * envelopes: exit 0/1/2 with the verdict, 3 when the collector cannot answer, 4 for a bad
 * command line; --json; the GitHub Actions summary, output and annotation.
 */

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCollector, type TestCollector } from '@faultline/test-support';
import { runCli, tempDirs } from './cli-process.js';
import { sendRouteCounts } from './route-counts.js';

let c: TestCollector;
const dirs = tempDirs();
after(async () => {
  dirs.removeAll();
  await c?.close();
});

before(async () => {
  c = await startTestCollector({ adminToken: 'gate-cli-admin-token' });
  await sendRouteCounts(c.dsn, 'v1', 300, 1);
  await sendRouteCounts(c.dsn, 'v2-bad', 300, 15);
  await sendRouteCounts(c.dsn, 'v2-good', 300, 1);
  await sendRouteCounts(c.dsn, 'v2-new', 20, 0, 1);
});

const gate = (canary: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  runCli(['gate', '--url', c.url, '--project', '1', '--canary', canary, '--baseline', 'v1', ...extra], '', {
    env: {
      ...process.env,
      FAULTLINE_TOKEN: c.adminToken,
      GITHUB_ACTIONS: '',
      GITHUB_OUTPUT: '',
      GITHUB_STEP_SUMMARY: '',
      ...env,
    },
  });

test('exit 1 and a table naming the failure for a canary at 15× the baseline', async () => {
  const r = await gate('v2-bad');
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^verdict: FAIL/);
  assert.match(r.stdout, /canary +v2-bad +150 \/ 3000 \(5\.00 %\)/);
  assert.match(r.stdout, /baseline +v1 +10 \/ 3000/);
});

test('exit 0 for an equal canary; --json prints the collector’s answer', async () => {
  const r = await gate('v2-good', ['--json']);
  assert.equal(r.code, 0, r.stderr);
  const answer = JSON.parse(r.stdout);
  assert.equal(answer.verdict, 'pass');
  assert.equal(answer.canary.requests, 3000);
  assert.equal(answer.baseline.errors, 10);
  assert.ok(Array.isArray(answer.routes));
  assert.match(answer.method, /e-process/);
});

test('exit 2 for too little traffic; --wait asks again until its time is up', async () => {
  const r = await gate('v2-new');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /20 of the 500 requests/);
});

test('GitHub Actions: the step summary, the verdict output and an ::error:: for a failure', async () => {
  const dir = dirs.make();
  const summary = join(dir, 'summary.md');
  const output = join(dir, 'output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const r = await gate('v2-bad', [], {
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^::error title=Faultline gate failed::the canary's 5xx rate/m);
  assert.match(readFileSync(summary, 'utf8'), /### ❌ Faultline gate: fail/);
  assert.equal(readFileSync(output, 'utf8'), 'verdict=fail\n');
});

test('exit 3 when the collector cannot answer: unreachable, a wrong token, a refused question', async () => {
  const down = await runCli(
    [
      'gate',
      '--url',
      'http://127.0.0.1:9',
      '--token',
      't',
      '--project',
      '1',
      '--canary',
      'a',
      '--baseline',
      'b',
    ],
    '',
  );
  assert.equal(down.code, 3);
  assert.match(down.stderr, /could not be reached/);
  const wrong = await gate('v2-bad', [], { FAULTLINE_TOKEN: 'not-a-token' });
  assert.equal(wrong.code, 3);
  assert.match(wrong.stderr, /answered 401/);
  const refused = await gate('v2-bad', ['--since', '30d']);
  assert.equal(refused.code, 3);
  assert.match(refused.stderr, /answered 400: since may reach back at most 7 days/);
});

test('exit 4 for a bad command line, naming the flag', async () => {
  const missing = await runCli(['gate', '--url', c.url, '--project', '1', '--canary', 'a'], '');
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /--token is required|--baseline is required/);
  const alpha = await gate('v2-bad', ['--alpha', '2']);
  assert.equal(alpha.code, 4);
  assert.match(alpha.stderr, /--alpha: expected a number from/);
  const same = await gate('v1');
  assert.equal(same.code, 4);
});
