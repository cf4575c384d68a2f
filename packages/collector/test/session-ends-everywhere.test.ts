/**
 * Two `faultline serve` processes on one PostgreSQL: `faultline user remove` and `user passwd`
 * (the CLI, a third process) and deleting an API token end the sessions they concern on both
 * collectors at once. Each collector used to re-read a session's user or token every 5 s, so a
 * removed user kept working until the next poll on each of them; now the sessions' rows go in the
 * same transaction as the user or token.
 */

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postgresUrl, registerPostgresMissing, runCli } from '@faultline/test-support';
import { createPostgresStore, type Store } from '../src/index.js';
import { useCollectorsOnOneDatabase } from './collectors-on-one-database.js';

const PASSWORD = 'analytical engine, 1843';
const NEW_PASSWORD = 'difference engine, 1822';

const url = postgresUrl();
if (url === undefined) registerPostgresMissing('sessions end on every collector at once');
else {
  let store: Store;
  // Registered first, so the store lets go before the database is dropped.
  after(() => store?.close());
  const cluster = useCollectorsOnOneDatabase(url, 2);
  let a: string;
  let b: string;

  before(async () => {
    await cluster.start();
    [a, b] = cluster.urls as [string, string];
    for (const email of ['ada@example.com', 'grace@example.com', 'ken@example.com']) {
      const added = await runCli(
        ['user', 'add', email, '--password-stdin', '--db', cluster.dbUrl],
        `${PASSWORD}\n`,
      );
      assert.equal(added.code, 0, added.stderr);
    }
    store = createPostgresStore({ connectionString: cluster.dbUrl });
  });

  async function login(on: string, body: Record<string, string>): Promise<string> {
    const res = await fetch(`${on}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }
  /** The status of the same cookie on A and on B. */
  const onBoth = async (cookie: string) =>
    Promise.all(
      [a, b].map(async (on) => (await fetch(`${on}/api/v1/projects`, { headers: { cookie } })).status),
    );

  test('`faultline user remove` ends that user’s sessions on both collectors at once', async () => {
    const adaOnA = await login(a, { email: 'ada@example.com', password: PASSWORD });
    const adaOnB = await login(b, { email: 'ada@example.com', password: PASSWORD });
    const grace = await login(a, { email: 'grace@example.com', password: PASSWORD });
    assert.deepEqual(await onBoth(adaOnA), [200, 200]);
    const removed = await runCli(['user', 'remove', 'ada@example.com', '--db', cluster.dbUrl], '');
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(await onBoth(adaOnA), [401, 401], 'no waiting for a poll');
    assert.deepEqual(await onBoth(adaOnB), [401, 401]);
    assert.deepEqual(await onBoth(grace), [200, 200], 'another user keeps its session');
  });

  test('`faultline user passwd` ends the sessions made with the old password on both at once', async () => {
    const old = await login(b, { email: 'ken@example.com', password: PASSWORD });
    assert.deepEqual(await onBoth(old), [200, 200]);
    const changed = await runCli(
      ['user', 'passwd', 'ken@example.com', '--password-stdin', '--db', cluster.dbUrl],
      `${NEW_PASSWORD}\n`,
    );
    assert.equal(changed.code, 0, changed.stderr);
    assert.deepEqual(await onBoth(old), [401, 401]);
    assert.deepEqual(
      await onBoth(await login(a, { email: 'ken@example.com', password: NEW_PASSWORD })),
      [200, 200],
    );
  });

  test('a revoked API token’s sessions end on both collectors at once', async () => {
    const revoked = await store.createToken('laptop');
    const kept = await store.createToken('ci');
    const doomed = await login(a, { token: revoked.token });
    const other = await login(b, { token: kept.token });
    assert.deepEqual(await onBoth(doomed), [200, 200]);
    assert.equal(await store.deleteToken(revoked.record.id), true);
    assert.deepEqual(await onBoth(doomed), [401, 401]);
    assert.deepEqual(await onBoth(other), [200, 200], "another token's session is untouched");
  });
}
