import type { Clock } from '../shared/ports.js';
import { isTrusted, lockOf, NO_FAILURES, retainUntil, strongerLock, type FailurePolicy, type FailureRecord, type Lock } from './failure-lock.js';

/** One counter an attempt is judged by. */
export interface FailureScope {
  /** Opaque and bounded (build it from digests): the store keys its counter by it. */
  key: string;
  policy: FailurePolicy;
  /** Key of another scope whose trust mark (a recent success there) waives this scope's lock. */
  waivedBy?: string;
}

/** Port: failure counters, one item per key, changed only by atomic updates. */
export interface FailureCounterStore {
  /** The records of these keys (absent keys are missing from the map), read consistently. */
  read(keys: string[]): Promise<Map<string, FailureRecord>>;
  /** Adds one failure at `at` atomically and answers the record as it is now. */
  addFailure(key: string, at: Date, retainUntil: Date | undefined): Promise<FailureRecord>;
  /**
   * Sets the failures back to 0 (and the trust mark, when given) only while they still are
   * `seenFailures`: a failure that arrived meanwhile keeps counting. False when that happened.
   */
  settle(key: string, seenFailures: number, trust?: { until: Date; retainUntil: Date }): Promise<boolean>;
  /** Forgets the key entirely (support unlock, reissue). */
  clear(key: string): Promise<void>;
}

export interface SuccessOptions {
  /** Marks this key trusted for `seconds` (it waives scopes that name it in `waivedBy`). */
  trust?: { key: string; seconds: number };
}

/** A trust mark is written again only once it is this much older than when it was set. */
const TRUST_REFRESH_SECONDS = 24 * 3600;

/**
 * Counting and locking for any guessed secret: check before the costly check of the secret,
 * count after a failure, settle after a success. Every call is a constant number of single-item
 * reads or atomic writes, so concurrent attempts never conflict and never get lost.
 */
export function createFailureGuard({ store, clock }: { store: FailureCounterStore; clock: Clock }) {
  function lockIn(scopes: readonly FailureScope[], records: Map<string, FailureRecord>, now: Date): Lock | undefined {
    let lock: Lock | undefined;
    for (const scope of scopes) {
      if (scope.waivedBy && isTrusted(records.get(scope.waivedBy), now)) continue;
      lock = strongerLock(lock, lockOf(scope.policy, records.get(scope.key) ?? NO_FAILURES, now));
    }
    return lock;
  }

  const keysOf = (scopes: readonly FailureScope[], extra: string[] = []) => [
    ...new Set([...scopes.flatMap((s) => (s.waivedBy ? [s.key, s.waivedBy] : [s.key])), ...extra]),
  ];

  return {
    /** The lock in force now. Check it before any costly work, and do not check the secret while locked. */
    async lockBefore(scopes: readonly FailureScope[]): Promise<Lock | undefined> {
      return lockIn(scopes, await store.read(keysOf(scopes)), clock.now());
    },

    /** Counts one failure in every scope; answers the lock in force after it (the failure that starts a lock is already refused as locked). */
    async fail(scopes: readonly FailureScope[]): Promise<Lock | undefined> {
      const now = clock.now();
      const updated = await Promise.all(scopes.map(async (s) => [s.key, await store.addFailure(s.key, now, retainUntil(s.policy, now))] as const));
      const records = new Map(updated);
      const missing = keysOf(scopes).filter((k) => !records.has(k));
      if (missing.length > 0) for (const [k, r] of await store.read(missing)) records.set(k, r);
      return lockIn(scopes, records, now);
    },

    /**
     * After a correct secret: reads the counters again, because a lock set while the secret was
     * being checked still wins (the answer is then that lock, and nothing is reset). Otherwise
     * resets the scopes that hold failures and refreshes the trust mark; with nothing to reset
     * and a fresh trust mark, it writes nothing at all.
     */
    async succeed(scopes: readonly FailureScope[], options: SuccessOptions = {}): Promise<Lock | undefined> {
      const trust = options.trust;
      const records = await store.read(keysOf(scopes, trust ? [trust.key] : []));
      const now = clock.now();
      const lock = lockIn(scopes, records, now);
      if (lock) return lock;
      const writes: Array<Promise<boolean>> = [];
      const trustDue = trust && !isTrustFresh(records.get(trust.key), now, trust.seconds);
      for (const scope of scopes) {
        const failures = records.get(scope.key)?.failures ?? 0;
        const markTrust = trustDue && trust.key === scope.key;
        if (failures > 0 || markTrust) writes.push(store.settle(scope.key, failures, markTrust ? trustOf(trust, now) : undefined));
      }
      if (trustDue && !scopes.some((s) => s.key === trust.key)) {
        writes.push(store.settle(trust.key, records.get(trust.key)?.failures ?? 0, trustOf(trust, now)));
      }
      // A settle that lost to a concurrent failure leaves that failure counted: nothing to retry.
      await Promise.all(writes);
      return undefined;
    },

    /** Lifts every lock of a key (support unlock, a reissued secret). */
    async unlock(key: string): Promise<void> {
      await store.clear(key);
    },
  };
}

function isTrustFresh(record: FailureRecord | undefined, now: Date, seconds: number): boolean {
  if (!record?.trustedUntil) return false;
  return Date.parse(record.trustedUntil) - now.getTime() > (seconds - TRUST_REFRESH_SECONDS) * 1000;
}

function trustOf(trust: { seconds: number }, now: Date) {
  const until = new Date(now.getTime() + trust.seconds * 1000);
  return { until, retainUntil: until };
}

export type FailureGuard = ReturnType<typeof createFailureGuard>;
