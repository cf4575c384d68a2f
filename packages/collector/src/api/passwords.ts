/**
 * Dashboard passwords (issue 7 §1): scrypt (RFC 7914) from node:crypto, a random salt per
 * password, and the cost parameters stored with the hash as a PHC string
 * (`$scrypt$ln=15,r=8,p=3$<salt>$<key>`), so raising them later leaves old hashes verifiable.
 * Road not taken: argon2id is OWASP's first choice but needs a native dependency; scrypt is in
 * Node itself and is OWASP's listed alternative.
 */

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  MAX_CONCURRENT_PASSWORD_CHECKS,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
  MAX_SCRYPT_LOG2_COST,
  MIN_PASSWORD_LENGTH,
  PASSWORD_SALT_BYTES,
  SCRYPT_BLOCK_SIZE,
  SCRYPT_KEY_BYTES,
  SCRYPT_LOG2_COST,
  SCRYPT_MAX_MEMORY_BYTES,
  SCRYPT_PARALLELIZATION,
} from '../limits.js';
import type { Store, UserCredentials } from '../store/index.js';

/** scrypt's named cost parameters: N = 2^log2Cost (CPU/memory), r (block size), p (parallelization). */
export interface ScryptParams {
  log2Cost: number;
  blockSize: number;
  parallelization: number;
}

export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  log2Cost: SCRYPT_LOG2_COST,
  blockSize: SCRYPT_BLOCK_SIZE,
  parallelization: SCRYPT_PARALLELIZATION,
});

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const PHC =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{16,88})$/;
const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes: number): Promise<Buffer> {
  // NFKC: the same passphrase typed on two keyboards (composed vs decomposed) is one password
  // (NIST SP 800-63B-4 §3.1.1.2).
  const input = password.normalize('NFKC');
  const options = {
    N: 2 ** params.log2Cost,
    r: params.blockSize,
    p: params.parallelization,
    maxmem: SCRYPT_MAX_MEMORY_BYTES,
  };
  return new Promise((resolve, reject) =>
    scrypt(input, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function parse(encoded: string): Parsed | undefined {
  const m = PHC.exec(encoded);
  if (!m) return undefined;
  const params = { log2Cost: Number(m[1]), blockSize: Number(m[2]), parallelization: Number(m[3]) };
  if (params.log2Cost < 1 || params.log2Cost > MAX_SCRYPT_LOG2_COST) return undefined;
  if (params.blockSize < 1 || params.parallelization < 1) return undefined;
  if (128 * 2 ** params.log2Cost * params.blockSize > SCRYPT_MAX_MEMORY_BYTES) return undefined;
  return { params, salt: Buffer.from(m[4] as string, 'base64'), key: Buffer.from(m[5] as string, 'base64') };
}

/**
 * Why a password may not be set, or undefined when it may.
 * @example passwordProblem('short') // 'a password needs at least 15 characters'
 */
export function passwordProblem(password: string): string | undefined {
  const length = [...password.normalize('NFKC')].length;
  if (length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/**
 * Why an email may not name a user, or undefined. Deliberately loose (one @, no spaces): the
 * address is a login name here, nothing is ever sent to it.
 */
export function emailProblem(email: string): string | undefined {
  const e = email.trim();
  if (e.length === 0 || e.length > MAX_EMAIL_LENGTH) return `an email has 1-${MAX_EMAIL_LENGTH} characters`;
  if (!/^[^\s@]+@[^\s@]+$/.test(e)) return 'an email looks like name@example.com';
  return undefined;
}

/**
 * The PHC string stored for a new password (throws when `passwordProblem` objects).
 * @example await hashPassword('correct horse battery staple') // '$scrypt$ln=15,r=8,p=3$…$…'
 */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new RangeError(problem);
  const salt = randomBytes(PASSWORD_SALT_BYTES);
  const key = await derive(password, salt, params, SCRYPT_KEY_BYTES);
  const { log2Cost, blockSize, parallelization } = params;
  return `$scrypt$ln=${log2Cost},r=${blockSize},p=${parallelization}$${b64(salt)}$${b64(key)}`;
}

/**
 * True when `password` hashes to `encoded` with its own salt and parameters; compared with
 * timingSafeEqual. A malformed or out-of-bounds `encoded` is false.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** A login refused because MAX_CONCURRENT_PASSWORD_CHECKS checks are already running. */
export class PasswordChecksBusy extends Error {
  override readonly name = 'PasswordChecksBusy';
}

/** The user whose email and password these are, with the stored hash the password matched (a
 * session is made only while the user still has it: store/sql/dashboard-sessions-sql.ts), or
 * undefined. */
export type PasswordLogin = (email: string, password: string) => Promise<UserCredentials | undefined>;

/**
 * Email + password login with one timing path: an unknown email is checked against a dummy hash
 * made with the same parameters, so "no such user" and "wrong password" both cost one scrypt
 * (OWASP Authentication Cheat Sheet, "authentication responses"). The dummy is made on the
 * first call, before any lookup, so even the first answer does not differ between the two.
 * @example const login = createPasswordLogin(store); const user = await login(email, password);
 */
export function createPasswordLogin(
  store: Pick<Store, 'findUserByEmail'>,
  maxConcurrent = MAX_CONCURRENT_PASSWORD_CHECKS,
): PasswordLogin {
  let dummy: Promise<string> | undefined;
  let running = 0;
  return async (email, password) => {
    if (running >= maxConcurrent) throw new PasswordChecksBusy('too many password checks at once');
    running++;
    try {
      dummy ??= hashPassword(randomBytes(PASSWORD_SALT_BYTES).toString('base64url'));
      const fallback = await dummy;
      const inBounds = email.length <= MAX_EMAIL_LENGTH && password.length <= MAX_PASSWORD_LENGTH;
      const user = inBounds ? await store.findUserByEmail(email) : undefined;
      const matches = await verifyPassword(inBounds ? password : '', user?.passwordHash ?? fallback);
      return user && matches ? user : undefined;
    } finally {
      running--;
    }
  };
}
