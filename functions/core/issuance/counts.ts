import {
  PASSCODE_STATUSES,
  PASSWORD_STATUSES,
  VERIFICATION_STATUSES,
  type IssuanceState,
  type PasscodeStatus,
  type PasswordStatus,
  type VerificationStatus,
} from './status.js';
import { accountIssued, REGISTRATION_STATUSES, YES_NO, type RegistrationStatus, type YesNo } from '../registration/status.js';
import type { AccountKind, EmployeeStatuses } from '../employees/employee.js';

// Status counts are served from counter items, never from reading every employee. A store
// applies the deltas of a status change in the same transaction as the change itself, so the
// counters can only drift through a defect, and `recount` is how the tests catch one.

/**
 * The second factor as counted: `set`, `unset` (an internal account without one: the accounts a
 * company that requires 2FA still waits for) or `exempt` (external accounts, never required).
 */
export const MFA_COUNTED = ['set', 'unset', 'exempt'] as const;
export type MfaCounted = (typeof MFA_COUNTED)[number];

export function mfaCountedOf(e: { accountKind: AccountKind; mfaStatus?: EmployeeStatuses['mfaStatus'] }): MfaCounted {
  if (e.accountKind === 'external') return 'exempt';
  return e.mfaStatus === 'active' ? 'set' : 'unset';
}

/**
 * One counter per status value, e.g. `password#issued`, `verification#pending`, `passcode#unissued`,
 * `mfa#unset`; and the self-registration facts (DESIGN.md §5b): `privateEmail#yes|no`
 * (私用メールアドレス), `account#yes|no` (アカウント発行, derived from password and verification) and
 * `registration#<status>` (私用メールアドレス登録用パスワード).
 */
export type CounterName =
  | `password#${PasswordStatus}`
  | `verification#${VerificationStatus}`
  | `passcode#${PasscodeStatus}`
  | `mfa#${MfaCounted}`
  | `privateEmail#${YesNo}`
  | `account#${YesNo}`
  | `registration#${RegistrationStatus}`;

export const COUNTER_NAMES: readonly CounterName[] = Object.freeze([
  ...PASSWORD_STATUSES.map((s) => `password#${s}` as const),
  ...VERIFICATION_STATUSES.map((s) => `verification#${s}` as const),
  ...PASSCODE_STATUSES.map((s) => `passcode#${s}` as const),
  ...MFA_COUNTED.map((s) => `mfa#${s}` as const),
  ...YES_NO.map((s) => `privateEmail#${s}` as const),
  ...YES_NO.map((s) => `account#${s}` as const),
  ...REGISTRATION_STATUSES.map((s) => `registration#${s}` as const),
]);

/** Every counter, zero where nobody holds that status. */
export type Counts = Record<CounterName, number>;
/** Only the counters that change, by +1 or −1. */
export type CountDeltas = Partial<Record<CounterName, number>>;

/**
 * What is counted for one employee. The passcode, the second factor and the self-registration
 * facts are counted only where the caller gives them; アカウント発行 follows password and
 * verification by itself.
 */
export type CountedState = IssuanceState & { passcode?: PasscodeStatus; mfa?: MfaCounted; privateEmail?: YesNo; registration?: RegistrationStatus };

const FIELDS = ['password', 'verification', 'passcode', 'mfa', 'privateEmail', 'registration'] as const;

const accountOf = (s: IssuanceState): YesNo => (accountIssued(s.password, s.verification) ? 'yes' : 'no');

export function emptyCounts(): Counts {
  return Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as Counts;
}

/**
 * The counter changes for one employee going from `before` to `after`. `before` is undefined
 * when the employee is created, `after` when they are deleted. Unchanged fields give no entry.
 */
export function countDeltas(before: CountedState | undefined, after: CountedState | undefined): CountDeltas {
  const deltas: CountDeltas = {};
  for (const field of FIELDS) {
    const was = before?.[field];
    const is = after?.[field];
    // A passcode on one side only would count the employee in or out of the passcode
    // counters while they still exist: a caller bug, so refuse it rather than drift.
    if (before && after && (was === undefined) !== (is === undefined)) {
      throw new Error(`countDeltas: "${field}" is given on one side only`);
    }
    if (was === is) continue;
    if (was !== undefined) add(deltas, `${field}#${was}` as CounterName, -1);
    if (is !== undefined) add(deltas, `${field}#${is}` as CounterName, 1);
  }
  const wasAccount = before && accountOf(before);
  const isAccount = after && accountOf(after);
  if (wasAccount !== isAccount) {
    if (wasAccount) add(deltas, `account#${wasAccount}`, -1);
    if (isAccount) add(deltas, `account#${isAccount}`, 1);
  }
  return deltas;
}

/** `counts` with `deltas` applied; counters missing from `counts` start at zero. */
export function applyDeltas(counts: Partial<Counts>, deltas: CountDeltas): Counts {
  const result = { ...emptyCounts(), ...counts };
  for (const [name, delta] of Object.entries(deltas) as Array<[CounterName, number]>) result[name] += delta;
  return result;
}

/** Counts from scratch over every employee: what the counters must always equal. */
export function recount(states: Iterable<CountedState>): Counts {
  // Counted directly, not through countDeltas, so a slip there cannot hide in both.
  const counts = emptyCounts();
  for (const { password, verification, passcode, mfa, privateEmail, registration } of states) {
    counts[`password#${password}`] += 1;
    counts[`verification#${verification}`] += 1;
    counts[`account#${accountIssued(password, verification) ? 'yes' : 'no'}`] += 1;
    if (passcode !== undefined) counts[`passcode#${passcode}`] += 1;
    if (mfa !== undefined) counts[`mfa#${mfa}`] += 1;
    if (privateEmail !== undefined) counts[`privateEmail#${privateEmail}`] += 1;
    if (registration !== undefined) counts[`registration#${registration}`] += 1;
  }
  return counts;
}

function add(deltas: CountDeltas, name: CounterName, delta: number): void {
  deltas[name] = (deltas[name] ?? 0) + delta;
}
