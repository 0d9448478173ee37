import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, FAILURES_PER_LOCK, initialSignInState, isLocked, lockMinutes } from '../../../functions/core/auth/lockout.js';

const t0 = new Date('2026-11-21T00:00:00Z');

describe('lockout', () => {
  it('locks after 10 consecutive failures for 15 minutes', () => {
    let s = initialSignInState();
    for (let i = 0; i < FAILURES_PER_LOCK - 1; i++) s = afterFailure(s, t0);
    expect(isLocked(s, t0)).toBe(false);
    s = afterFailure(s, t0);
    expect(isLocked(s, t0)).toBe(true);
    expect(s.lockedUntil).toBe('2026-11-21T00:15:00.000Z');
    expect(isLocked(s, new Date('2026-11-21T00:15:00.001Z'))).toBe(false);
  });

  it('doubles each further lock up to a day', () => {
    expect([1, 2, 3, 4, 10].map(lockMinutes)).toEqual([15, 30, 60, 120, 1440]);
    let s = initialSignInState();
    for (let i = 0; i < FAILURES_PER_LOCK * 2; i++) s = afterFailure(s, t0);
    expect(s.lockLevel).toBe(2);
    expect(s.lockedUntil).toBe('2026-11-21T00:30:00.000Z');
  });

  it('resets on success and remembers the previous sign-in', () => {
    let s = afterFailure(afterFailure(initialSignInState(), t0), t0);
    s = afterSuccess(s, t0);
    expect(s).toMatchObject({ consecutiveFailures: 0, lockLevel: 0, lastSignInAt: t0.toISOString() });
    const later = new Date('2026-11-22T00:00:00Z');
    expect(afterSuccess(s, later)).toMatchObject({ lastSignInAt: later.toISOString(), previousSignInAt: t0.toISOString() });
  });
});
