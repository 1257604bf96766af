import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with Node's built-in scrypt (no native add-on to build). Stored as
 * `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later without breaking old hashes.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// scrypt needs 128·N·r bytes; leave headroom over Node's 32 MiB default.
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed hash never matches (and still costs a hash). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const valid = parts.length === 6 && scheme === 'scrypt' && [n, r, p].every((v) => /^\d+$/.test(v ?? ''));
  const options = valid ? { N: Number(n), r: Number(r), p: Number(p) } : COST;
  const expected = valid ? Buffer.from(hash ?? '', 'base64url') : Buffer.alloc(KEY_LENGTH);
  const key = await derive(password, Buffer.from(valid ? (salt ?? '') : 'x', 'base64url'), options);
  return valid && expected.length === key.length && timingSafeEqual(expected, key);
}
