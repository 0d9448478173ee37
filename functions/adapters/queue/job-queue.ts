import type { JobQueue } from '../../core/jobs/queue.js';
import { requireEnv } from '../../shared/env.js';
import { createSqsQueue } from './sqs-queue.js';

let local: JobQueue | undefined;
let sqsQueue: JobQueue | undefined;

/** Local runtime only: route jobs to the local queue instead of SQS. */
export function useLocalQueue(queue: JobQueue): void {
  local = queue;
}

/**
 * The job queue, resolved at first send: a function that only consumes jobs (the worker) builds
 * the same services without being given a queue URL.
 */
export function jobQueue(): JobQueue {
  return {
    sendAll(messages) {
      sqsQueue ??= local ? undefined : createSqsQueue(requireEnv('queueUrl'));
      return (local ?? sqsQueue!).sendAll(messages);
    },
  };
}
