import { createHash } from 'node:crypto';
import type { FailureScope } from '../guard/failure-guard.js';
import type { FailurePolicy } from '../guard/failure-lock.js';

/**
 * 10 wrong attempts in a row lock an employee's registration password until it is issued again
 * (the reissue unlocks it). No delays before that: the per-address throttle of the public routes
 * already paces a guesser, and six digits against ten tries leave odds of one in 100,000.
 */
export const REGISTRATION_LOCK: FailurePolicy = { firstDelaySeconds: 0, maxDelaySeconds: 0, hardLockAt: 10, forgetAfterSeconds: 0 };

const digest = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 32);

/** An employee code as typed: full-width and spaces around make no other employee. */
export const typedCode = (code: string): string => code.normalize('NFKC').trim();

/**
 * The failure scope of an employee code in a company (or, for a URL no company has, in that URL):
 * keyed by what was typed, so an unknown code counts and locks exactly like a real one.
 */
export function registrationScope(companyRef: string, employeeCode: string): FailureScope {
  return { key: `reg:${digest(`${companyRef}\n${typedCode(employeeCode)}`)}`, policy: REGISTRATION_LOCK };
}

/** The scope of a company's URL no company holds (a rotated or mistyped one). */
export const unknownCompanyRef = (companyKey: string): string => `unknown:${digest(companyKey)}`;
