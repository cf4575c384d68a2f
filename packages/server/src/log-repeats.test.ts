import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '@faultline/core';
import type { ErrorReport } from './error-report.js';
import { LogRepeats } from './log-repeats.js';
import type { Logger } from './options.js';

type Line = { obj: Record<string, unknown>; msg: string | undefined };

function logger(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (obj: object, msg?: string) => {
    lines.push({ obj: obj as Record<string, unknown>, msg });
  };
  return { lines, error: at, warn: at, info: at };
}

function report(requestId: string, error: unknown, route = '/boom'): ErrorReport {
  const classification = classify(error);
  return {
    error,
    classification,
    requestId,
    method: 'GET',
    route,
    status: classification.status,
  } as unknown as ErrorReport;
}

test('one site: the first is full, the rest name it, and the window ends with one count line', () => {
  let now = 1_000;
  const log = logger();
  const repeats = new LogRepeats(log, { windowMs: 10_000, now: () => now });
  const boom = new Error('db down');
  assert.equal(repeats.note(report('a', boom)), undefined);
  assert.deepEqual(repeats.note(report('b', new Error('db down'))), { repeatOf: 'a', occurrence: 2 });
  assert.deepEqual(repeats.note(report('c', boom)), { repeatOf: 'a', occurrence: 3 });
  assert.equal(repeats.note(report('d', new Error('other'))), undefined, 'another message: another site');
  assert.equal(repeats.note(report('e', boom, '/elsewhere')), undefined, 'another route: another site');
  assert.equal(log.lines.length, 0, 'nothing is written until a window ends');
  now = 11_000;
  assert.equal(repeats.note(report('f', boom)), undefined, 'a new window logs in full again');
  assert.equal(log.lines.length, 1);
  assert.equal(log.lines[0]?.obj.count, 2);
  assert.equal(log.lines[0]?.obj.repeatOf, 'a');
  assert.match(log.lines[0]?.msg ?? '', /GET \/boom -> 500 \w+: 2 more like request a in 10 s$/);
  repeats.note(report('g', boom));
  repeats.flush();
  assert.equal(log.lines.length, 2, 'flush writes the pending count; lone errors write none');
  assert.equal(log.lines[1]?.obj.repeatOf, 'f');
});

test('past maxSites the oldest site ends early, with its count', () => {
  const log = logger();
  const repeats = new LogRepeats(log, { maxSites: 2, now: () => 0 });
  repeats.note(report('a1', new Error('a')));
  repeats.note(report('a2', new Error('a')));
  repeats.note(report('b1', new Error('b')));
  repeats.note(report('c1', new Error('c')));
  assert.equal(log.lines.length, 1);
  assert.equal(log.lines[0]?.obj.repeatOf, 'a1');
  assert.equal(repeats.note(report('a3', new Error('a'))), undefined, 'a is a new site now');
});

test('the count line comes at the window end by itself when the storm stops', async () => {
  const log = logger();
  const repeats = new LogRepeats(log, { windowMs: 40 });
  repeats.note(report('x1', new Error('x')));
  repeats.note(report('x2', new Error('x')));
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(log.lines.length, 1);
  assert.equal(log.lines[0]?.obj.count, 1);
});
