import type { Messages } from '../shared/errors.js';
import type { Clock } from '../shared/ports.js';
import type { JobKind, JobRef, QueuedJobKind, StopReason } from './job.js';
import type { ChunkQueueMessage, JobQueue, QueueMessage } from './queue.js';

// The job engine: what keeps every bulk job, of any kind, on its way to an end. A job kind runs its
// own chunks; the engine beats each job's heartbeat as its chunks begin, and when a chunk can never
// run (dead-lettered) or a whole job went silent (stalled), it records the chunks that did not run
// as failed rows through the kind's JobEnding, lets go of their claims, and has the worker end the job.

/** What an employee (or an import row) of a chunk that never ran is told, with the reason's code. */
export const UNPROCESSED: Messages = {
  ja: '処理に失敗しました。再実行してください。',
  en: 'Could not be processed. Run it again.',
};

/**
 * Port: each job's heartbeat and stall deadline (STALL_AFTER_MS after its latest sign of life).
 * Written with the job, removed when it ends.
 */
export interface JobWatch {
  /** A chunk is beginning now. False when the job is being ended: the chunk must not run. */
  beat(job: JobRef, chunk: number, at: string): Promise<boolean>;
  /**
   * The sweep takes over ending a job whose deadline has passed (false when it beat meanwhile).
   * The deadline moves on, so an end that does not complete is tried again later.
   */
  takeOverEnding(job: JobRef, at: string): Promise<boolean>;
}

/** Port, one per kind of job: how its chunks that never ran are recorded. */
export interface JobEnding {
  /** The chunks with no record yet. */
  openChunks(job: JobRef): Promise<number[]>;
  /**
   * Records the chunk once: each of its targets a failed row with `reason` (the job then ends as
   * failed), and lets go of this job's claims on them. Safe to repeat, and to race a worker that
   * records the same chunk: the first record stands.
   */
  abandonChunk(job: JobRef, chunk: number, reason: StopReason, messages: Messages, at: string): Promise<void>;
}

/** A chunk of a running job (an import's or a bulk job's), which beats its job and ends with it. */
export function isJobChunk(message: QueueMessage): message is ChunkQueueMessage {
  return message.kind !== 'job-finish' && message.kind !== 'registration-expiry-chunk';
}

/** The job a chunk belongs to, and which chunk it is. */
export function chunkOf(message: ChunkQueueMessage): { job: JobRef; chunk: number } {
  const { companyId, chunk } = message;
  if (message.kind === 'employee-import-chunk') return { job: { kind: 'employee-import', companyId, jobId: message.importId }, chunk };
  return { job: { kind: message.kind.slice(0, -'-chunk'.length) as JobKind, companyId, jobId: message.jobId }, chunk };
}

export interface JobEngineDeps {
  watch: JobWatch;
  /** Every kind of job must say how it ends: a kind added without one does not compile. */
  endings: Record<QueuedJobKind, JobEnding>;
  queue: JobQueue;
  clock: Clock;
  log?: { warn(message: string, detail: Record<string, unknown>): void };
}

export function createJobEngine({ watch, endings, queue, clock, log }: JobEngineDeps) {
  const finish = (job: JobRef) => queue.sendAll([{ kind: 'job-finish', job }]);
  const endingOf = (job: JobRef) => {
    const ending = endings[job.kind];
    if (!ending) throw new Error(`No ending for job kind ${String(job.kind)}`);
    return ending;
  };

  return {
    /** The worker: a message of the job queue. A chunk beats its job first, and does not run while its job is being ended. */
    async deliver(message: QueueMessage, run: (message: QueueMessage) => Promise<void>): Promise<void> {
      if (isJobChunk(message)) {
        const { job, chunk } = chunkOf(message);
        if (!(await watch.beat(job, chunk, clock.now().toISOString()))) return;
      }
      await run(message);
    },

    /** The dead-letter queue's consumer: the queue gave up on this message after DELIVERY_LIMIT deliveries. */
    async deadLettered(message: QueueMessage): Promise<void> {
      if (message.kind === 'job-finish') {
        // Only the worker can end the job (its file); the sweep asks it again at the job's next deadline.
        log?.warn('Ending a job failed on every delivery; the sweep tries again', { ...message.job });
        return;
      }
      if (message.kind === 'registration-expiry-chunk') {
        // The passwords are refused at use from their expiry whatever the list says, and a reissue
        // replaces them: only 発行済 / 期限切れ of these employees stay behind. Someone should know.
        log?.warn('A registration-password expiry chunk failed on every delivery; its statuses stay as they were', { companyId: message.companyId, jobId: message.jobId, chunk: message.chunk, phase: message.phase });
        return;
      }
      const { job, chunk } = chunkOf(message);
      await endingOf(job).abandonChunk(job, chunk, 'chunk-failed', UNPROCESSED, clock.now().toISOString());
      await finish(job);
    },

    /** The sweep: a job whose deadline passed. Its chunks not recorded yet are recorded as unprocessed. */
    async endStalled(job: JobRef, now: Date): Promise<boolean> {
      const at = now.toISOString();
      if (!(await watch.takeOverEnding(job, at))) return false;
      const ending = endingOf(job);
      for (const chunk of await ending.openChunks(job)) await ending.abandonChunk(job, chunk, 'stalled', UNPROCESSED, at);
      await finish(job);
      return true;
    },
  };
}

export type JobEngine = ReturnType<typeof createJobEngine>;
