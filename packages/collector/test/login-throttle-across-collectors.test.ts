/**
 * Two `faultline serve` processes on one PostgreSQL: failed logins spread over both count
 * together. Each process used to count only the guesses it saw, so a guesser behind a load
 * balancer had twice the guesses (N times with N collectors). Here the per-address bound
 * (LOGIN_FAILURES_PER_ADDRESS in LOGIN_FAILURE_WINDOW_MS, a 15-minute wait, so no timing can make
 * the test pass or fail by luck) is reached with half the guesses on each collector, and an
 * (email, address) pair's failures are counted over both.
 */

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { postgresUrl, registerPostgresMissing, runCli } from '@faultline/test-support';
import { LOGIN_FAILURE_WINDOW_MS, LOGIN_FAILURES_PER_ADDRESS, LOGIN_FREE_FAILURES } from '../src/limits.js';
import { useCollectorsOnOneDatabase } from './collectors-on-one-database.js';

const EMAIL = 'ada@example.com';
const PASSWORD = 'analytical engine, 1843';
/** Logins in flight at once, over both collectors: under MAX_CONCURRENT_PASSWORD_CHECKS on each. */
const CONCURRENCY = 4;
/** The guesser's address (X-Forwarded-For through the one trusted proxy). */
const SPRAYER = '203.0.113.2';

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('login throttle shared by collectors on one PostgreSQL');
else {
  // Behind one trusted proxy, so each test names its own client address.
  const cluster = useCollectorsOnOneDatabase(url, 2, { args: ['--trust-proxy', '1'] });
  let collectors: string[];

  before(async () => {
    await cluster.start();
    collectors = cluster.urls;
    const added = await runCli(
      ['user', 'add', EMAIL, '--password-stdin', '--db', cluster.dbUrl],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
  });

  const login = (on: string, from: string, email: string, password: string) =>
    fetch(`${on}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email, password }),
    });

  test("an (email, address) pair's failures on A and B count together", async () => {
    for (let i = 0; i < LOGIN_FREE_FAILURES + 1; i++) {
      const res = await login(collectors[i % 2] as string, '203.0.113.1', EMAIL, 'not the password at all');
      assert.equal(res.status, 401, `failure ${i + 1}`);
    }
    const rows = await cluster.query<{ failures: number }>('SELECT failures FROM login_pair_failures');
    assert.deepEqual(
      rows.map((r) => r.failures),
      [LOGIN_FREE_FAILURES + 1],
      'one pair, every failure counted, whichever collector saw it',
    );
  });

  test(`${LOGIN_FAILURES_PER_ADDRESS} failures from one address, half on A and half on B, make it wait`, async () => {
    let next = 0;
    const statuses: number[] = [];
    const worker = async () => {
      while (next < LOGIN_FAILURES_PER_ADDRESS) {
        const i = next++;
        // A different email each time: only the address's count grows, no pair waits.
        const res = await login(
          collectors[i % 2] as string,
          SPRAYER,
          `guess${i}@example.com`,
          'not the password at all',
        );
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    assert.deepEqual(new Set(statuses), new Set([401]), 'every guess was checked and failed');
    for (const on of collectors) {
      const refused = await login(on, SPRAYER, EMAIL, PASSWORD);
      assert.equal(refused.status, 429, `${on} refuses even the right password`);
      const wait = Number(refused.headers.get('retry-after'));
      assert.ok(wait > LOGIN_FAILURE_WINDOW_MS / 1000 / 2, `the window's end, ${wait} s away`);
    }
    const other = await login(collectors[0] as string, '203.0.113.3', EMAIL, PASSWORD);
    assert.equal(other.status, 201, 'another address logs in');
  });
}
