/**
 * Dashboard sessions over a real collector: login with the admin token or an API token, the
 * cookie's attributes, the cookie authenticating the API, CSRF on every state change made with
 * the cookie, and logout.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningCollector, Store } from '../src/index.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-session-tests';
let fixture: SessionCollector;
let store: Store;
let collector: RunningCollector;

before(async () => {
  fixture = await startSessionCollector(ADMIN);
  ({ store, collector } = fixture);
});

after(() => fixture.close());

function login(token: string, headers: Record<string, string> = {}) {
  return fixture.postSession({ token }, headers);
}

async function session() {
  const res = await login(ADMIN);
  assert.equal(res.status, 201);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

describe('login', () => {
  test('the admin token and an API token buy a session; a wrong token is 401', async () => {
    const res = await login(ADMIN);
    assert.equal(res.status, 201);
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^faultline_session=[A-Za-z0-9_-]{43}; /);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.doesNotMatch(setCookie, /Secure/);
    const body = (await res.json()) as { csrfToken: string; expiresAt: string };
    assert.ok(body.csrfToken.length >= 43);
    assert.ok(Date.parse(body.expiresAt) > Date.now());
    const apiToken = (await store.createToken('dashboard-test')).token;
    assert.equal((await login(apiToken)).status, 201);
    const wrong = await login('not-the-token');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.equal((await login(`${ADMIN}x`)).status, 401);
  });

  test('Secure behind https (X-Forwarded-Proto)', async () => {
    const res = await login(ADMIN, { 'x-forwarded-proto': 'https' });
    assert.match(res.headers.get('set-cookie') ?? '', /; Secure/);
  });

  test('login CSRF: a form post (not JSON) and a cross-site request are refused', async () => {
    const form = await fetch(`${collector.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${ADMIN}`,
    });
    assert.equal(form.status, 415);
    assert.equal((await login(ADMIN, { 'sec-fetch-site': 'cross-site' })).status, 403);
  });
});

describe('the cookie on the API', () => {
  test('reads work with the cookie alone; the session route returns the CSRF token', async () => {
    const { cookie, csrfToken } = await session();
    assert.equal((await fetch(`${collector.url}/api/v1/projects`, { headers: { cookie } })).status, 200);
    const current = await fetch(`${collector.url}/api/v1/session`, { headers: { cookie } });
    assert.equal(((await current.json()) as { csrfToken: string }).csrfToken, csrfToken);
    const forged = 'faultline_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    assert.equal(
      (await fetch(`${collector.url}/api/v1/projects`, { headers: { cookie: forged } })).status,
      401,
    );
  });

  test('a wrong bearer never falls back to the cookie', async () => {
    const { cookie } = await session();
    const res = await fetch(`${collector.url}/api/v1/projects`, {
      headers: { cookie, authorization: 'Bearer wrong' },
    });
    assert.equal(res.status, 401);
  });

  test('state changes with the cookie need the CSRF token; bearer callers do not', async () => {
    const { cookie, csrfToken } = await session();
    const patch = (headers: Record<string, string>) =>
      fetch(`${collector.url}/api/v1/projects/1`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ scrubKeys: ['x-session-test'] }),
      });
    assert.equal((await patch({ cookie })).status, 403);
    assert.equal((await patch({ cookie, 'x-faultline-csrf': 'wrong' })).status, 403);
    assert.equal((await patch({ cookie, 'x-faultline-csrf': csrfToken })).status, 200);
    assert.equal((await patch({ authorization: `Bearer ${ADMIN}` })).status, 200);
    const post = await fetch(`${collector.url}/api/v1/projects`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'csrf' }),
    });
    assert.equal(post.status, 403);
  });

  test('logout needs the CSRF token, clears the cookie and ends the session', async () => {
    const { cookie, csrfToken } = await session();
    const url = `${collector.url}/api/v1/session`;
    assert.equal((await fetch(url, { method: 'DELETE', headers: { cookie } })).status, 403);
    const out = await fetch(url, { method: 'DELETE', headers: { cookie, 'x-faultline-csrf': csrfToken } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^faultline_session=; .*Max-Age=0/);
    assert.equal((await fetch(`${collector.url}/api/v1/projects`, { headers: { cookie } })).status, 401);
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 401);
  });
});
