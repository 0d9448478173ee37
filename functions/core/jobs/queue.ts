import type { ChunkMessage } from '../imports/service.js';
import type { JobChunkMessage } from './job.js';

/** Everything the job queue carries; the worker dispatches on `kind`. */
export type QueueMessage = ChunkMessage | JobChunkMessage;

/** Port: the job queue (SQS in AWS, in-process locally). */
export interface JobQueue {
  sendAll(messages: QueueMessage[]): Promise<void>;
}

/** Chunks run at most this many at once (SQS event source maximum concurrency; locally the same). */
export const WORKER_CONCURRENCY = 5;
