import type { JobQueue } from '../../core/jobs/queue.js';
import { requireEnv } from '../../shared/env.js';
import { createSqsQueue } from './sqs-queue.js';

let inProcess: JobQueue | undefined;
let sqsQueue: JobQueue | undefined;

/** Local runtime only: route jobs to an in-process queue instead of SQS. */
export function useInProcessQueue(queue: JobQueue): void {
  inProcess = queue;
}

/**
 * The job queue, resolved at first send: a function that only consumes jobs (the worker) builds
 * the same services without being given a queue URL.
 */
export function jobQueue(): JobQueue {
  return {
    sendAll(messages) {
      sqsQueue ??= inProcess ? undefined : createSqsQueue(requireEnv('queueUrl'));
      return (inProcess ?? sqsQueue!).sendAll(messages);
    },
  };
}
