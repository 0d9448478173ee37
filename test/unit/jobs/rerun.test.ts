import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../functions/core/access/actor.js';
import type { Job } from '../../../functions/core/jobs/job.js';
import { createJobRerun, type RerunStarter, type RerunTarget } from '../../../functions/core/jobs/rerun.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';

const admin: Actor = { accountId: 'a1', companyId: 'c1', loginId: 'admin', role: 'admin', displayName: '管理者' };
const viewer: Actor = { ...admin, role: 'viewer' };

const job = (over: Partial<Job> = {}): Job => ({
  jobId: 'j1', companyId: 'c1', kind: 'mail-request', mode: 'new', reissue: false, state: 'failed', chunks: 2, stopReason: 'chunk-failed',
  progress: { done: 42, total: 42 }, counts: { succeeded: 40, failed: 2, excluded: 0 }, createdBy: 'a1', createdAt: '2026-04-01T00:00:00.000Z', results: [], ...over,
});

function setUp(stored: Job | undefined, targets: RerunTarget[] = [{ employeeId: 'e41', address: 2 }, { employeeId: 'e42' }]) {
  const started: Array<{ job: Job; targets: RerunTarget[] }> = [];
  let fail: Error | undefined;
  const start: RerunStarter = async (_actor, old, t) => {
    if (fail) {
      stored = { ...stored!, rerunBy: 'j-other' };
      throw fail;
    }
    started.push({ job: old, targets: t });
    return job({ jobId: 'j2', rerunOf: old.jobId, state: 'queued' });
  };
  const rerun = createJobRerun({
    jobs: { get: async () => stored, rerunTargets: async () => targets },
    starters: { 'pdf-issuance': start, 'passcode-issuance': start, 'mail-request': start, 'mail-notice': undefined, 'registration-codes': start, 'audit-export': undefined, 'group-assignment': start },
  });
  return { rerun, started, failWith: (e: Error) => void (fail = e) };
}

const codeOf = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: { statusCode: number; code: string }) => `${e.statusCode} ${e.code}`);

describe('未処理の社員で再実行', () => {
  it('starts a job of the same kind for exactly the failed and unprocessed employees (with their address slot)', async () => {
    const { rerun, started } = setUp(job());
    expect(await rerun.rerun(admin, 'j1')).toMatchObject({ jobId: 'j2', rerunOf: 'j1' });
    expect(started).toEqual([{ job: job(), targets: [{ employeeId: 'e41', address: 2 }, { employeeId: 'e42' }] }]);
  });

  it('is offered only for an ended job with failures, not yet re-run, of a kind that can re-run', () => {
    const { rerun } = setUp(undefined);
    expect(rerun.canRerun(job())).toBe(true);
    expect(rerun.canRerun(job({ state: 'done', stopReason: undefined }))).toBe(true);
    expect(rerun.canRerun(job({ state: 'running' }))).toBe(false);
    expect(rerun.canRerun(job({ counts: { succeeded: 42, failed: 0, excluded: 0 } }))).toBe(false);
    expect(rerun.canRerun(job({ rerunBy: 'j2' }))).toBe(false);
    expect(rerun.canRerun(job({ kind: 'mail-notice' }))).toBe(false);
  });

  it('refuses a viewer, an unknown job, a running job, a job re-run already, and one with nobody to re-run', async () => {
    expect(await codeOf(setUp(job()).rerun.rerun(viewer, 'j1'))).toBe('403 FORBIDDEN');
    expect(await codeOf(setUp(undefined).rerun.rerun(admin, 'j1'))).toBe('404 NOT_FOUND');
    expect(await codeOf(setUp(job({ state: 'running' })).rerun.rerun(admin, 'j1'))).toBe('409 JOB_RUNNING');
    expect(await codeOf(setUp(job({ rerunBy: 'j2' })).rerun.rerun(admin, 'j1'))).toBe('409 ALREADY_RERUN');
    expect(await codeOf(setUp(job({ counts: { succeeded: 42, failed: 0, excluded: 0 } })).rerun.rerun(admin, 'j1'))).toBe('409 NOTHING_TO_RERUN');
    expect(await codeOf(setUp(job(), []).rerun.rerun(admin, 'j1'))).toBe('409 NOTHING_TO_RERUN');
    expect(await codeOf(setUp(job({ kind: 'mail-notice' })).rerun.rerun(admin, 'j1'))).toBe('409 NOT_RERUNNABLE');
  });

  it('refuses a log export, ended or running, even with failed slices: its rows are no employees', async () => {
    const exported = job({ kind: 'audit-export', mode: undefined, counts: { succeeded: 900, failed: 1, excluded: 0 } });
    expect(setUp(undefined).rerun.canRerun(exported)).toBe(false);
    for (const state of ['failed', 'running'] as const) {
      const { rerun, started } = setUp({ ...exported, state });
      expect(await codeOf(rerun.rerun(admin, 'j1'))).toBe('409 NOT_RERUNNABLE');
      expect(started).toEqual([]);
    }
  });

  it('answers ALREADY_RERUN, naming the winner, when another re-run of the same job got there first', async () => {
    const { rerun, failWith } = setUp(job());
    failWith(new StoreConflict('state'));
    await expect(rerun.rerun(admin, 'j1')).rejects.toMatchObject({ statusCode: 409, code: 'ALREADY_RERUN', details: { jobId: 'j-other' } });
  });
});
