import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { RandomBytes } from './uniform-random.js';

// The one slow hash of short secrets people type (time-clock passcodes, backup codes), stored
// only as `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`. A 4-digit passcode has 10,000
// values, so no hash alone protects a stolen table: the lock after 5 failures does (DESIGN.md
// §6). The slow, salted hash still makes every record cost its own brute force, and keeps the
// secret out of the table, backups and exports.

/** Node's default scrypt cost (N = 2^14, r = 8, p = 1: 16 MiB, tens of ms per hash). */
export const SLOW_HASH_COST = Object.freeze({ N: 16_384, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Room for N = 2^17 with r = 8 (128 MiB); Node's default limit is 32 MiB. */
const MAX_MEM = 256 * 1024 * 1024;

type Cost = { N: number; r: number; p: number };

function derive(secret: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEM };
  return new Promise((resolve, reject) => scrypt(secret.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new salted hash of `secret`, with a fresh random salt. */
export async function hashSecret(secret: string, random: RandomBytes = randomBytes, cost: Cost = SLOW_HASH_COST): Promise<string> {
  const salt = Buffer.from(random(SALT_BYTES));
  const key = await derive(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { cost: Cost; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** True when `secret` matches `stored`; compared in constant time. A malformed record never matches. */
export async function verifySecretHash(secret: string, stored: string): Promise<boolean> {
  const record = parse(stored);
  if (!record) return false;
  const key = await derive(secret, record.salt, record.cost);
  return key.length === record.key.length && timingSafeEqual(key, record.key);
}

/**
 * A hash nothing is ever checked against for real: an unknown employee or an unissued passcode
 * is verified against it, so such a request takes the time of a real check.
 */
let decoy: Promise<string> | undefined;
export function decoySecretHash(): Promise<string> {
  decoy ??= hashSecret(randomBytes(8).toString('hex'));
  return decoy;
}
