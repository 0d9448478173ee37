import { createHash } from 'node:crypto';
import type { FailureScope } from '../guard/failure-guard.js';
import type { FailurePolicy } from '../guard/failure-lock.js';
import { sourceBucket } from '../guard/source.js';

/**
 * Sign-in lock policy (see README, Security). Failures are counted per account AT a source
 * address and per account everywhere, keyed by what was typed, so an unknown login ID counts and
 * locks exactly like a real one.
 *
 * - At one address: the 10th failure in a row earns a 1-minute wait, each further one doubles it,
 *   up to 15 minutes. Someone who mistyped waits a minute; a guesser there gets about 4 tries an hour.
 * - Everywhere: the same from the 30th failure, against guessing spread over many addresses. It does
 *   not hold at an address where the account signed in successfully within 30 days, so an outsider
 *   cannot keep a colleague out of the colleague's usual office or home.
 * - Failures are forgotten 12 hours after the last one, or at once by a correct sign-in.
 */
export const SIGN_IN_AT_SOURCE: FailurePolicy = { delayFrom: 10, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 12 * 3600 };
export const SIGN_IN_ANYWHERE: FailurePolicy = { delayFrom: 30, firstDelaySeconds: 60, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 12 * 3600 };
export const TRUSTED_SOURCE_SECONDS = 30 * 24 * 3600;

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** Codes and login IDs are typed by people: case, width and spaces around do not make another account. */
const typed = (value: string) => value.normalize('NFKC').trim().toLowerCase();

/** The key of an account as typed: company code + login ID, digested (no raw input in keys). */
export const accountKey = (companyCode: string, loginId: string): string => digest(`${typed(companyCode)}\n${typed(loginId)}`);

export interface SignInScopes {
  scopes: FailureScope[];
  /** Marked after a success at this address; it waives the everywhere scope there. */
  trustKey: string;
  /** Counter keys, for tests and support tools. */
  atSourceKey: string;
  anywhereKey: string;
}

export function signInScopes(companyCode: string, loginId: string, source: string | undefined): SignInScopes {
  const account = accountKey(companyCode, loginId);
  const at = digest(sourceBucket(source));
  const atSourceKey = `signin:${account}:src:${at}`;
  const anywhereKey = `signin:${account}:all`;
  const trustKey = `signin:${account}:trust:${at}`;
  return {
    scopes: [
      { key: atSourceKey, policy: SIGN_IN_AT_SOURCE },
      { key: anywhereKey, policy: SIGN_IN_ANYWHERE, waivedBy: trustKey },
    ],
    trustKey,
    atSourceKey,
    anywhereKey,
  };
}
