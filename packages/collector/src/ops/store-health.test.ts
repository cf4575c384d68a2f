import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '@faultline/core';
import { StoreUnavailableError } from '../store/store-errors.js';
import { StoreHealth } from './store-health.js';

function tracker() {
  let now = 1_000;
  const lines: string[] = [];
  const counted: string[] = [];
  const health = new StoreHealth({
    log: (message) => lines.push(message),
    onFailure: (kind, lane) => counted.push(`${lane}:${kind}`),
    now: () => now,
  });
  return { health, lines, counted, tick: (ms: number) => (now += ms), at: () => now };
}

const down = () => new StoreUnavailableError('connection', 'connect ECONNREFUSED 127.0.0.1:5432');

test('an episode logs its first failure and its recovery, and counts every failure', () => {
  const t = tracker();
  t.health.failed('write', 'write', down());
  for (let i = 0; i < 50; i++) t.health.failed('write', 'write', down());
  assert.equal(t.lines.length, 1);
  assert.match(
    t.lines[0]!,
    /^store writes failing \(connection\) from write: StoreUnavailableError \[FL_STORE_UNAVAILABLE\]: connect ECONNREFUSED/,
  );
  assert.equal(t.counted.length, 51);
  assert.deepEqual(t.health.problems(), [{ lane: 'write', kind: 'connection', since: 1_000, failures: 51 }]);
  t.tick(2_500);
  t.health.succeeded('write', t.at());
  assert.equal(t.lines.length, 2);
  assert.equal(t.lines[1], 'store writes recovered after 2.5 s: 51 failed calls (connection 51)');
  assert.deepEqual(t.health.problems(), []);
});

test('a call that started before the last failure does not end the episode', () => {
  const t = tracker();
  const startedEarly = t.at();
  t.tick(5);
  t.health.failed('write', 'write', down());
  t.tick(5);
  t.health.succeeded('write', startedEarly);
  assert.equal(t.health.problems().length, 1);
  t.health.succeeded('write', t.at());
  assert.equal(t.health.problems().length, 0);
  assert.equal(t.lines.length, 2);
});

test('reads and writes have separate episodes: reads that work do not end a write outage', () => {
  const t = tracker();
  t.health.failed('write', 'write', new StoreUnavailableError('disk', 'database or disk is full'));
  t.tick(1);
  t.health.succeeded('read', t.at());
  t.health.failed('write', 'deleteEvents', new StoreUnavailableError('disk', 'database or disk is full'));
  assert.equal(t.lines.length, 1);
  assert.deepEqual(
    t.health.problems().map((p) => [p.lane, p.kind, p.failures]),
    [['write', 'disk', 2]],
  );
});

test("the caller's input errors are not store failures; untyped errors are 'unknown' and logged with their stack", () => {
  const logged: unknown[] = [];
  const health = new StoreHealth({ log: (_, error) => logged.push(error) });
  assert.equal(health.failed('read', 'listIssues', new ParseError('invalid cursor')), undefined);
  assert.deepEqual(health.problems(), []);
  const raw = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  assert.equal(health.failed('read', 'listIssues', raw), 'unknown');
  assert.equal(health.isFailure(raw), true);
  assert.equal(logged[0], raw);
});

test('any error of a commit is a failure, even one of our typed input errors', () => {
  const health = new StoreHealth({ log: () => {} });
  assert.equal(health.failed('write', 'write', new ParseError('bad digest input'), true), 'unknown');
  assert.equal(health.problems().length, 1);
});

test('a batch whose own data the store refused is no store failure: no episode, nothing logged', () => {
  const logged: string[] = [];
  const health = new StoreHealth({ log: (message) => logged.push(message) });
  const refused = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00 near "secret"'), {
    code: '22021',
  });
  assert.equal(health.failed('write', 'write', refused, true), undefined);
  assert.deepEqual(health.problems(), []);
  assert.deepEqual(logged, [], 'the message quotes the data: it is not logged');
});
