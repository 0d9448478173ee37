import { describe, expect, it } from 'vitest';
import { endAsFinalizer, type FinalizeClaim } from '../../../functions/core/jobs/finalize.js';

/** The job store's claim as DynamoDB keeps it: one holder, let go only by the holder of that claim. */
function claims(options: { releaseFails?: boolean } = {}) {
  let holder: string | undefined;
  const store: FinalizeClaim = {
    claimFinalize: async (_c, _j, at = '') => (holder === undefined ? ((holder = at), true) : false),
    releaseFinalize: async (_c, _j, at) => {
      if (options.releaseFails) throw new Error('DynamoDB unreachable');
      if (holder === at) holder = undefined;
    },
  };
  return { store, holder: () => holder };
}

describe('ending a job as its one finalizer', () => {
  it('ends it once: a second caller does nothing while the first holds the claim', async () => {
    const c = claims();
    const ended: string[] = [];
    await endAsFinalizer(c.store, 'C1', 'J1', 't1', async () => void ended.push('first'));
    await endAsFinalizer(c.store, 'C1', 'J1', 't2', async () => void ended.push('second'));
    expect(ended).toEqual(['first']);
  });

  it('lets go of the claim when ending fails, so the next delivery ends the job', async () => {
    const c = claims();
    await expect(endAsFinalizer(c.store, 'C1', 'J1', 't1', () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    expect(c.holder()).toBeUndefined();
    let ended = false;
    await endAsFinalizer(c.store, 'C1', 'J1', 't2', async () => void (ended = true));
    expect(ended).toBe(true);
  });

  it('reports the failure of ending, not that of letting go', async () => {
    const c = claims({ releaseFails: true });
    await expect(endAsFinalizer(c.store, 'C1', 'J1', 't1', () => Promise.reject(new Error('socket hang up')))).rejects.toThrow('socket hang up');
    // Still held: the takeover after a worker timeout ends the job.
    expect(c.holder()).toBe('t1');
  });
});
