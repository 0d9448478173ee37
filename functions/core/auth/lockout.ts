/**
 * Consecutive sign-in failures lock an account for a growing time: 10 failures lock it for
 * 15 minutes; each further run of 10 doubles the lock, up to a day. A success resets everything.
 */
export interface SignInState {
  consecutiveFailures: number;
  /** How many locks in a row so far (0 = never locked since the last success). */
  lockLevel: number;
  /** ISO time until which sign-in is refused. */
  lockedUntil?: string;
  lastSignInAt?: string;
  previousSignInAt?: string;
}

export const FAILURES_PER_LOCK = 10;
const FIRST_LOCK_MINUTES = 15;
const MAX_LOCK_MINUTES = 24 * 60;

export const initialSignInState = (): SignInState => ({ consecutiveFailures: 0, lockLevel: 0 });

export function isLocked(state: SignInState, now: Date): boolean {
  return state.lockedUntil !== undefined && new Date(state.lockedUntil) > now;
}

export function lockMinutes(level: number): number {
  return Math.min(FIRST_LOCK_MINUTES * 2 ** (level - 1), MAX_LOCK_MINUTES);
}

export function afterFailure(state: SignInState, now: Date): SignInState {
  const failures = state.consecutiveFailures + 1;
  if (failures < FAILURES_PER_LOCK) return { ...state, consecutiveFailures: failures };
  const level = state.lockLevel + 1;
  const until = new Date(now.getTime() + lockMinutes(level) * 60_000).toISOString();
  return { ...state, consecutiveFailures: 0, lockLevel: level, lockedUntil: until };
}

export function afterSuccess(state: SignInState, now: Date): SignInState {
  return {
    consecutiveFailures: 0,
    lockLevel: 0,
    lastSignInAt: now.toISOString(),
    previousSignInAt: state.lastSignInAt,
  };
}
