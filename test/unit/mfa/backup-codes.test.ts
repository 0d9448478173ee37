import { describe, expect, it } from 'vitest';
import { BACKUP_ALPHABET, BACKUP_CODE_COUNT, BACKUP_CODE_LENGTH, canonicalBackupCode, hashBackupCodes, matchingBackupSlot, newBackupCodes } from '../../../functions/core/mfa/backup-codes.js';
import { SLOW_HASH_COST } from '../../../functions/core/shared/slow-hash.js';

describe('backup codes', () => {
  it('are 10 codes of 10 symbols from a 32-symbol alphabet (50 bits each) with no look-alike letters', () => {
    expect(BACKUP_ALPHABET).toHaveLength(32);
    expect(new Set(BACKUP_ALPHABET).size).toBe(32);
    expect(BACKUP_CODE_LENGTH * Math.log2(BACKUP_ALPHABET.length)).toBeGreaterThanOrEqual(50);
    for (const c of 'ilou') expect(BACKUP_ALPHABET).not.toContain(c);
    const codes = newBackupCodes();
    expect(codes).toHaveLength(BACKUP_CODE_COUNT);
    expect(new Set(codes).size).toBe(BACKUP_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
  });

  it('map every byte to a symbol with none thrown away (256 is a multiple of 32: no modulo bias)', () => {
    const from = (start: number) => (n: number) => Uint8Array.from({ length: n }, (_, i) => start + (i % 32));
    const low = newBackupCodes(from(0));
    expect(low.slice(0, 4)).toEqual(['0123-4567-89', 'abcd-efgh-jk', 'mnpq-rstv-wx', 'yz01-2345-67']);
    expect(newBackupCodes(from(224))).toEqual(low);
  });

  it('read as typed: case, width, spaces and hyphens do not matter; i/l read as 1 and o as 0', () => {
    expect(canonicalBackupCode('ABCD-EFGH-JK')).toBe('abcdefghjk');
    expect(canonicalBackupCode(' abcd efgh jk ')).toBe('abcdefghjk');
    expect(canonicalBackupCode('ＡＢＣＤ－ＥＦＧＨ－ＪＫ')).toBe('abcdefghjk');
    expect(canonicalBackupCode('oIl0-1234-56')).toBe('0110123456');
    for (const bad of ['', 'abcd-efgh-j', 'abcd-efgh-jkm', 'abcd-efgh-u1', 'abcd-efgh-j!']) expect(canonicalBackupCode(bad)).toBeUndefined();
  });

  it('are stored only as salted scrypt hashes, and a typed code finds its slot', async () => {
    const codes = ['abcd-efgh-jk', 'mnpq-rstv-wx'];
    const hashes = await hashBackupCodes(codes);
    expect(Object.keys(hashes)).toEqual(['c0', 'c1']);
    for (const hash of Object.values(hashes)) {
      expect(hash.startsWith(`scrypt$${SLOW_HASH_COST.N}$`)).toBe(true);
      expect(hash).not.toMatch(/abcd|efgh|mnpq/);
    }
    expect(await matchingBackupSlot('MNPQ RSTV WX', hashes)).toBe('c1');
    expect(await matchingBackupSlot('abcd-efgh-jm', hashes)).toBeUndefined();
    expect(await matchingBackupSlot('abcd-efgh-jk', {})).toBeUndefined();
  });
});
