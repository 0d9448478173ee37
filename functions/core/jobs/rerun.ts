import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import { conflict, notFound } from '../shared/errors.js';
import { StoreConflict } from '../shared/store-errors.js';
import type { Job, JobKind } from './job.js';

/** An employee a re-run takes up again, with the address slot a mail job used for them. */
export interface RerunTarget {
  employeeId: string;
  address?: 1 | 2 | 3;
}

/** Port: a job, and the targets of its failed rows (those of chunks that never ran included). */
export interface RerunStore {
  get(companyId: string, jobId: string): Promise<Job | undefined>;
  rerunTargets(companyId: string, jobId: string): Promise<RerunTarget[]>;
}

/** How a kind of job starts again for some of its employees; the new job names the old in `rerunOf`. */
export type RerunStarter = (actor: Actor, job: Job, targets: RerunTarget[]) => Promise<Job>;

const NOT_FOUND = { ja: 'ジョブが見つかりません。', en: 'Job not found.' };

/**
 * 「未処理の社員で再実行」: a new job of the same kind, mode and reissue flag for exactly the failed
 * and unprocessed employees of an ended job, once per job. A kind without a starter cannot re-run.
 */
export function createJobRerun({ jobs, starters }: { jobs: RerunStore; starters: Record<JobKind, RerunStarter | undefined> }) {
  const canRerun = (job: Job) => (job.state === 'done' || job.state === 'failed') && job.counts.failed > 0 && !job.rerunBy && starters[job.kind] !== undefined;

  const alreadyRerun = (rerunBy: string | undefined) =>
    conflict('ALREADY_RERUN', { ja: 'このジョブは既に再実行されています。', en: 'This job has already been run again.' }, rerunBy ? { jobId: rerunBy } : undefined);

  return {
    canRerun,

    async rerun(actor: Actor, jobId: string): Promise<Job> {
      requireAdmin(actor);
      const job = await jobs.get(actor.companyId, jobId);
      if (!job) throw notFound(NOT_FOUND);
      if (job.rerunBy) throw alreadyRerun(job.rerunBy);
      // A kind that never re-runs (a log export: its rows are no employees) says so, running or ended.
      const start = starters[job.kind];
      if (!start) throw conflict('NOT_RERUNNABLE', { ja: 'この種類のジョブは再実行できません。', en: 'This kind of job cannot be run again.' });
      if (job.state !== 'done' && job.state !== 'failed') {
        throw conflict('JOB_RUNNING', { ja: 'ジョブはまだ実行中です。終わってから再実行してください。', en: 'The job is still running. Run it again once it has ended.' });
      }
      const targets = job.counts.failed > 0 ? await jobs.rerunTargets(actor.companyId, jobId) : [];
      if (targets.length === 0) {
        throw conflict('NOTHING_TO_RERUN', { ja: '再実行する社員はいません（失敗・未処理の社員がいません）。', en: 'No employee failed or was left unprocessed.' });
      }
      try {
        return await start(actor, job, targets);
      } catch (e) {
        // Another re-run of the same job got there first.
        if (e instanceof StoreConflict && e.reason === 'state') throw alreadyRerun((await jobs.get(actor.companyId, jobId))?.rerunBy);
        throw e;
      }
    },
  };
}

export type JobRerun = ReturnType<typeof createJobRerun>;
