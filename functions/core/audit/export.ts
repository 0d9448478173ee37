import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import type { JobFiles } from '../issuance/pdf-issuance.js';
import { FILE_HOURS } from '../issuance/pdf-issuance.js';
import type { JobEnding } from '../jobs/engine.js';
import { openChunksOf } from '../jobs/ending.js';
import { jobOutcome, type Job, type JobChunkMessage, type StopReason } from '../jobs/job.js';
import { launchJob } from '../jobs/launch.js';
import { endAsFinalizer, type FinalizeClaim } from '../jobs/finalize.js';
import type { JobQueue } from '../jobs/queue.js';
import { csvCell, csvDocument } from '../shared/csv-write.js';
import { badRequest, notFound, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { zonedIso } from '../shared/time-zone.js';
import { AUDIT_GROUP_LABELS, actionLabel, detailLabel, groupOf, reasonLabel } from './actions.js';
import type { AuditEntry } from './audit-entry.js';
import { shownEntry } from './presentation.js';
import type { PlannedStream } from './query-plan.js';
import { SEARCH_MODES, type AuditReader, type PreparedSearch, type SearchConditions } from './service.js';

type Lang = keyof Messages;

const HEADER: Record<Lang, string[]> = {
  ja: ['日時', '操作分類', '操作内容', '結果', '操作ユーザー', '操作ユーザーID', '対象', '対象ユーザーID', '理由', '送信元IP', '詳細', 'ログID'],
  en: ['Time', 'Group', 'Operation', 'Result', 'User', 'User ID', 'Target', 'Target user ID', 'Reason', 'Source IP', 'Details', 'Log ID'],
};
const RESULT: Record<AuditEntry['result'], Messages> = { success: { ja: '成功', en: 'Success' }, failure: { ja: '失敗', en: 'Failure' } };

/** An entry's detail in words: `変更した項目=familyName,email1; 社員ID=…` (only what may be shown). */
export function detailText(entry: AuditEntry, lang: Lang): string {
  return Object.entries(shownEntry(entry).detail ?? {})
    .map(([k, v]) => `${detailLabel(k, lang)}=${String(v)}`)
    .join('; ');
}

/** One entry as a CSV row: times in the company's zone with their offset, every cell safe for Excel. */
export function auditCsvRow(entry: AuditEntry, timeZone: string, lang: Lang): string[] {
  const e = shownEntry(entry);
  return [
    zonedIso(e.at, timeZone),
    AUDIT_GROUP_LABELS[groupOf(e.action)][lang],
    actionLabel(e.action, lang),
    RESULT[e.result][lang],
    e.actor,
    e.actorAccountId ?? '',
    e.target ?? '',
    e.targetAccountId ?? '',
    e.reason ? reasonLabel(e.reason, lang) : '',
    e.sourceIp ?? '',
    detailText(e, lang),
    e.id,
  ].map(csvCell);
}

const CRLF = '\r\n';
/** Rows of one slice, each line ending in CRLF, ready to follow the header. */
export const csvLines = (rows: readonly string[][]) => rows.map((r) => r.join(',') + CRLF).join('');
/** The header line with the BOM: what the file starts with. */
export const csvHead = (lang: Lang) => csvDocument(HEADER[lang], []);

/** Slices of at most this many days: an export runs as one chunk per slice, several at once. */
export const EXPORT_SLICE_DAYS = 10;
const DAY_MS = 86_400_000;

/** What one chunk of an export reads: its time slice and the search's plan, resolved once at the start. */
export interface ExportSlice {
  from: string;
  to: string;
  streams: PlannedStream[];
  empty: boolean;
  timeZone: string;
  lang: Lang;
}

/** The window cut into slices, newest first (the file lists entries newest first, slice after slice). */
export function slicesOf(from: string, to: string): Array<{ from: string; to: string }> {
  const slices: Array<{ from: string; to: string }> = [];
  let hi = Date.parse(to);
  const lo = Date.parse(from);
  while (hi >= lo) {
    const start = Math.max(lo, hi - EXPORT_SLICE_DAYS * DAY_MS + 1);
    slices.push({ from: new Date(start).toISOString(), to: new Date(hi).toISOString() });
    hi = start - 1;
  }
  return slices;
}

/** Port: the export's job record, its slices, and its parts. */
export interface ExportJobStore extends FinalizeClaim {
  create(job: Job, chunkTargets: string[][], audit: AuditEntry): Promise<void>;
  get(companyId: string, jobId: string): Promise<Job | undefined>;
  targets(companyId: string, jobId: string, chunk: number): Promise<string[]>;
  chunkDone(companyId: string, jobId: string, chunk: number): Promise<boolean>;
  /** Records a written slice once (its rows in `succeeded`); false when it was recorded already. */
  finishSlice(companyId: string, jobId: string, chunk: number, rows: number): Promise<boolean>;
  /** The slices recorded so far, written or abandoned. */
  recordedChunks(companyId: string, jobId: string): Promise<number[]>;
  /**
   * Records a slice that never ran, once (false when it was recorded already): it counts as done
   * with no rows, and the job keeps `reason` as its stopReason unless it has one.
   */
  abandonSlice(companyId: string, jobId: string, chunk: number, reason: StopReason): Promise<boolean>;
  complete(companyId: string, jobId: string, done: { fileKey?: string; fileExpiresAt?: string; finishedAt: string }, audit: AuditEntry): Promise<void>;
}

export const exportPartKey = (companyId: string, jobId: string, chunk: number) => `jobs/${companyId}/${jobId}/audit-part-${chunk}.csv`;
export const exportFileKey = (companyId: string, jobId: string) => `jobs/${companyId}/${jobId}/audit-log.csv`;

const NOT_FOUND = () => notFound({ ja: 'ログのCSV出力が見つかりません。', en: 'Log export not found.' });

/** CSV出力 of the log view: started here (admins and viewers), made by the worker, audited. */
export function createAuditExportService({ prepare, jobs, queue, clock, ids }: { prepare: (companyId: string, c: SearchConditions) => Promise<PreparedSearch>; jobs: ExportJobStore; queue: JobQueue; clock: Clock; ids: Ids }) {
  return {
    async start(actor: Actor, conditions: SearchConditions, lang: Lang): Promise<Job> {
      requireReader(actor);
      const s = await prepare(actor.companyId, conditions);
      if (!SEARCH_MODES[s.mode].exportable) {
        throw badRequest(
          'NOT_EXPORTABLE',
          s.mode === 'attendance'
            ? { ja: '出退勤ログ検索の結果はCSV出力できません。打刻は勤怠システムへ送られた記録をお使いください。', en: 'Attendance log search results cannot be exported. Use the clock events the attendance system received.' }
            : { ja: 'この検索の結果はCSV出力できません。', en: 'The results of this search cannot be exported.' },
        );
      }
      const chunks = slicesOf(s.from, s.to).map((slice): string[] => [JSON.stringify({ ...slice, streams: s.streams, empty: s.empty, timeZone: s.timeZone, lang } satisfies ExportSlice)]);
      return launchJob({ jobs, queue, clock, ids }, actor, {
        kind: 'audit-export', chunkKind: 'audit-export-chunk', chunks, reissue: false, action: 'audit.export', countedAs: 'slices',
        detail: { from: s.from, to: s.to, conditions: JSON.stringify(conditions).slice(0, 500) },
      });
    },

    async get(actor: Actor, jobId: string): Promise<Job> {
      requireReader(actor);
      const job = await jobs.get(actor.companyId, jobId);
      if (!job || job.kind !== 'audit-export') throw NOT_FOUND();
      return job;
    },
  };
}

/** Entries one query page of an export reads; a slice is read to its end, page after page. */
const EXPORT_PAGE = 1000;

/**
 * The worker side: each chunk writes its slice's rows (exactly what the search lists, in the same
 * order) to a part; the last chunk to finish joins the parts after the header into the file.
 * A chunk run twice writes the same part again; it is recorded once.
 */
export function createAuditExportWorker({ reader, jobs, files, clock, ids }: { reader: AuditReader; jobs: ExportJobStore; files: JobFiles; clock: Clock; ids: Ids }) {
  async function finalize(job: Job): Promise<void> {
    const claimedAt = clock.now().toISOString();
    await endAsFinalizer(jobs, job.companyId, job.jobId, claimedAt, () => (job.stopReason ? endWithoutFile(job, claimedAt) : endWithFile(job)));
  }

  /** A file with a slice missing would pass for the whole log: the export ends without one. */
  async function endWithoutFile(job: Job, at: string): Promise<void> {
    await jobs.complete(job.companyId, job.jobId, { finishedAt: at }, {
      id: ids.next(), companyId: job.companyId, at, actor: job.createdBy, action: 'audit.export.done', target: job.jobId, ...jobOutcome(job),
    });
  }

  async function endWithFile(job: Job): Promise<void> {
    const first = JSON.parse((await jobs.targets(job.companyId, job.jobId, 0))[0] ?? '{}') as Partial<ExportSlice>;
    const parts: Uint8Array[] = [];
    for (let c = 0; c < job.chunks; c++) parts.push(await files.get(exportPartKey(job.companyId, job.jobId, c)));
    const head = new TextEncoder().encode(csvHead(first.lang ?? 'ja'));
    const file = new Uint8Array(head.length + parts.reduce((n, p) => n + p.length, 0));
    file.set(head, 0);
    let at = head.length;
    for (const p of parts) {
      file.set(p, at);
      at += p.length;
    }
    await files.put(exportFileKey(job.companyId, job.jobId), file, 'text/csv; charset=utf-8');
    const finishedAt = clock.now().toISOString();
    const after = await jobs.get(job.companyId, job.jobId);
    await jobs.complete(
      job.companyId,
      job.jobId,
      { finishedAt, fileKey: exportFileKey(job.companyId, job.jobId), fileExpiresAt: new Date(Date.parse(finishedAt) + FILE_HOURS * 3600_000).toISOString() },
      { id: ids.next(), companyId: job.companyId, at: finishedAt, actor: job.createdBy, action: 'audit.export.done', target: job.jobId, result: 'success', detail: { rows: after?.counts.succeeded ?? 0 } },
    );
  }

  return {
    async processChunk({ companyId, jobId, chunk }: JobChunkMessage): Promise<void> {
      const job = await jobs.get(companyId, jobId);
      if (!job || job.state === 'done' || job.state === 'failed') return;
      if (!(await jobs.chunkDone(companyId, jobId, chunk))) {
        const slice = JSON.parse((await jobs.targets(companyId, jobId, chunk))[0] ?? '{}') as ExportSlice;
        const rows: string[][] = [];
        let cursor: string | undefined;
        if (!slice.empty) {
          do {
            const page = await reader.search(companyId, slice.streams, { from: slice.from, to: slice.to, limit: EXPORT_PAGE, cursor, maxQueries: 200 });
            for (const entry of page.items) rows.push(auditCsvRow(entry, slice.timeZone, slice.lang));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
        }
        await files.put(exportPartKey(companyId, jobId, chunk), new TextEncoder().encode(csvLines(rows)), 'text/csv; charset=utf-8');
        await jobs.finishSlice(companyId, jobId, chunk, rows.length);
      }
      await finish(companyId, jobId);
    },

    /** Ends the export once every slice is recorded (the job engine asks this too, after abandoning slices). */
    finish,
  };

  async function finish(companyId: string, jobId: string): Promise<void> {
    const after = await jobs.get(companyId, jobId);
    if (after && after.progress.done >= after.progress.total) await finalize(after);
  }
}

/**
 * How an export's slices end when they never ran (dead-lettered, or the job stalled): each is
 * recorded once as done without rows, so the job ends, failed and without a file. Its rows are
 * entries of the log, not employees: there are no unprocessed employees and nothing to re-run.
 */
export function createAuditExportEnding({ jobs }: { jobs: Pick<ExportJobStore, 'get' | 'recordedChunks' | 'abandonSlice'> }): JobEnding {
  return {
    openChunks: openChunksOf(jobs),

    async abandonChunk({ companyId, jobId }, chunk, reason) {
      await jobs.abandonSlice(companyId, jobId, chunk, reason);
    },
  };
}
