/**
 * The one lock design: consecutive failures against a key (an account, an account at one source
 * address, a registration password, a TOTP secret ...) earn a growing delay and, where a policy
 * says so, a hard lock that only an explicit unlock lifts. Pure: the counting itself is an atomic
 * store update (FailureCounterStore), and the lock is derived from what the counter holds, so no
 * attempt ever has to read, change and write back a state that a concurrent attempt also changes.
 */
export interface FailurePolicy {
  /** The failure that starts the first delay (e.g. 10: failures 1–9 cost nothing). Unset: never a delay. */
  delayFrom?: number;
  /** Length of the first delay; each further failure doubles it. */
  firstDelaySeconds: number;
  /** The longest delay (Keycloak's "max wait"). */
  maxDelaySeconds: number;
  /** The failure that locks until explicitly unlocked (support, reissue). Unset: never. */
  hardLockAt?: number;
  /**
   * How long failures are remembered after the last one when nothing resets them (Keycloak's
   * "failure reset time"). Counters of policies with a hard lock are kept until they are reset.
   */
  forgetAfterSeconds: number;
}

/** What the store keeps per key. */
export interface FailureRecord {
  failures: number;
  /** ISO time of the newest failure; delays run from it. */
  lastFailureAt?: string;
  /** ISO time until which a success at this key waives other scopes (see FailureScope.waivedBy). */
  trustedUntil?: string;
}

export type Lock = { kind: 'delay'; until: string } | { kind: 'hard' };

export const NO_FAILURES: FailureRecord = { failures: 0 };

/** The delay a policy imposes after `failures` consecutive failures (0 = none). */
export function delaySeconds(policy: FailurePolicy, failures: number): number {
  if (policy.delayFrom === undefined || failures < policy.delayFrom) return 0;
  const doublings = Math.min(failures - policy.delayFrom, 40);
  return Math.min(policy.firstDelaySeconds * 2 ** doublings, policy.maxDelaySeconds);
}

/** The lock in force for a record at `now`, if any. */
export function lockOf(policy: FailurePolicy, record: FailureRecord, now: Date): Lock | undefined {
  if (policy.hardLockAt !== undefined && record.failures >= policy.hardLockAt) return { kind: 'hard' };
  const delay = delaySeconds(policy, record.failures);
  if (delay === 0 || !record.lastFailureAt) return undefined;
  const until = new Date(Date.parse(record.lastFailureAt) + delay * 1000);
  return until > now ? { kind: 'delay', until: until.toISOString() } : undefined;
}

/** The stronger of two locks: a hard lock, else the later end. */
export function strongerLock(a: Lock | undefined, b: Lock | undefined): Lock | undefined {
  if (!a || !b) return a ?? b;
  if (a.kind === 'hard' || b.kind === 'hard') return { kind: 'hard' };
  return a.until >= b.until ? a : b;
}

/** Until when a counter must be kept after a failure at `now`; undefined = until reset. */
export function retainUntil(policy: FailurePolicy, now: Date): Date | undefined {
  if (policy.hardLockAt !== undefined) return undefined;
  return new Date(now.getTime() + Math.max(policy.forgetAfterSeconds, policy.maxDelaySeconds) * 1000);
}

export function isTrusted(record: FailureRecord | undefined, now: Date): boolean {
  return record?.trustedUntil !== undefined && Date.parse(record.trustedUntil) > now.getTime();
}
