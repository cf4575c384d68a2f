/**
 * A dashboard session made with an API token ends with the token: deleting the token (in the
 * store, as another process would) used to leave its sessions working for up to SESSION_TTL_MS
 * (12 h). Now a token session re-reads its token every TOKEN_RECHECK_MS (seconds) and ends when
 * it is gone, even if a new token took the old one's id. Over a real collector with a short
 * interval, and the recheck on a fake clock.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSessionStore } from '../src/api/session-store.js';
import { bindToken, createTokenRecheck, type TokenReader } from '../src/api/session-token.js';
import type { TokenRecord } from '../src/index.js';
import { SESSION_TTL_MS, TOKEN_RECHECK_MS } from '../src/limits.js';
import { hashToken } from '../src/store/secrets.js';
import { type SessionCollector, startSessionCollector } from './session-fixture.js';

const ADMIN = 'admin-token-for-token-session-tests';
const RECHECK_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('token sessions over a real collector', () => {
  let fixture: SessionCollector;
  before(async () => {
    fixture = await startSessionCollector(ADMIN, { options: { tokenRecheckMs: RECHECK_MS } });
  });
  after(() => fixture.close());

  async function sessionWith(token: string): Promise<string> {
    const res = await fixture.postSession({ token });
    assert.equal(res.status, 201);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  }
  const projects = async (cookie: string) =>
    (await fetch(`${fixture.collector.url}/api/v1/projects`, { headers: { cookie } })).status;

  test('deleting the token ends its sessions at the next recheck; other sessions go on', async () => {
    const revoked = await fixture.store.createToken('laptop');
    const kept = await fixture.store.createToken('ci');
    const doomed = await sessionWith(revoked.token);
    const other = await sessionWith(kept.token);
    const admin = await sessionWith(ADMIN);
    assert.equal(await projects(doomed), 200);

    assert.equal(await fixture.store.deleteToken(revoked.record.id), true);
    await sleep(RECHECK_MS * 3);
    assert.equal(await projects(doomed), 401, 'the session ended with its token');
    const session = await fetch(`${fixture.collector.url}/api/v1/session`, { headers: { cookie: doomed } });
    assert.equal(session.status, 401, 'and stays ended');
    assert.equal(await projects(other), 200, "another token's session is untouched");
    assert.equal(await projects(admin), 200, "the configured admin token's session has nothing to lose");
    assert.equal(
      (await fixture.postSession({ token: revoked.token })).status,
      401,
      'nor can it log in again',
    );
  });

  test('a new token that takes the deleted one’s id does not bring its sessions back', async () => {
    const first = await fixture.store.createToken('reused');
    const cookie = await sessionWith(first.token);
    await fixture.store.deleteToken(first.record.id);
    const second = await fixture.store.createToken('reused');
    // SQLite gives a deleted largest rowid to the next row: the binding must not be the id.
    assert.equal(second.record.id, first.record.id, 'the store reused the id (the case guarded here)');
    await sleep(RECHECK_MS * 3);
    assert.equal(await projects(cookie), 401);
  });
});

describe('the token recheck (fake clock)', () => {
  function fakeTokens(...hashes: string[]) {
    const live = new Set(hashes);
    let reads = 0;
    const reader: TokenReader = {
      async findTokenByHash(hash) {
        reads++;
        return live.has(hash) ? ({ id: 1, name: 'x', createdAt: 0 } satisfies TokenRecord) : undefined;
      },
    };
    return { live, reader, reads: () => reads };
  }

  test('reads the token once per interval, one read for parallel requests, none for other sessions', async () => {
    const fake = fakeTokens(hashToken('flt_a'));
    let clock = 0;
    const recheck = createTokenRecheck(fake.reader, 5_000, () => clock);
    const sessions = createSessionStore();
    const { session } = sessions.create(clock, { token: bindToken('flt_a', clock) });
    const { session: admin } = sessions.create(clock, {});
    clock = 4_999;
    assert.equal(await recheck(session), true);
    assert.equal(fake.reads(), 0, 'inside the interval nothing is read');
    clock = 5_000;
    assert.deepEqual(await Promise.all([recheck(session), recheck(session), recheck(session)]), [
      true,
      true,
      true,
    ]);
    assert.equal(fake.reads(), 1);
    fake.live.clear();
    clock = 9_999;
    assert.equal(await recheck(session), true, 'the interval restarted at the last read');
    clock = 10_000;
    assert.equal(await recheck(session), false);
    assert.equal(await recheck(admin), true);
    assert.equal(fake.reads(), 2);
  });

  test('by default a deleted token is noticed within seconds, not within the session lifetime', () => {
    assert.ok(TOKEN_RECHECK_MS <= 60_000, `TOKEN_RECHECK_MS is ${TOKEN_RECHECK_MS} ms`);
    assert.ok(TOKEN_RECHECK_MS * 100 < SESSION_TTL_MS);
  });
});
