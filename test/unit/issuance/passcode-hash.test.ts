import { describe, expect, it } from 'vitest';
import { decoySecretHash as decoyPasscodeHash, hashSecret as hashPasscode, SLOW_HASH_COST as PASSCODE_SCRYPT, verifySecretHash as verifyPasscodeHash } from '../../../functions/core/shared/slow-hash.js';
import { afterPasscodeFailure, afterPasscodeSuccess, freshPasscodeAttempts, PASSCODE_MAX_FAILURES } from '../../../functions/core/issuance/passcode-lock.js';

describe('passcode hash', () => {
  it('stores scrypt with its cost, a 16-byte salt and a 32-byte key; never the digits', async () => {
    const stored = await hashPasscode('0482');
    const [scheme, n, r, p, salt, key] = stored.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(['scrypt', PASSCODE_SCRYPT.N, PASSCODE_SCRYPT.r, PASSCODE_SCRYPT.p]);
    expect(PASSCODE_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 14);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('0482');
  });

  it('salts each hash afresh: the same passcode hashes differently, and both verify', async () => {
    const [a, b] = await Promise.all([hashPasscode('1234'), hashPasscode('1234')]);
    expect(a).not.toBe(b);
    expect(await verifyPasscodeHash('1234', a)).toBe(true);
    expect(await verifyPasscodeHash('1234', b)).toBe(true);
  });

  it('refuses every other passcode, including leading-zero and near misses', async () => {
    const stored = await hashPasscode('0007');
    for (const wrong of ['0008', '7', '007', '00070', '7000', '']) expect(await verifyPasscodeHash(wrong, stored)).toBe(false);
    expect(await verifyPasscodeHash('0007', stored)).toBe(true);
  });

  it('uses the cost written in the record, so older records still verify after a cost change', async () => {
    const cheap = await hashPasscode('5555', undefined, { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPasscodeHash('5555', cheap)).toBe(true);
  });

  it('never matches a malformed record', async () => {
    const good = await hashPasscode('1111');
    const [, n, r, p, salt, key] = good.split('$');
    for (const bad of ['', 'plain', `bcrypt$${n}$${r}$${p}$${salt}$${key}`, `scrypt$x$${r}$${p}$${salt}$${key}`, `scrypt$${n}$${r}$${p}$${salt}`, `scrypt$${n}$${r}$${p}$${salt}$${key!.slice(0, 10)}`]) {
      expect(await verifyPasscodeHash('1111', bad)).toBe(false);
    }
  });

  it('has a decoy no 4-digit passcode matches (checked on a sample), the same on every call', async () => {
    const decoy = await decoyPasscodeHash();
    expect(await decoyPasscodeHash()).toBe(decoy);
    for (const p of ['0000', '1234', '9999']) expect(await verifyPasscodeHash(p, decoy)).toBe(false);
  });
});

describe('passcode lock', () => {
  it('allows 5 consecutive failures, and the fifth locks', () => {
    expect(PASSCODE_MAX_FAILURES).toBe(5);
    let s = freshPasscodeAttempts();
    for (let i = 1; i < 5; i++) {
      s = afterPasscodeFailure(s);
      expect(s).toEqual({ failures: i, locked: false });
    }
    s = afterPasscodeFailure(s);
    expect(s).toEqual({ failures: 5, locked: true });
  });

  it('leaves a locked passcode as it is: only a reissue lifts the lock', () => {
    const lockedState = { failures: 5, locked: true };
    expect(afterPasscodeFailure(lockedState)).toBe(lockedState);
    expect(() => afterPasscodeSuccess(lockedState)).toThrow(/locked/);
  });

  it('resets the count on a success', () => {
    expect(afterPasscodeSuccess({ failures: 4, locked: false })).toEqual({ failures: 0, locked: false });
  });
});
