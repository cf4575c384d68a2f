/**
 * Password login over a real collector (issue 7 §1 and §3 "a wrong password is refused with
 * the same timing path"): a user made in the store logs in with email and password and gets a
 * session that names them; a wrong password and an unknown email get the same 401 after the
 * same work; malformed bodies are 400; the admin token still logs in.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningCollector } from '../src/index.js';
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
