// The passcode lock (issue 3, item 6): 5 consecutive failures are allowed, then the passcode is
// locked until an admin reissues it (a reissue writes a fresh, unlocked record). A success resets
// the count. No time-based unlock: a time clock is unattended, and a lock the admin sees
// (ロック中) is worth more than one that quietly expires under a patient guesser.

export const PASSCODE_MAX_FAILURES = 5;

/** The failure count and lock of one issued passcode. */
export interface PasscodeAttempts {
  failures: number;
  locked: boolean;
}

export const freshPasscodeAttempts = (): PasscodeAttempts => ({ failures: 0, locked: false });

/** After a wrong passcode: one more failure; the fifth in a row locks. A locked passcode stays as it is. */
export function afterPasscodeFailure(state: PasscodeAttempts): PasscodeAttempts {
  if (state.locked) return state;
  const failures = state.failures + 1;
  return { failures, locked: failures >= PASSCODE_MAX_FAILURES };
}

/** After the right passcode on an unlocked record: the count starts again. */
export function afterPasscodeSuccess(state: PasscodeAttempts): PasscodeAttempts {
  if (state.locked) throw new Error('a locked passcode cannot succeed');
  return freshPasscodeAttempts();
}
