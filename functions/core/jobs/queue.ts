import type { JobChunkMessage, JobRef } from './job.js';

/** One chunk of a CSV import (its rows, staged in the files bucket). */
export interface ImportChunkMessage {
  kind: 'employee-import-chunk';
  companyId: string;
  importId: string;
  chunk: number;
}

/**
 * Asks the worker to end a job once every chunk is recorded (its file, its audit entry): sent
 * after the engine recorded chunks that never ran, because only the worker builds files.
 */
export interface JobFinishMessage {
  kind: 'job-finish';
  job: JobRef;
}

/**
 * One chunk of a registration-password batch's expiry (issue 9): 発行済 → 期限切れ at the expiry
 * (`expire`), 期限切れ → 未発行 the next day (`reset`). It tidies the statuses of a job that ended
 * long ago, so it is no chunk of a running job: no heartbeat, no stall deadline, no job to end.
 */
export interface RegistrationExpiryChunkMessage {
  kind: 'registration-expiry-chunk';
  companyId: string;
  jobId: string;
  chunk: number;
  phase: 'expire' | 'reset';
}

export type ChunkQueueMessage = ImportChunkMessage | JobChunkMessage;

/** Everything the job queue carries; the worker dispatches on `kind`. */
export type QueueMessage = ChunkQueueMessage | JobFinishMessage | RegistrationExpiryChunkMessage;

/** Port: the job queue (SQS in AWS, a durable local queue in the local runtime). */
export interface JobQueue {
  sendAll(messages: QueueMessage[]): Promise<void>;
}

/** Chunks run at most this many at once (SQS event source maximum concurrency; the local runtime runs twice as many, see bin/local/runtime.ts). */
export const WORKER_CONCURRENCY = 5;

/**
 * The job a message belongs to (an import's id for its chunks): the tenant of the queue's fair
 * sharing. SQS fair queues read it as the MessageGroupId; the local queue shares its slots by it.
 */
export function messageGroupOf(message: QueueMessage): string {
  if (message.kind === 'job-finish') return message.job.jobId;
  if (message.kind === 'employee-import-chunk') return message.importId;
  return message.jobId;
}
