import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { RandomBytes } from '../shared/uniform-random.js';

// A passcode is stored only as `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`. Four digits
// have 10,000 values, so no hash alone protects a stolen table: the lock after 5 failures does
// (DESIGN.md §6). The slow, salted hash still makes every passcode cost its own 10,000 scrypt
// runs, and keeps the digits out of the table, backups and exports.

/** Node's default scrypt cost (N = 2^14, r = 8, p = 1: 16 MiB, tens of ms per hash). */
export const PASSCODE_SCRYPT = Object.freeze({ N: 16_384, r: 8, p: 1 });
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Room for N = 2^17 with r = 8 (128 MiB); Node's default limit is 32 MiB. */
const MAX_MEM = 256 * 1024 * 1024;

type Cost = { N: number; r: number; p: number };

function derive(passcode: string, salt: Buffer, cost: Cost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: MAX_MEM };
  return new Promise((resolve, reject) => scrypt(passcode.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new salted hash of `passcode`, with a fresh random salt. */
export async function hashPasscode(passcode: string, random: RandomBytes = randomBytes, cost: Cost = PASSCODE_SCRYPT): Promise<string> {
  const salt = Buffer.from(random(SALT_BYTES));
  const key = await derive(passcode, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { cost: Cost; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return undefined;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0)) return undefined;
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** True when `passcode` matches `stored`; compared in constant time. A malformed record never matches. */
export async function verifyPasscodeHash(passcode: string, stored: string): Promise<boolean> {
  const record = parse(stored);
  if (!record) return false;
  const key = await derive(passcode, record.salt, record.cost);
  return key.length === record.key.length && timingSafeEqual(key, record.key);
}

/**
 * A hash no passcode is ever checked against for real: an unknown employee or an unissued
 * passcode is verified against it, so such a request takes the time of a real check.
 */
let decoy: Promise<string> | undefined;
export function decoyPasscodeHash(): Promise<string> {
  decoy ??= hashPasscode(randomBytes(8).toString('hex'));
  return decoy;
}
