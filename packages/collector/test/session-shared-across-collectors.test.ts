/**
 * Two `faultline serve` processes on one PostgreSQL, as behind a load balancer: a dashboard
 * session made on one is served by the other, with the same CSRF token, and a logout on either
 * ends it on both. Sessions used to live in each process's memory, so B did not know A's cookie.
 */

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { postgresUrl, registerPostgresMissing, runCli } from '@faultline/test-support';
import { useCollectorsOnOneDatabase } from './collectors-on-one-database.js';

const ADMIN = 'admin-token-for-shared-session-tests';
const EMAIL = 'ada@example.com';
const PASSWORD = 'analytical engine, 1843';

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('sessions shared by collectors on one PostgreSQL');
else {
  const cluster = useCollectorsOnOneDatabase(url, 2, {
    env: { ...process.env, FAULTLINE_ADMIN_TOKEN: ADMIN },
  });
  let a: string;
  let b: string;

  before(async () => {
    await cluster.start();
    [a, b] = cluster.urls as [string, string];
    const added = await runCli(
      ['user', 'add', EMAIL, '--password-stdin', '--db', cluster.dbUrl],
      `${PASSWORD}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
  });

  async function login(on: string, body: Record<string, string>) {
    const res = await fetch(`${on}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string, csrfToken };
  }
  const get = (on: string, path: string, cookie: string) => fetch(`${on}${path}`, { headers: { cookie } });
  const logout = (on: string, cookie: string, csrf?: string) =>
    fetch(`${on}/api/v1/session`, {
      method: 'DELETE',
      headers: { cookie, ...(csrf === undefined ? {} : { 'x-faultline-csrf': csrf }) },
    });

  test('a session made on A works on B, with the same CSRF token; a logout on B ends it on A', async () => {
    const { cookie, csrfToken } = await login(a, { email: EMAIL, password: PASSWORD });
    assert.equal((await get(b, '/api/v1/projects', cookie)).status, 200, 'B serves the cookie A made');
    const onB = await get(b, '/api/v1/session', cookie);
    assert.equal(onB.status, 200);
    assert.deepEqual(
      { ...((await onB.json()) as Record<string, unknown>), expiresAt: undefined },
      { csrfToken, user: EMAIL, expiresAt: undefined, scopes: ['admin'], projectId: null },
      'B knows the user and gives the same CSRF token',
    );
    assert.equal((await logout(b, cookie)).status, 403, 'a change on B still needs the CSRF token');
    assert.equal((await logout(b, cookie, `${csrfToken}x`)).status, 403, 'and the right one');
    assert.equal((await logout(b, cookie, csrfToken)).status, 204, "A's CSRF token works on B");
    assert.equal((await get(a, '/api/v1/projects', cookie)).status, 401, 'A refuses it at once');
    assert.equal((await get(b, '/api/v1/projects', cookie)).status, 401);
  });

  test('an admin-token session made on B works on A', async () => {
    const { cookie } = await login(b, { token: ADMIN });
    assert.equal((await get(a, '/api/v1/projects', cookie)).status, 200);
    const rows = await cluster.query<{ n: string }>('SELECT count(*) AS n FROM dashboard_sessions');
    assert.equal(Number(rows[0]?.n), 1, 'one row: the logged-out session is gone, this one is there');
  });
}
