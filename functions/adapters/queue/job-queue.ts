import type { JobQueue } from '../../core/imports/service.js';
import { requireEnv } from '../../shared/env.js';
import { createSqsQueue } from './sqs-queue.js';

let inProcess: JobQueue | undefined;

/** Local runtime only: route jobs to an in-process queue instead of SQS. */
export function useInProcessQueue(queue: JobQueue): void {
  inProcess = queue;
}

export function jobQueue(): JobQueue {
  return inProcess ?? createSqsQueue(requireEnv('queueUrl'));
}
