import { describe, expect, it } from 'vitest';
import { createFailureGuard, type FailureScope } from '../../../functions/core/guard/failure-guard.js';
import type { FailurePolicy } from '../../../functions/core/guard/failure-lock.js';
import { memoryFailureStore } from '../../support/memory-guard-stores.js';

const policy: FailurePolicy = { delayFrom: 3, firstDelaySeconds: 60, maxDelaySeconds: 600, forgetAfterSeconds: 3600 };
const wide: FailurePolicy = { ...policy, delayFrom: 5 };
const hard: FailurePolicy = { delayFrom: 2, firstDelaySeconds: 60, maxDelaySeconds: 600, hardLockAt: 4, forgetAfterSeconds: 0 };

function world() {
  let now = new Date('2026-11-21T09:00:00Z');
  const memory = memoryFailureStore();
  const guard = createFailureGuard({ store: memory.store, clock: { now: () => now } });
  return { guard, ...memory, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)) };
}

const here: FailureScope = { key: 'acct:here', policy };
const everywhere: FailureScope = { key: 'acct:all', policy: wide, waivedBy: 'acct:trust:here' };
const scopes = [here, everywhere];

describe('failure guard', () => {
  it('counts every scope and answers the lock from the failure that starts it', async () => {
    const w = world();
    expect(await w.guard.lockBefore(scopes)).toBeUndefined();
    expect(await w.guard.fail(scopes)).toBeUndefined();
    expect(await w.guard.fail(scopes)).toBeUndefined();
    expect(await w.guard.fail(scopes)).toEqual({ kind: 'delay', until: '2026-11-21T09:01:00.000Z' });
    expect(await w.guard.lockBefore(scopes)).toEqual({ kind: 'delay', until: '2026-11-21T09:01:00.000Z' });
    expect([w.records.get('acct:here')?.failures, w.records.get('acct:all')?.failures]).toEqual([3, 3]);
    w.advance(60);
    expect(await w.guard.lockBefore(scopes)).toBeUndefined();
  });

  it('counts concurrent failures without losing any', async () => {
    const w = world();
    await Promise.all(Array.from({ length: 25 }, () => w.guard.fail(scopes)));
    expect(w.records.get('acct:all')?.failures).toBe(25);
  });

  it('re-checks after a correct secret: a lock set meanwhile wins and nothing is reset', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) await w.guard.fail(scopes);
    expect(await w.guard.succeed(scopes)).toEqual({ kind: 'delay', until: '2026-11-21T09:01:00.000Z' });
    expect(w.records.get('acct:here')?.failures).toBe(3);
  });

  it('resets the scopes that hold failures after a success, and writes nothing when there is nothing to reset', async () => {
    const w = world();
    await w.guard.fail(scopes);
    expect(await w.guard.succeed(scopes)).toBeUndefined();
    expect([w.records.get('acct:here')?.failures, w.records.get('acct:all')?.failures]).toEqual([0, 0]);
    const writes = w.writes.length;
    expect(await w.guard.succeed(scopes)).toBeUndefined();
    expect(w.writes).toHaveLength(writes);
  });

  it('keeps a failure that arrived between the success read and its reset', async () => {
    const w = world();
    await w.guard.fail(scopes);
    const settle = w.store.settle;
    w.store.settle = async (key, seen, trust) => {
      await w.store.addFailure(key, new Date(), undefined);
      return settle(key, seen, trust);
    };
    await w.guard.succeed(scopes);
    expect(w.records.get('acct:here')?.failures).toBe(2);
  });

  it('waives a scope where the trust mark is fresh, marks trust once, and refreshes it only when it ages', async () => {
    const w = world();
    const trust = { key: 'acct:trust:here', seconds: 30 * 86_400 };
    await w.guard.succeed(scopes, { trust });
    expect(w.records.get('acct:trust:here')?.trustedUntil).toBe('2026-12-21T09:00:00.000Z');
    for (let i = 0; i < 5; i++) await w.guard.fail([everywhere]);
    expect(await w.guard.lockBefore([everywhere])).toBeUndefined();
    expect(await w.guard.lockBefore([{ ...everywhere, waivedBy: undefined }])).toEqual({ kind: 'delay', until: '2026-11-21T09:01:00.000Z' });
    const writes = w.writes.length;
    w.advance(3600);
    await w.guard.succeed([here], { trust });
    expect(w.writes).toHaveLength(writes);
    w.advance(2 * 86_400);
    await w.guard.succeed([here], { trust });
    expect(w.records.get('acct:trust:here')?.trustedUntil).toBe('2026-12-23T10:00:00.000Z');
  });

  it('marks trust on a key that is itself a scope in the same write as its reset', async () => {
    const w = world();
    await w.guard.fail([here]);
    await w.guard.succeed([here], { trust: { key: 'acct:here', seconds: 86_400 * 2 } });
    expect(w.records.get('acct:here')).toEqual({ failures: 0, lastFailureAt: '2026-11-21T09:00:00.000Z', trustedUntil: '2026-11-23T09:00:00.000Z' });
  });

  it('hard-locks at the policy count until unlocked, whatever the time', async () => {
    const w = world();
    const totp = [{ key: 'totp:E1', policy: hard }];
    await w.guard.fail(totp);
    expect(await w.guard.fail(totp)).toEqual({ kind: 'delay', until: '2026-11-21T09:01:00.000Z' });
    w.advance(61);
    await w.guard.fail(totp);
    expect(await w.guard.fail(totp)).toEqual({ kind: 'hard' });
    w.advance(365 * 86_400);
    expect(await w.guard.lockBefore(totp)).toEqual({ kind: 'hard' });
    expect(await w.guard.succeed(totp)).toEqual({ kind: 'hard' });
    await w.guard.unlock('totp:E1');
    expect(await w.guard.lockBefore(totp)).toBeUndefined();
  });
});
