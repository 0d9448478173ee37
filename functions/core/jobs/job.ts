import type { Messages } from '../shared/errors.js';

/** What the API reports; a job finishing its file still shows as running. */
export type JobState = 'queued' | 'running' | 'done' | 'failed';

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

export const JOB_KINDS = ['pdf-issuance', 'passcode-issuance', 'mail-request', 'mail-notice', 'audit-export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const MAIL_JOB_MODES = ['new', 'resend', 'reissue'] as const;
export type MailJobMode = (typeof MAIL_JOB_MODES)[number];

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
  createdAt: string;
  finishedAt?: string;
  /** The generated file in the files bucket, and until when it may be downloaded. */
  fileKey?: string;
  fileExpiresAt?: string;
  /** Failed and excluded employees, with why. */
  results: JobResult[];
}

/** What one recorded chunk says about its employees. */
export interface ChunkRecord {
  chunk: number;
  succeeded: JobRow[];
  results: JobResult[];
}

export interface JobChunkMessage {
  kind: 'pdf-issuance-chunk' | 'passcode-issuance-chunk' | 'mail-request-chunk' | 'mail-notice-chunk' | 'audit-export-chunk';
  companyId: string;
  jobId: string;
  chunk: number;
}
