import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isWellFormedToken, linkUsable, newLinkToken, tokenDigest, verificationLink, type LinkHolder, type StoredLink } from '../../../functions/core/mail/token.js';

describe('link tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256 digest', () => {
    const { token, digest } = newLinkToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(token)).toBe(true);
    expect(digest).toBe(createHash('sha256').update(token).digest('hex'));
    expect(digest).not.toContain(token);
    expect(tokenDigest(token)).toBe(digest);
    expect(newLinkToken().token).not.toBe(token);
    expect(isWellFormedToken('short')).toBe(false);
    expect(isWellFormedToken(`${token.slice(0, 42)}/`)).toBe(false);
    expect(verificationLink('https://kagi.example.jp/', token)).toBe(`https://kagi.example.jp/verify/${token}`);
  });

  const link: StoredLink = { digest: 'd1', companyId: 'c', employeeId: 'e', address: 1, createdAt: '2026-11-21T00:00:00.000Z', expiresAt: '2026-11-28T00:00:00.000Z' };
  const holder: LinkHolder = { enabled: true, passwordStatus: 'issuing', verificationStatus: 'pending', verificationTokenDigest: 'd1' };
  const before = new Date('2026-11-27T23:59:59.000Z');

  it('is usable once, while newest and pending, before its deadline', () => {
    expect(linkUsable(link, holder, before)).toBe(true);
    expect(linkUsable(link, { ...holder, passwordStatus: 'reissuing' }, before)).toBe(true);
  });

  it.each([
    ['at the deadline', link, holder, new Date('2026-11-28T00:00:00.000Z')],
    ['used', { ...link, usedAt: '2026-11-22T00:00:00.000Z' }, holder, before],
    ['superseded by a newer link', link, { ...holder, verificationTokenDigest: 'd2' }, before],
    ['marked expired by the sweep', link, { ...holder, verificationStatus: 'expired' }, before],
    ['already verified', link, { ...holder, verificationStatus: 'verified_pending_login' }, before],
    ['issued by PDF meanwhile', link, { ...holder, passwordStatus: 'issued', verificationStatus: 'not_applicable' }, before],
    ['employee disabled', link, { ...holder, enabled: false }, before],
    ['employee deleted', link, { ...holder, deleted: true }, before],
    ['unknown', undefined, holder, before],
  ] as const)('is refused when %s', (_case, l, h, now) => {
    expect(linkUsable(l, h, now)).toBe(false);
  });
});
