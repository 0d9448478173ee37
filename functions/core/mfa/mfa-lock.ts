import { createHash } from 'node:crypto';
import type { FailureScope } from '../guard/failure-guard.js';
import type { FailurePolicy } from '../guard/failure-lock.js';

/**
 * Lock of the second factor (DESIGN.md §5c), per account, not per address: wrong TOTP and backup
 * codes count together, wherever they are typed (web sign-in, the PC logon client, confirming a
 * change on マイページ). From the 5th consecutive failure a growing wait (1 min, doubling, at most
 * an hour); at the 20th a hard lock that only support lifts — well under NIST SP 800-63B's 100.
 * Only someone who already passed the password can reach a code check, so only they can lock it.
 */
export const MFA_POLICY: FailurePolicy = { delayFrom: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600, hardLockAt: 20, forgetAfterSeconds: 30 * 86_400 };

/** Who owns a second factor: an account of a company, or a support operator (no company). */
export type MfaOwner = { kind: 'employee'; companyId: string; accountId: string } | { kind: 'support'; accountId: string };

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** The counter key of an owner's second factor (a digest: no ids in counter keys). */
export function mfaLockKey(owner: MfaOwner): string {
  return `mfa:${digest(owner.kind === 'employee' ? `${owner.companyId}\n${owner.accountId}` : `support\n${owner.accountId}`)}`;
}

export function mfaScopes(owner: MfaOwner): FailureScope[] {
  return [{ key: mfaLockKey(owner), policy: MFA_POLICY }];
}

/** Associated data of the sealed secret: it opens only for this owner. */
export function secretAssociatedData(owner: MfaOwner): string {
  return owner.kind === 'employee' ? `kagi-totp\nemployee\n${owner.companyId}\n${owner.accountId}` : `kagi-totp\nsupport\n${owner.accountId}`;
}
