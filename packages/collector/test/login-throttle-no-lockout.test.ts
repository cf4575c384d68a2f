/**
 * Failed logins cannot lock anyone out: five wrong passwords from anyone used to lock an email
 * for 15 minutes (a denial of service on any known email), and behind a reverse proxy the
 * per-address limit locked everyone. Now failures slow only their (email, client address) pair,
 * with waits that double, a generous per-address bound catches spraying many emails, and the
 * client address comes from X-Forwarded-For only with `trustProxy`. A real collector (SQLite)
 * for the login path; the throttle over the counts in each store with an injected clock.
 */

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isFaultlineError } from '@faultline/core';
import { type EngineHandle, forEachEngine } from '@faultline/test-support';
import { createLoginThrottle, loginDelayMs } from '../src/api/login-throttle.js';
import { clientAddress, type TrustProxy } from '../src/http/client-address.js';
import { LOGIN_DELAY_BASE_MS, LOGIN_FREE_FAILURES } from '../src/limits.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-throttle-tests';
const EMAIL = 'ada@example.com';
const PASSWORD = 'analytical engine, 1843';
const WRONG = `${PASSWORD}?`;
const ATTACKER = '203.0.113.7';
const OWNER = '198.51.100.2';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('behind one trusted proxy (trustProxy: true)', () => {
  let fixture: SessionCollector;
  before(async () => {
    fixture = await startSessionCollector(ADMIN, {
      users: { [EMAIL]: PASSWORD },
      options: { trustProxy: true },
    });
  });
  after(() => fixture.close());

  const from = (address: string, password: string) =>
    fixture.postSession({ email: EMAIL, password }, { 'x-forwarded-for': `10.9.9.9, ${address}` });

  it("someone else's failures never lock the owner out; the guesser waits, longer each time", async () => {
    for (let i = 0; i <= LOGIN_FREE_FAILURES; i++)
      assert.equal((await from(ATTACKER, WRONG)).status, 401, `failure ${i + 1} is checked`);
    const refused = await from(ATTACKER, PASSWORD);
    assert.equal(refused.status, 429, 'even the right password waits: no password work is done');
    assert.equal(refused.headers.get('retry-after'), String(LOGIN_DELAY_BASE_MS / 1000));
    assert.match(((await refused.json()) as { detail: string }).detail, /too many failed logins/);

    const owner = await from(OWNER, PASSWORD);
    assert.equal(owner.status, 201, 'the owner, from their own address, logs in at once');

    await sleep(LOGIN_DELAY_BASE_MS + 200);
    assert.equal((await from(ATTACKER, WRONG)).status, 401, 'after the wait, one more guess is checked');
    const next = await from(ATTACKER, WRONG);
    assert.equal(next.status, 429);
    assert.equal(
      next.headers.get('retry-after'),
      String((2 * LOGIN_DELAY_BASE_MS) / 1000),
      'the wait doubled',
    );
    assert.equal((await from(OWNER, PASSWORD)).status, 201, 'still not the owner');
  });
});

describe('without trustProxy', () => {
  let fixture: SessionCollector;
  before(async () => {
    fixture = await startSessionCollector(ADMIN, { users: { [EMAIL]: PASSWORD } });
  });
  after(() => fixture.close());

  it('X-Forwarded-For is ignored: changing it does not buy more guesses', async () => {
    for (let i = 0; i <= LOGIN_FREE_FAILURES; i++) {
      const res = await fixture.postSession(
        { email: EMAIL, password: WRONG },
        { 'x-forwarded-for': `192.0.2.${i + 1}` },
      );
      assert.equal(res.status, 401, `failure ${i + 1}`);
    }
    const res = await fixture.postSession(
      { email: EMAIL, password: PASSWORD },
      { 'x-forwarded-for': '192.0.2.99' },
    );
    assert.equal(res.status, 429);
    assert.equal((await fixture.postSession({ token: ADMIN })).status, 201, 'other logins are not slowed');
  });
});

describe('the delays', () => {
  const delays = { freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 8_000 };

  it('waits: none for the free failures, then doubling up to the cap', () => {
    assert.deepEqual(
      Array.from({ length: 8 }, (_, i) => loginDelayMs(i + 1, delays)),
      [0, 0, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000],
    );
    assert.equal(loginDelayMs(10_000, delays), 8_000, 'no overflow for a long campaign');
  });
});

forEachEngine((engine) =>
  describe(`the throttle's counts in the store (${engine.name}, injected clock)`, () => {
    const delays = { freeFailures: 2, baseDelayMs: 1_000, maxDelayMs: 8_000 };
    let handle: EngineHandle;
    before(async () => {
      handle = await engine.open();
    });
    after(() => handle.dispose());

    it('a pair waits; the same email from another address and other emails do not', async () => {
      const t = createLoginThrottle(handle.store, { ...delays, perAddress: 100 });
      for (const now of [0, 1, 2]) await t.failed('a@x', '10.0.0.1', now);
      assert.equal(
        await t.retryAfter(' A@X ', '10.0.0.1', 3),
        1,
        'the email is compared trimmed, in lower case',
      );
      assert.equal(await t.retryAfter('a@x', '10.0.0.2', 3), 0);
      assert.equal(await t.retryAfter('b@x', '10.0.0.1', 3), 0);
      assert.equal(await t.retryAfter('a@x', '10.0.0.1', 1_002), 0, 'the wait is over');
      await t.failed('a@x', '10.0.0.1', 1_002);
      assert.equal(await t.retryAfter('a@x', '10.0.0.1', 1_003), 2);
      await t.succeeded('a@x', '10.0.0.1');
      assert.equal(await t.retryAfter('a@x', '10.0.0.1', 1_004), 0, 'a success clears its pair');
    });

    it('spraying many emails from one address meets the per-address bound, which a success does not clear', async () => {
      const t = createLoginThrottle(handle.store, { ...delays, perAddress: 5, windowMs: 60_000 });
      for (let i = 0; i < 4; i++) await t.failed(`user${i}@x`, '10.0.1.1', 1_000);
      await t.succeeded('mine@x', '10.0.1.1');
      await t.failed(undefined, '10.0.1.1', 2_000);
      assert.equal(await t.retryAfter('fresh@x', '10.0.1.1', 2_000), 59, 'until the window ends');
      assert.equal(await t.retryAfter(undefined, '10.0.1.1', 2_000), 59, 'token logins too');
      assert.equal(await t.retryAfter('fresh@x', '10.0.1.2', 2_000), 0, 'other addresses are not slowed');
      assert.equal(await t.retryAfter('fresh@x', '10.0.1.1', 61_000), 0);
      await t.failed('late@x', '10.0.1.1', 61_000);
      assert.equal(await t.retryAfter('fresh@x', '10.0.1.1', 61_001), 0, 'a new window counts from one');
    });

    it('failures counted at once all count', async () => {
      const t = createLoginThrottle(handle.store, { ...delays, perAddress: 100 });
      await Promise.all(Array.from({ length: 6 }, () => t.failed('b@x', '10.0.2.1', 100)));
      // 6 failures: 2 free, then 1 s, 2 s, 4 s, 8 s (the cap) from the last one.
      assert.equal(await t.retryAfter('b@x', '10.0.2.1', 100), 8);
    });

    it('a pair is forgotten after a quiet spell, and stale rows are removed a few at a time', async () => {
      const t = createLoginThrottle(handle.store, {
        ...delays,
        memoryMs: 10_000,
        windowMs: 10_000,
        sweepRows: 2,
      });
      for (const now of [0, 1, 2]) await t.failed('c@x', '10.0.3.1', now);
      await t.failed('c@x', '10.0.3.1', 12_000);
      assert.equal(
        await t.retryAfter('c@x', '10.0.3.1', 12_001),
        0,
        'the failure after the quiet spell is a first one',
      );
      const count = async () =>
        Number((await handle.rows<{ n: number }>('SELECT count(*) AS n FROM login_pair_failures'))[0]?.n);
      for (let i = 0; i < 6; i++) await t.failed(`old${i}@x`, '10.0.4.1', 20_000);
      const before = await count();
      await t.failed('new@x', '10.0.4.2', 40_000);
      assert.equal(await count(), before + 1 - 2, 'one row added, two stale ones swept');
    });
  }),
);

describe('the client address', () => {
  let server: http.Server;
  let url: string;
  let trust: TrustProxy = false;
  before(async () => {
    server = http.createServer((req, res) => res.end(clientAddress(trust)(req)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((r) => server.close(r)));

  const seen = async (setting: TrustProxy, headers: [string, string][] = []) => {
    trust = setting;
    return (await fetch(url, { headers: new Headers(headers) })).text();
  };
  const chain: [string, string][] = [['x-forwarded-for', 'spoofed, 198.51.100.2, 10.0.0.5']];

  it("is the socket's peer unless proxies are trusted; then the entry of the outermost trusted one", async () => {
    assert.equal(await seen(false, chain), '127.0.0.1');
    assert.equal(await seen(0, chain), '127.0.0.1');
    assert.equal(await seen(true, chain), '10.0.0.5');
    assert.equal(await seen(2, chain), '198.51.100.2');
    assert.equal(await seen(3, chain), 'spoofed', 'as far as the chain goes');
    assert.equal(await seen(5, chain), 'spoofed');
    assert.equal(await seen(true), '127.0.0.1', 'no header: the peer');
    assert.equal(await seen(true, [['x-forwarded-for', ' ']]), '127.0.0.1');
    assert.equal((await seen(true, [['x-forwarded-for', 'a'.repeat(500)]])).length, 64);
  });

  it('refuses a trustProxy that is not false, true or a small whole number', () => {
    for (const bad of [-1, 1.5, 11, Number.NaN])
      assert.throws(
        () => clientAddress(bad),
        (e: unknown) => isFaultlineError(e) && e.code === 'FL_CONFIG',
        String(bad),
      );
  });
});
