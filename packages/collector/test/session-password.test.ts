/**
 * Password login over a real collector (issue 7 §1 and §3 "a wrong password is refused with
 * the same timing path"): a user made in the store logs in with email and password and gets a
 * session that names them; a wrong password and an unknown email get the same 401 after the
 * same work; malformed bodies are 400; the admin token still logs in.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLoginThrottle } from '../src/api/login-throttle.js';
import type { RunningCollector } from '../src/index.js';
import { LOGIN_FAILURE_WINDOW_MS } from '../src/limits-api.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-password-tests';
const EMAIL = 'ada@example.com';
const PASSWORD = 'analytical engine, 1843';
let fixture: SessionCollector;
let collector: RunningCollector;

before(async () => {
  fixture = await startSessionCollector(ADMIN, { users: { [EMAIL]: PASSWORD } });
  ({ collector } = fixture);
});

after(() => fixture.close());

function login(body: unknown) {
  return fixture.postSession(body);
}

test('email and password buy a session that names the user; the cookie then reads the API', async () => {
  const res = await login({ email: 'Ada@Example.com', password: PASSWORD });
  assert.equal(res.status, 201);
  const body = (await res.json()) as { csrfToken: string; user: string | null };
  assert.equal(body.user, EMAIL);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  assert.match(cookie, /^faultline_session=/);
  const projects = await fetch(`${collector.url}/api/v1/projects`, { headers: { cookie } });
  assert.equal(projects.status, 200);
  const current = (await (
    await fetch(`${collector.url}/api/v1/session`, { headers: { cookie } })
  ).json()) as {
    user: string | null;
    csrfToken: string;
  };
  assert.deepEqual([current.user, current.csrfToken], [EMAIL, body.csrfToken]);
});

test('a token login has no user; the admin token still logs in', async () => {
  const res = await login({ token: ADMIN });
  assert.equal(res.status, 201);
  assert.equal(((await res.json()) as { user: string | null }).user, null);
});

test('wrong password and unknown email: the same 401, no cookie, after the same work', async () => {
  const answers: { status: number; detail: string; cookie: string | null }[] = [];
  const times = { wrong: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < 5; i++) {
    for (const [kind, body] of [
      ['wrong', { email: EMAIL, password: `${PASSWORD}!` }],
      ['unknown', { email: 'grace@example.com', password: PASSWORD }],
    ] as const) {
      const started = performance.now();
      const res = await login(body);
      times[kind].push(performance.now() - started);
      const { detail } = (await res.json()) as { detail: string };
      answers.push({ status: res.status, detail, cookie: res.headers.get('set-cookie') });
    }
  }
  for (const a of answers) assert.deepEqual(a, answers[0]);
  assert.deepEqual(answers[0], { status: 401, detail: 'wrong email or password', cookie: null });
  const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[2] as number;
  const ratio = middle(times.unknown) / middle(times.wrong);
  // Without the dummy hash an unknown email answers in ~1 ms against a scrypt's hundreds.
  assert.ok(
    ratio > 0.5 && ratio < 2,
    `unknown ${middle(times.unknown).toFixed(0)} ms vs wrong ${middle(times.wrong).toFixed(0)} ms`,
  );
});

test('malformed credentials are 400, not a crash or a session', async () => {
  for (const body of [
    {},
    { email: EMAIL },
    { password: PASSWORD },
    { token: 5 },
    { email: 1, password: 2 },
    [1],
  ])
    assert.equal((await login(body)).status, 400, JSON.stringify(body));
  assert.equal((await login({ email: 'x'.repeat(10_000), password: PASSWORD })).status, 401);
});

test('after LOGIN_FAILURES_PER_EMAIL failures an email is refused with 429, even the right password, known or not', async () => {
  // The timing test above failed LOGIN_FAILURES_PER_EMAIL times for EMAIL and for grace@.
  for (const email of [EMAIL, 'grace@example.com', ' ADA@example.com ']) {
    const res = await login({ email, password: PASSWORD });
    assert.equal(res.status, 429, email);
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= LOGIN_FAILURE_WINDOW_MS / 1000, `Retry-After ${retryAfter}`);
    assert.match(((await res.json()) as { detail: string }).detail, /too many failed logins/);
    assert.equal(res.headers.get('set-cookie'), null);
  }
  // Another email from the same address is still checked, and the admin token still works.
  assert.equal((await login({ email: 'ken@example.com', password: PASSWORD })).status, 401);
  assert.equal((await login({ token: ADMIN })).status, 201);
});

test('the throttle: per email and per address, a fixed window, cleared by a success, bounded', () => {
  const t = createLoginThrottle({ perEmail: 2, perAddress: 3, windowMs: 10_000, maxKeys: 4 });
  t.failed('a@x', '10.0.0.1', 0);
  assert.equal(t.retryAfter('a@x', '10.0.0.1', 1), 0);
  t.failed('A@X ', '10.0.0.1', 1_000);
  assert.equal(t.retryAfter('a@x', '10.0.0.2', 2_000), 8, 'the email is locked from every address');
  assert.equal(t.retryAfter('b@x', '10.0.0.2', 2_000), 0);
  t.failed('b@x', '10.0.0.1', 2_000);
  assert.equal(t.retryAfter('c@x', '10.0.0.1', 3_000), 7, 'the address is locked for every email');
  assert.equal(t.retryAfter('a@x', '10.0.0.2', 10_000), 0, 'the window ended');
  t.failed('d@x', '10.0.0.3', 10_000);
  t.failed('d@x', '10.0.0.3', 10_001);
  t.succeeded('d@x');
  assert.equal(t.retryAfter('d@x', '10.0.0.4', 10_002), 0, 'a success clears the email');
  for (let i = 0; i < 10; i++) t.failed(`spray${i}@x`, `10.1.0.${i}`, 11_000);
  t.failed('e@x', '10.0.0.5', 11_001);
  t.failed('e@x', '10.0.0.5', 11_002);
  assert.equal(t.retryAfter('e@x', '10.0.0.6', 11_003), 10, 'the newest keys are kept past maxKeys');
});
