import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import type { JobQueue, QueueMessage } from '../../core/jobs/queue.js';
import { logger } from '../../shared/logger.js';
import { inCallScope } from '../call-counter.js';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/**
 * The local stand-in for SQS + the worker's event source: delivers each message to the same
 * worker handler with a bounded concurrency, redelivering a failed message like SQS would.
 */
export function createInProcessQueue(loadHandler: () => Promise<SqsHandler>, { concurrency = 4, maxAttempts = 3 } = {}): JobQueue & { idle(): Promise<void> } {
  const waiting: Array<{ message: QueueMessage; attempt: number }> = [];
  let running = 0;
  let sequence = 0;
  let idleWaiters: Array<() => void> = [];

  async function deliver(message: QueueMessage, attempt: number) {
    const handler = await loadHandler();
    const messageId = `local-${++sequence}`;
    const event = { Records: [{ messageId, body: JSON.stringify(message), attributes: { ApproximateReceiveCount: String(attempt) } }] } as unknown as SQSEvent;
    const out = await inCallScope('worker', () => handler(event));
    if (out && out.batchItemFailures.length > 0) throw new Error('worker reported a failure');
  }

  function pump() {
    while (running < concurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      running++;
      deliver(next.message, next.attempt)
        .catch((error: unknown) => {
          if (next.attempt < maxAttempts) waiting.push({ message: next.message, attempt: next.attempt + 1 });
          else logger.error('Message failed after all attempts', { error: error as Error, kind: next.message.kind });
        })
        .finally(() => {
          running--;
          pump();
          if (running === 0 && waiting.length === 0) {
            for (const resolve of idleWaiters) resolve();
            idleWaiters = [];
          }
        });
    }
  }

  return {
    async sendAll(messages) {
      waiting.push(...messages.map((message) => ({ message, attempt: 1 })));
      setImmediate(pump);
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
