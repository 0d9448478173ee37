import { describe, expect, it } from 'vitest';
import { base32Of, codeAt, matchingStep, newTotpSecret, otpauthUri, stepAt, TOTP_SECRET_BYTES } from '../../../functions/core/mfa/totp.js';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (its 8-digit codes end in these 6).
const RFC_SECRET = new TextEncoder().encode('12345678901234567890');
const RFC_VECTORS: Array<[number, string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP (RFC 6238, SHA-1, 6 digits, 30 s)', () => {
  it.each(RFC_VECTORS)('gives the RFC code at %i s', (seconds, code) => {
    expect(codeAt(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('accepts the code of the step before, the step itself and the step after, and names the step', () => {
    const now = new Date(1_700_000_015_000);
    const step = stepAt(now);
    for (const d of [-1, 0, 1]) expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, new Date((step + d) * 30_000)), now)).toBe(step + d);
  });

  it('refuses codes two steps away, malformed input and other secrets', () => {
    const now = new Date(1_700_000_015_000);
    const step = stepAt(now);
    for (const d of [-2, 2]) expect(matchingStep(RFC_SECRET, codeAt(RFC_SECRET, new Date((step + d) * 30_000)), now)).toBeUndefined();
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5']) expect(matchingStep(RFC_SECRET, bad, now)).toBeUndefined();
    const other = newTotpSecret();
    expect(matchingStep(other, codeAt(RFC_SECRET, now), now) === undefined || codeAt(other, now) === codeAt(RFC_SECRET, now)).toBe(true);
  });

  it('reads a code typed with full-width digits, spaces or a hyphen', () => {
    const now = new Date(1_700_000_015_000);
    const code = codeAt(RFC_SECRET, now);
    const wide = [...code].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(matchingStep(RFC_SECRET, wide, now)).toBe(stepAt(now));
    expect(matchingStep(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(stepAt(now));
    expect(matchingStep(RFC_SECRET, `${code.slice(0, 3)}-${code.slice(3)}`, now)).toBe(stepAt(now));
  });

  it('makes 160-bit secrets from the random source, base32 for manual entry', () => {
    const secret = newTotpSecret((n) => new Uint8Array(n).fill(0xff));
    expect(secret).toHaveLength(TOTP_SECRET_BYTES);
    expect(base32Of(secret)).toBe('7'.repeat(32));
    expect(base32Of(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('names the issuer kagi (会社名) and the login ID in the otpauth URI', () => {
    const uri = new URL(otpauthUri(RFC_SECRET, 'kagi (株式会社デモ)', 'yamada.taro'));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe('/kagi (株式会社デモ):yamada.taro');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'kagi (株式会社デモ)', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});
