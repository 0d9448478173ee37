import type { FailureCounterStore } from '../../functions/core/guard/failure-guard.js';
import type { FailureRecord } from '../../functions/core/guard/failure-lock.js';
import type { ThrottleCounterStore } from '../../functions/core/guard/throttle.js';

/** In-memory FailureCounterStore with the adapter's semantics (atomic add, conditional settle). */
export function memoryFailureStore() {
  const records = new Map<string, FailureRecord>();
  const writes: string[] = [];
  const store: FailureCounterStore = {
    async read(keys) {
      return new Map(keys.filter((k) => records.has(k)).map((k) => [k, { ...records.get(k)! }]));
    },
    async addFailure(key, at) {
      writes.push(`add ${key}`);
      const next = { ...records.get(key), failures: (records.get(key)?.failures ?? 0) + 1, lastFailureAt: at.toISOString() };
      records.set(key, next);
      return { ...next };
    },
    async settle(key, seen, trust) {
      writes.push(`settle ${key}`);
      const current = records.get(key);
      if ((current?.failures ?? 0) !== seen) return false;
      records.set(key, { ...current, failures: 0, ...(trust ? { trustedUntil: trust.until.toISOString() } : {}) });
      return true;
    },
    async clear(key) {
      writes.push(`clear ${key}`);
      records.delete(key);
    },
  };
  return { store, records, writes };
}

export function memoryThrottleStore() {
  const counts = new Map<string, number>();
  const store: ThrottleCounterStore = {
    async hit(bucket) {
      const n = (counts.get(bucket) ?? 0) + 1;
      counts.set(bucket, n);
      return n;
    },
  };
  return { store, counts };
}
