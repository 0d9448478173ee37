import { describe, expect, it } from 'vitest';
import { aesKeyOf, keyOfHandle, open, SealedSecretRejected, seal } from '../../../functions/core/mfa/secret-box.js';
import { secretAssociatedData } from '../../../functions/core/mfa/mfa-lock.js';

const key = aesKeyOf('k'.repeat(48));
const secret = new Uint8Array(20).map((_, i) => i * 7);
const taro = secretAssociatedData({ kind: 'employee', companyId: 'C1', accountId: 'E1' });

describe('secret box (AES-256-GCM, the owner as associated data)', () => {
  it('opens what it sealed, with a fresh IV every time and no plaintext in the record', () => {
    const a = seal(key, secret, taro);
    const b = seal(key, secret, taro);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(Buffer.from(open(key, a, taro))).toEqual(Buffer.from(secret));
    expect(a).not.toContain(Buffer.from(secret).toString('base64url'));
  });

  it('does not open for another account or another company (a ciphertext moved does not work)', () => {
    const sealed = seal(key, secret, taro);
    for (const owner of [
      { kind: 'employee', companyId: 'C1', accountId: 'E2' },
      { kind: 'employee', companyId: 'C2', accountId: 'E1' },
      { kind: 'support', accountId: 'E1' },
    ] as const) {
      expect(() => open(key, sealed, secretAssociatedData(owner))).toThrow(SealedSecretRejected);
    }
  });

  it('does not open under another key, nor when any part was changed', () => {
    const sealed = seal(key, secret, taro);
    expect(() => open(aesKeyOf('x'.repeat(48)), sealed, taro)).toThrow(SealedSecretRejected);
    const parts = sealed.split('.');
    for (const i of [1, 2, 3]) {
      const changed = [...parts];
      const bytes = Buffer.from(changed[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      changed[i] = bytes.toString('base64url');
      expect(() => open(key, changed.join('.'), taro)).toThrow(SealedSecretRejected);
    }
    for (const bad of ['', 'v2.a.b.c', 'v1.a.b', 'plain']) expect(() => open(key, bad, taro)).toThrow(SealedSecretRejected);
  });

  it('refuses short key material, and derives different keys for the TOTP key and sign-in handles', () => {
    expect(() => aesKeyOf('short')).toThrow();
    expect(keyOfHandle('h'.repeat(43)).equals(aesKeyOf('h'.repeat(43)))).toBe(false);
    expect(keyOfHandle('a'.repeat(43)).equals(keyOfHandle('b'.repeat(43)))).toBe(false);
  });
});
