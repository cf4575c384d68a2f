/**
 * Ending a password session when its user is removed or given a new password. `faultline user
 * remove` and `user passwd` change the store from another process, so nothing tells the
 * collector: a session keeps the user's id and a fingerprint of the password hash it saw at
 * login, and re-reads the user at most once every USER_RECHECK_MS (session-recheck.ts).
 */

import { createHash } from 'node:crypto';
import { MAX_EMAIL_LENGTH, PASSWORD_FINGERPRINT_BYTES, USER_RECHECK_MS } from '../limits.js';
import type { Store, UserCredentials, UserRecord } from '../store/index.js';
import { periodicCheck, type SessionRecheck } from './session-recheck.js';
import type { SessionUserBinding } from './session-store.js';

export type UserReader = Pick<Store, 'findUserByEmail'>;

/** A short digest of a stored password hash: equal hashes, equal fingerprints. */
export function passwordFingerprint(passwordHash: string): string {
  return createHash('sha256')
    .update(passwordHash)
    .digest()
    .subarray(0, PASSWORD_FINGERPRINT_BYTES)
    .toString('base64url');
}

/**
 * The user behind `email` as it is before its password is checked (undefined past the email
 * bound, which the password check refuses anyway).
 */
export function userBeforeLogin(users: UserReader, email: string): Promise<UserCredentials | undefined> {
  return email.length <= MAX_EMAIL_LENGTH ? users.findUserByEmail(email) : Promise.resolve(undefined);
}

/**
 * The binding of a session for `user`, who just logged in. The hash comes from the read made
 * before the password check: if the password changed while the check ran, that hash may be the
 * old one, and the first recheck ends the session instead of letting the old password win.
 * Without a read of the same user, the fingerprint matches nothing and the session ends the same way.
 * @example sessions.create(now, { user: user.email, binding: bindUser(user, await userBeforeLogin(store, email), now) })
 */
export function bindUser(
  user: UserRecord,
  before: UserCredentials | undefined,
  now: number,
): SessionUserBinding {
  const same = before !== undefined && before.id === user.id;
  return {
    userId: user.id,
    passwordFingerprint: same ? passwordFingerprint(before.passwordHash) : '',
    checkedAt: now,
  };
}

/** False when the session's user is gone or has another password: the caller ends the session. */
export type UserRecheck = SessionRecheck;

/**
 * @param intervalMs how old a check may be before the user is read again (USER_RECHECK_MS).
 * @example
 * const recheck = createUserRecheck(store);
 * if (!(await recheck(session))) sessions.delete(id);
 */
export function createUserRecheck(
  users: UserReader,
  intervalMs = USER_RECHECK_MS,
  now: () => number = Date.now,
): UserRecheck {
  const check = periodicCheck<SessionUserBinding>(intervalMs, now);
  const read = async (email: string, binding: SessionUserBinding) => {
    const user = await users.findUserByEmail(email);
    return (
      user !== undefined &&
      user.id === binding.userId &&
      passwordFingerprint(user.passwordHash) === binding.passwordFingerprint
    );
  };
  return async (session) => {
    const { binding, user } = session;
    if (binding === undefined || user === undefined) return true;
    return check(binding, () => read(user, binding));
  };
}
