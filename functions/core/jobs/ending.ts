import { fullName, type Employee } from '../employees/employee.js';
import type { JobEnding } from './engine.js';
import type { Job, JobResult, StopReason } from './job.js';

/** Port: what ending a bulk job's chunks needs of the job store. */
export interface BulkJobEndingStore {
  get(companyId: string, jobId: string): Promise<Job | undefined>;
  targets(companyId: string, jobId: string, chunk: number): Promise<string[]>;
  recordedChunks(companyId: string, jobId: string): Promise<number[]>;
  /**
   * Records a chunk that never ran, once (false when it was already recorded): its rows failed,
   * counted in the job's progress; the job keeps `reason` as its stopReason unless it has one.
   */
  recordUnprocessed(companyId: string, jobId: string, chunk: number, results: JobResult[], reason: StopReason): Promise<boolean>;
}

/** Port: lets go of what a job holds on employees (its claims; a mail job's unsent send markers). */
export interface HeldByJob {
  release(companyId: string, jobId: string, employeeIds: string[]): Promise<void>;
}

/** A job's chunks with no record yet (none once it has ended): the same for every kind kept in the job store. */
export function openChunksOf(jobs: Pick<BulkJobEndingStore, 'get' | 'recordedChunks'>): JobEnding['openChunks'] {
  return async ({ companyId, jobId }) => {
    const job = await jobs.get(companyId, jobId);
    if (!job || job.finishedAt) return [];
    const recorded = new Set(await jobs.recordedChunks(companyId, jobId));
    return Array.from({ length: job.chunks }, (_, c) => c).filter((c) => !recorded.has(c));
  };
}

/**
 * How the chunks of a bulk job over employees end when they never ran: each target a failed row
 * (its code and name as they are now) with the reason, and whatever the job held on it let go.
 */
export function createBulkJobEnding({ jobs, employees, held }: { jobs: BulkJobEndingStore; employees: (companyId: string, ids: string[]) => Promise<Employee[]>; held: HeldByJob[] }): JobEnding {
  return {
    openChunks: openChunksOf(jobs),

    async abandonChunk({ companyId, jobId }, chunk, reason, messages) {
      const ids = await jobs.targets(companyId, jobId, chunk);
      const byId = new Map((await employees(companyId, ids)).map((e) => [e.id, e]));
      const results: JobResult[] = ids.map((id) => {
        const e = byId.get(id);
        return { employeeId: id, employeeCode: e?.employeeCode ?? '', name: e ? fullName(e) : '', outcome: 'failed', reason, messages };
      });
      await jobs.recordUnprocessed(companyId, jobId, chunk, results, reason);
      // Also when the chunk was recorded already: an earlier try may have died before this.
      for (const h of held) await h.release(companyId, jobId, ids);
    },
  };
}
