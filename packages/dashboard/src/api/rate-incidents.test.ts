import assert from 'node:assert/strict';
import { test } from 'node:test';
import { incidentInWords, incidentMarks, type RateIncident } from './rate-incidents.js';

const T0 = Date.parse('2026-12-07T10:00:00.000Z') / 1000;
const at = (minutes: number) => new Date((T0 + minutes * 60) * 1000).toISOString();

const incident = (id: number, opened: number, resolved: number | null): RateIncident => ({
  id,
  ruleId: 3,
  method: 'GET',
  route: '/pay',
  release: 'shop@2',
  environment: 'production',
  state: resolved === null ? 'firing' : 'resolved',
  openedAt: at(opened),
  resolvedAt: resolved === null ? null : at(resolved),
});

test('fired and resolved moments inside the range, oldest first', () => {
  const marks = incidentMarks([incident(2, 30, null), incident(1, 5, 20)], T0, T0 + 3600);
  assert.deepEqual(
    marks.map((m) => [m.incidentId, m.kind, m.x - T0]),
    [
      [1, 'fired', 300],
      [1, 'resolved', 1200],
      [2, 'fired', 1800],
    ],
  );
  assert.equal(marks[0]?.what, 'rule #3 on GET /pay (shop@2, production)');
});

test('a moment outside the range or unreadable is not marked; the other one of its incident is', () => {
  const marks = incidentMarks(
    [incident(1, -10, 10), { ...incident(2, 5, null), openedAt: 'not a date' }, incident(3, 50, 70)],
    T0,
    T0 + 3600,
  );
  assert.deepEqual(
    marks.map((m) => [m.incidentId, m.kind]),
    [
      [1, 'resolved'],
      [3, 'fired'],
    ],
  );
});

test('an incident in words: no route matched, no release', () => {
  assert.equal(
    incidentInWords({ ...incident(1, 0, null), route: '', release: '', environment: 'staging' }),
    'rule #3 on GET (no route) (staging)',
  );
});
