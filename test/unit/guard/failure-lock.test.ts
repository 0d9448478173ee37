import { describe, expect, it } from 'vitest';
import { delaySeconds, isTrusted, lockOf, retainUntil, strongerLock, type FailurePolicy } from '../../../functions/core/guard/failure-lock.js';

const signIn: FailurePolicy = { delayFrom: 10, firstDelaySeconds: 60, maxDelaySeconds: 900, forgetAfterSeconds: 43_200 };
// Issue 10's second factor: a growing delay after 5, a hard lock at 20.
const totp: FailurePolicy = { delayFrom: 5, firstDelaySeconds: 60, maxDelaySeconds: 3600, hardLockAt: 20, forgetAfterSeconds: 86_400 };
// Issue 9's registration password: no delay, a hard lock at 10.
const registration: FailurePolicy = { firstDelaySeconds: 0, maxDelaySeconds: 0, hardLockAt: 10, forgetAfterSeconds: 0 };
const now = new Date('2026-11-21T09:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

describe('failure lock policy', () => {
  it('costs nothing below the first delay, then doubles per failure up to the maximum', () => {
    expect([0, 9].map((n) => delaySeconds(signIn, n))).toEqual([0, 0]);
    expect([10, 11, 12, 13, 14, 50, 5000].map((n) => delaySeconds(signIn, n))).toEqual([60, 120, 240, 480, 900, 900, 900]);
    expect(delaySeconds(registration, 1000)).toBe(0);
  });

  it('locks from the newest failure for the delay, and not after it', () => {
    expect(lockOf(signIn, { failures: 9, lastFailureAt: ago(0) }, now)).toBeUndefined();
    expect(lockOf(signIn, { failures: 10, lastFailureAt: ago(30) }, now)).toEqual({ kind: 'delay', until: '2026-11-21T09:00:30.000Z' });
    expect(lockOf(signIn, { failures: 10, lastFailureAt: ago(60) }, now)).toBeUndefined();
    expect(lockOf(signIn, { failures: 10 }, now)).toBeUndefined();
  });

  it('hard-locks at the policy count whatever the time, and delays before it', () => {
    expect(lockOf(totp, { failures: 5, lastFailureAt: ago(10) }, now)).toEqual({ kind: 'delay', until: '2026-11-21T09:00:50.000Z' });
    expect(lockOf(totp, { failures: 19, lastFailureAt: ago(3600) }, now)).toBeUndefined();
    expect(lockOf(totp, { failures: 20, lastFailureAt: ago(10 * 86_400) }, now)).toEqual({ kind: 'hard' });
    expect(lockOf(registration, { failures: 9, lastFailureAt: ago(0) }, now)).toBeUndefined();
    expect(lockOf(registration, { failures: 10, lastFailureAt: ago(0) }, now)).toEqual({ kind: 'hard' });
  });

  it('keeps the stronger of two locks', () => {
    const early = { kind: 'delay', until: '2026-11-21T09:01:00.000Z' } as const;
    const late = { kind: 'delay', until: '2026-11-21T09:05:00.000Z' } as const;
    expect(strongerLock(undefined, undefined)).toBeUndefined();
    expect(strongerLock(early, undefined)).toBe(early);
    expect(strongerLock(undefined, late)).toBe(late);
    expect(strongerLock(early, late)).toBe(late);
    expect(strongerLock(late, early)).toBe(late);
    expect(strongerLock(late, { kind: 'hard' })).toEqual({ kind: 'hard' });
  });

  it('keeps counters at least as long as the longest delay, and hard-lock counters until reset', () => {
    expect(retainUntil(signIn, now)).toEqual(new Date('2026-11-21T21:00:00Z'));
    expect(retainUntil({ ...signIn, forgetAfterSeconds: 10 }, now)).toEqual(new Date('2026-11-21T09:15:00Z'));
    expect(retainUntil(totp, now)).toBeUndefined();
  });

  it('trusts a mark only until it ends', () => {
    expect(isTrusted(undefined, now)).toBe(false);
    expect(isTrusted({ failures: 0 }, now)).toBe(false);
    expect(isTrusted({ failures: 0, trustedUntil: '2026-11-21T09:00:01Z' }, now)).toBe(true);
    expect(isTrusted({ failures: 0, trustedUntil: '2026-11-21T09:00:00Z' }, now)).toBe(false);
  });
});
