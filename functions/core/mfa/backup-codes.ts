import { randomBytes } from 'node:crypto';
import { hashSecret, verifySecretHash } from '../shared/slow-hash.js';
import { byteSource, uniformBelow, type RandomBytes } from '../shared/uniform-random.js';

/**
 * Backup codes: 10 per account, each 10 symbols of Crockford's base32 (50 bits), shown as
 * `abcd-efgh-jk`. The alphabet has no i, l, o or u, so nothing on paper reads as two symbols;
 * on input i/l read as 1 and o as 0, as Crockford's decoding rule says. Kept only as salted
 * scrypt hashes, each usable once.
 */
export const BACKUP_CODE_COUNT = 10;
export const BACKUP_CODE_LENGTH = 10;
export const BACKUP_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** At or below this many unused codes the home screen warns. */
export const BACKUP_CODES_LOW = 2;

export function newBackupCodes(random: RandomBytes = randomBytes): string[] {
  const next = byteSource(random);
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    const symbols = Array.from({ length: BACKUP_CODE_LENGTH }, () => BACKUP_ALPHABET[uniformBelow(BACKUP_ALPHABET.length, next)]!).join('');
    return displayBackupCode(symbols);
  });
}

/** `abcdefghjk` → `abcd-efgh-jk`. */
export function displayBackupCode(symbols: string): string {
  return [symbols.slice(0, 4), symbols.slice(4, 8), symbols.slice(8)].filter((p) => p !== '').join('-');
}

/** A typed code in its canonical form, or undefined when it cannot be a backup code. */
export function canonicalBackupCode(typed: string): string | undefined {
  const folded = typed
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-‐‑–—ー]/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  if (folded.length !== BACKUP_CODE_LENGTH) return undefined;
  for (const c of folded) if (!BACKUP_ALPHABET.includes(c)) return undefined;
  return folded;
}

/** Slot id → hash, for the store. Slots are the codes' positions in the set. */
export async function hashBackupCodes(codes: readonly string[]): Promise<Record<string, string>> {
  const hashes = await Promise.all(codes.map((code) => hashSecret(canonicalBackupCode(code) ?? code)));
  return Object.fromEntries(hashes.map((hash, i) => [`c${i}`, hash]));
}

/**
 * The slot whose hash matches `typed`, or undefined. Every remaining hash is checked (in
 * parallel), so the time says nothing about which one matched.
 */
export async function matchingBackupSlot(typed: string, hashes: Readonly<Record<string, string>>): Promise<string | undefined> {
  const code = canonicalBackupCode(typed);
  const entries = Object.entries(hashes);
  if (!code || entries.length === 0) return undefined;
  const results = await Promise.all(entries.map(async ([slot, hash]) => ((await verifySecretHash(code, hash)) ? slot : undefined)));
  return results.find((slot) => slot !== undefined);
}
