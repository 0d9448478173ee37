import type { Messages } from '../shared/errors.js';

/**
 * What the API reports; a job finishing its file still shows as running. `failed`: the job ended
 * with chunks the engine had to give up on (see `stopReason`); whatever its other chunks did stands.
 */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/**
 * Why the engine recorded chunks of a job as unprocessed: `chunk-failed`, a chunk failed on every
 * delivery (the queue dead-lettered it); `stalled`, the job showed no progress for longer than
 * STALL_AFTER_MS (its chunks were lost). Also the technical code of each such employee's row.
 */
export type StopReason = 'chunk-failed' | 'stalled';

/** Who a row of a job's results is about, as they were when the job ran. */
export interface JobRow {
  employeeId: string;
  employeeCode: string;
  name: string;
}

/** One employee's failure or exclusion in a bulk job; successes are listed only in the results CSV. */
export interface JobResult extends JobRow {
  outcome: 'failed' | 'excluded';
  reason: string;
  messages: Messages;
}

export const JOB_KINDS = ['pdf-issuance', 'passcode-issuance', 'mail-request', 'mail-notice', 'registration-codes', 'audit-export', 'group-assignment'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const MAIL_JOB_MODES = ['new', 'resend', 'reissue'] as const;
export type MailJobMode = (typeof MAIL_JOB_MODES)[number];

/** Every kind of job that runs in chunks on the job queue: the bulk jobs, and CSV imports. */
export type QueuedJobKind = JobKind | 'employee-import';

/** A job of any kind, as the job engine names it (an import's id is its importId). */
export interface JobRef {
  kind: QueuedJobKind;
  companyId: string;
  jobId: string;
}

/** A bulk job over employees, run in chunks on the job queue. */
export interface Job {
  jobId: string;
  companyId: string;
  /** `pdf-issuance`: password notices; `passcode-issuance`: time-clock passcode notices; `mail-request` / `mail-notice`: mails; `audit-export`: the log as CSV. */
  kind: JobKind;
  /** Mail request jobs: new (未発行 / 未), resend (認証待ち or 有効期限切れ) or reissue (A). */
  mode?: MailJobMode;
  /** PDF: employees whose password (or passcode) is already issued are included (reissue). Mail: reissue (A) or (B). */
  reissue: boolean;
  state: JobState;
  chunks: number;
  progress: { done: number; total: number };
  counts: { succeeded: number; failed: number; excluded: number };
  createdBy: string;
  /** The account that started the job (the registration CSV's mailed link is for it alone). */
  createdByAccountId?: string;
  createdAt: string;
  finishedAt?: string;
  /** Registration passwords: whether the CSV link went to the admin who ran the job (`no-address`: they have none). */
  csvMail?: 'sent' | 'no-address' | 'failed';
  /** The generated file in the files bucket, and until when it may be downloaded. */
  fileKey?: string;
  fileExpiresAt?: string;
  /** Failed and excluded employees, with why. */
  results: JobResult[];
  /** Set once the engine gave up on a chunk; the job then ends as `failed`. */
  stopReason?: StopReason;
  /** This job re-runs the unprocessed and failed employees of that one. */
  rerunOf?: string;
  /** The job that re-ran this one's unprocessed and failed employees (one at most). */
  rerunBy?: string;
  /** `group-assignment`: the group its employees go into; null when they leave their group. */
  assignGroupId?: string | null;
}

/** What one recorded chunk says about its employees. */
export interface ChunkRecord {
  chunk: number;
  succeeded: JobRow[];
  results: JobResult[];
}

/** One chunk of a bulk job on the job queue; every kind of job has its chunk kind. */
export interface JobChunkMessage {
  kind: `${JobKind}-chunk`;
  companyId: string;
  jobId: string;
  chunk: number;
}

/** How a job's end is audited: one the engine had to give up chunks of ended in failure, and says why. */
export function jobOutcome(job: Pick<Job, 'stopReason'>): { result: 'success' } | { result: 'failure'; reason: StopReason } {
  return job.stopReason ? { result: 'failure', reason: job.stopReason } : { result: 'success' };
}
