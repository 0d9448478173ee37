import type { Actor } from '../access/actor.js';
import type { AuditEntry } from '../audit/audit-entry.js';
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
    createdAt: at,
    results: [],
  };
  await jobs.create(job, launch.chunks, {
    id: ids.next(), companyId: actor.companyId, at, actor: actor.loginId, actorAccountId: actor.accountId,
    action: launch.action, target: job.jobId, result: 'success', sourceIp: actor.sourceIp,
    detail: { employees: total, ...launch.detail },
  });
  await queue.sendAll(launch.chunks.map((_, chunk) => ({ kind: launch.chunkKind, companyId: actor.companyId, jobId: job.jobId, chunk })));
  return job;
}
