/**
 * Dashboard passwords (api/passwords.ts): scrypt PHC strings with their own parameters, wrong
 * passwords and tampered hashes refused, one timing path for unknown users and wrong
 * passwords, and a bound on concurrent checks.
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createPasswordLogin,
  emailProblem,
  hashPassword,
  PasswordChecksBusy,
  passwordProblem,
  SCRYPT_PARAMS,
  verifyPassword,
} from '../src/api/passwords.js';
import type { UserCredentials } from '../src/store/records.js';

const PASSWORD = 'correct horse battery staple';

describe('hashing', () => {
  test('a PHC string with the named parameters, a fresh salt each time, verified by timingSafeEqual', async () => {
    const a = await hashPassword(PASSWORD);
    const b = await hashPassword(PASSWORD);
    const { log2Cost, blockSize, parallelization } = SCRYPT_PARAMS;
    assert.match(
      a,
      new RegExp(
        `^\\$scrypt\\$ln=${log2Cost},r=${blockSize},p=${parallelization}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$`,
      ),
    );
    assert.notEqual(a, b, 'salted');
    assert.equal(await verifyPassword(PASSWORD, a), true);
    assert.equal(await verifyPassword(PASSWORD, b), true);
    assert.equal(await verifyPassword(`${PASSWORD}!`, a), false);
    assert.equal(await verifyPassword('', a), false);
  });

  test('old hashes keep verifying with the parameters stored in them', async () => {
    const cheap = await hashPassword(PASSWORD, { log2Cost: 10, blockSize: 8, parallelization: 1 });
    assert.match(cheap, /^\$scrypt\$ln=10,r=8,p=1\$/);
    assert.equal(await verifyPassword(PASSWORD, cheap), true);
    // The stored parameters are what is used: the same salt and key under other ones fail.
    assert.equal(await verifyPassword(PASSWORD, cheap.replace('ln=10', 'ln=11')), false);
  });

  test('composed and decomposed Unicode are one password (NFKC)', async () => {
    const composed = 'caf\u00e9 au lait, sans sucre';
    const hash = await hashPassword(composed);
    assert.equal(await verifyPassword('cafe\u0301 au lait, sans sucre', hash), true);
  });

  test('malformed or out-of-bounds stored hashes are refused, not run', async () => {
    const good = await hashPassword(PASSWORD);
    for (const bad of [
      '',
      'plain',
      good.replace('$scrypt$', '$argon2id$'),
      good.replace(/ln=\d+/, 'ln=31'), // 2^31 · 128 · 8 bytes: refused before scrypt runs
      good.replace(/ln=\d+/, 'ln=0'),
      good.replace(/r=\d+/, 'r=0'),
      `${good}$extra`,
    ]) {
      const started = performance.now();
      assert.equal(await verifyPassword(PASSWORD, bad), false, bad);
      assert.ok(performance.now() - started < 1000, `${bad} took too long`);
    }
  });

  test('password and email rules', async () => {
    assert.match(passwordProblem('short') ?? '', /at least 15/);
    assert.equal(passwordProblem('fifteen chars!!'), undefined);
    assert.match(passwordProblem('x'.repeat(1025)) ?? '', /at most/);
    await assert.rejects(hashPassword('short'), RangeError);
    assert.equal(emailProblem('ada@example.com'), undefined);
    assert.ok(emailProblem('ada'));
    assert.ok(emailProblem('a b@example.com'));
    assert.ok(emailProblem(`${'a'.repeat(250)}@x.io`));
  });
});

function fakeUsers(users: UserCredentials[]) {
  let lookups = 0;
  return {
    get lookups() {
      return lookups;
    },
    async findUserByEmail(email: string) {
      lookups++;
      return users.find((u) => u.email === email.trim().toLowerCase());
    },
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const middle = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe('password login', () => {
  test('the right email and password find the user; anything else does not', async () => {
    const hash = await hashPassword(PASSWORD);
    const store = fakeUsers([{ id: 7, email: 'ada@example.com', createdAt: 1, passwordHash: hash }]);
    const login = createPasswordLogin(store);
    assert.deepEqual(await login('Ada@Example.com', PASSWORD), {
      id: 7,
      email: 'ada@example.com',
      createdAt: 1,
      passwordHash: hash,
    });
    assert.equal(await login('ada@example.com', `${PASSWORD}x`), undefined);
    assert.equal(await login('grace@example.com', PASSWORD), undefined);
    assert.equal(await login('ada@example.com', 'x'.repeat(5000)), undefined);
  });

  test('unknown email and wrong password take the same path: one scrypt each', async () => {
    const hash = await hashPassword(PASSWORD);
    const login = createPasswordLogin(
      fakeUsers([{ id: 1, email: 'ada@example.com', createdAt: 1, passwordHash: hash }]),
    );
    await login('warm@example.com', 'warm-up the dummy hash');
    // Interleaved so machine load hits both alike. Without the dummy hash an unknown email
    // answers in well under a millisecond, against tens of milliseconds for scrypt.
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) {
      unknown.push(await timed(() => login('nobody@example.com', PASSWORD)));
      wrong.push(await timed(() => login('ada@example.com', 'not the password at all')));
    }
    const ratio = middle(unknown) / middle(wrong);
    assert.ok(
      ratio > 0.5 && ratio < 2,
      `unknown ${middle(unknown).toFixed(1)} ms vs wrong ${middle(wrong).toFixed(1)} ms`,
    );
  });

  test('past the bound of concurrent checks, a login is refused as busy', async () => {
    const login = createPasswordLogin(fakeUsers([]), 2);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => login('nobody@example.com', PASSWORD)),
    );
    const busy = results.filter((r) => r.status === 'rejected' && r.reason instanceof PasswordChecksBusy);
    assert.equal(busy.length, 3);
    assert.equal(await login('nobody@example.com', PASSWORD), undefined, 'free again afterwards');
  });
});
