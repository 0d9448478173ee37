import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import { FILE_HOURS, type JobStore } from '../issuance/pdf-issuance.js';
import { csvCell, csvDocument } from '../shared/csv-write.js';
import { notFound, type Messages } from '../shared/errors.js';
import type { AuditLog } from '../auth/service.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { ChunkRecord, Job } from './job.js';

type Lang = keyof Messages;

// A job is listed while its file can still be downloaded; a job without a file (everyone
// excluded) for as long as a file would have lived. A job lasts minutes, so looking this far back
// finds every job that can still be listed.
const LISTED_HOURS = FILE_HOURS;
const LOOK_BACK_HOURS = FILE_HOURS + 24;

/** Until when a job stays in the jobs list. */
export function listedUntil(job: Job): string | undefined {
  if (!job.finishedAt) return undefined;
  return job.fileExpiresAt ?? new Date(Date.parse(job.finishedAt) + LISTED_HOURS * 3600_000).toISOString();
}

// 理由コード: the reason's technical code (e.g. `busy`, `chunk-failed`, `stalled`), for support and for sorting.
const CSV_HEADER: Record<Lang, string[]> = {
  ja: ['社員コード', '氏名', '結果', '理由', '理由コード'],
  en: ['Employee code', 'Name', 'Outcome', 'Reason', 'Reason code'],
};
const OUTCOME: Record<'succeeded' | 'failed' | 'excluded', Messages> = {
  succeeded: { ja: '成功', en: 'Succeeded' },
  failed: { ja: '失敗', en: 'Failed' },
  excluded: { ja: '対象外', en: 'Excluded' },
};

/** Every employee of a job, in the order of its targets: successes, failures and exclusions with why. */
export function jobResultsCsv(records: readonly ChunkRecord[], lang: Lang): string {
  const rows: string[][] = [];
  for (const { succeeded, results } of records) {
    for (const row of succeeded) rows.push([csvCell(row.employeeCode), csvCell(row.name), OUTCOME.succeeded[lang], '', '']);
    for (const r of results) rows.push([csvCell(r.employeeCode), csvCell(r.name), OUTCOME[r.outcome][lang], csvCell(r.messages[lang]), csvCell(r.reason)]);
  }
  return csvDocument(CSV_HEADER[lang], rows);
}

/** Bulk jobs as the admin sees them: one job, the jobs still listed, a job's results as CSV. */
export function createJobService({ jobs, audit, clock, ids }: { jobs: JobStore; audit: AuditLog; clock: Clock; ids: Ids }) {
  async function get(actor: Actor, jobId: string): Promise<Job> {
    requireAdmin(actor);
    const job = await jobs.get(actor.companyId, jobId);
    if (!job) throw notFound({ ja: 'ジョブが見つかりません。', en: 'Job not found.' });
    return job;
  }

  return {
    get,

    async list(actor: Actor): Promise<Job[]> {
      requireAdmin(actor);
      const now = clock.now();
      const since = new Date(now.getTime() - LOOK_BACK_HOURS * 3600_000).toISOString();
      const listed = await jobs.list(actor.companyId, since);
      return listed.filter((job) => {
        const until = listedUntil(job);
        return until === undefined || Date.parse(until) > now.getTime();
      });
    },

    async resultsCsv(actor: Actor, jobId: string, lang: Lang): Promise<{ job: Job; csv: string }> {
      const job = await get(actor, jobId);
      const csv = jobResultsCsv(await jobs.chunkRecords(actor.companyId, jobId), lang);
      // Names of employees leave the service: audited like the employee export.
      await audit.write({
        id: ids.next(), companyId: actor.companyId, at: clock.now().toISOString(), actor: actor.loginId, actorAccountId: actor.accountId,
        action: 'job.results.export', target: jobId, result: 'success', sourceIp: actor.sourceIp,
      });
      return { job, csv };
    },
  };
}
