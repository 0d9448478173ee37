import type { Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { badRequest } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { Job, JobChunkMessage, JobKind, MailJobMode } from './job.js';
import type { JobQueue } from './queue.js';

/** What a starter decided: the job's kind, its targets in chunks, and how it is audited. */
export interface JobLaunch<T> {
  kind: JobKind;
  chunkKind: JobChunkMessage['kind'];
  chunks: T[][];
  reissue: boolean;
  mode?: MailJobMode;
  action: AuditEntry['action'];
  detail?: AuditEntry['detail'];
  /** The employee a job is about, when it is one employee's (its audit entry then names whose account). */
  targetAccountId?: string;
  /** What the targets are, in the audit entry's detail (default `employees`). */
  countedAs?: string;
  /** The job whose unprocessed and failed employees this one re-runs (「未処理の社員で再実行」). */
  rerunOf?: string;
  /** `group-assignment`: the group its employees go into (null: they leave their group). */
  assignGroupId?: string | null;
}

/** The one employee of employee targets (ids, or mail targets), if there is exactly one. */
export function soleEmployee(chunks: ReadonlyArray<ReadonlyArray<string | { employeeId: string }>>): string | undefined {
  const all = chunks.flat();
  if (all.length !== 1) return undefined;
  const only = all[0]!;
  return typeof only === 'string' ? only : only.employeeId;
}

export interface JobLauncher<T> {
  jobs: { create(job: Job, chunkTargets: T[][], audit: AuditEntry): Promise<void> };
  queue: JobQueue;
  clock: Clock;
  ids: Ids;
}

/** Records a new bulk job with its chunk targets and its audit entry, then queues one message a chunk. */
export async function launchJob<T>({ jobs, queue, clock, ids }: JobLauncher<T>, actor: Actor, launch: JobLaunch<T>): Promise<Job> {
  const at = clock.now().toISOString();
  const total = launch.chunks.reduce((n, c) => n + c.length, 0);
  const job: Job = {
    jobId: ids.next(),
    companyId: actor.companyId,
    kind: launch.kind,
    ...(launch.mode ? { mode: launch.mode } : {}),
    reissue: launch.reissue,
    state: 'queued',
    chunks: launch.chunks.length,
    progress: { done: 0, total },
    counts: { succeeded: 0, failed: 0, excluded: 0 },
    createdBy: actor.loginId,
    createdByAccountId: actor.accountId,
    createdAt: at,
    results: [],
    ...(launch.rerunOf ? { rerunOf: launch.rerunOf } : {}),
    ...(launch.assignGroupId !== undefined ? { assignGroupId: launch.assignGroupId } : {}),
  };
  await jobs.create(job, launch.chunks, {
    id: ids.next(), companyId: actor.companyId, at, actor: actor.loginId, actorAccountId: actor.accountId,
    action: launch.action, target: job.jobId, targetAccountId: launch.targetAccountId, result: 'success', sourceIp: actor.sourceIp,
    detail: { [launch.countedAs ?? 'employees']: total, ...launch.detail, ...(launch.rerunOf ? { rerunOf: launch.rerunOf } : {}) },
  });
  await queue.sendAll(launch.chunks.map((_, chunk) => ({ kind: launch.chunkKind, companyId: actor.companyId, jobId: job.jobId, chunk })));
  return job;
}

/** Port: which of some ids name an employee of the company, deleted ones included (a job reports those as excluded). */
export interface EmployeeIdDirectory {
  existing(companyId: string, ids: string[]): Promise<Set<string>>;
}

/** An error lists at most this many of the ids it refuses. */
const LISTED_UNKNOWN_IDS = 20;

/**
 * Refuses a job whose targets include ids that are not employees of the caller's company (never
 * were, or another company's), before anything is written: 400 `UNKNOWN_EMPLOYEES` listing them.
 */
export async function refuseUnknownEmployees(directory: EmployeeIdDirectory, companyId: string, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  const found = await directory.existing(companyId, unique);
  const unknown = unique.filter((id) => !found.has(id));
  if (unknown.length === 0) return;
  throw badRequest(
    'UNKNOWN_EMPLOYEES',
    {
      ja: `選択した社員のうち${unknown.length}人が見つかりません。一覧を開き直して、選び直してください。`,
      en: `${unknown.length} of the chosen employees do not exist. Reload the list and choose again.`,
    },
    { employeeIds: unknown.slice(0, LISTED_UNKNOWN_IDS), count: unknown.length },
  );
}
