import type { SQSEvent, SQSBatchResponse } from 'aws-lambda';
import type { JobQueue, QueueMessage } from '../../core/jobs/queue.js';
import { logger } from '../../shared/logger.js';
import { inCallScope } from '../call-counter.js';
import { SEND_SETTLE_MINUTES } from '../../core/issuance/mail-issuance.js';

/**
 * When a failed message comes back, like SQS's visibility timeout (shortened): soon once, for a
 * passing fault; then past the window in which a mail chunk waits for its sends to settle.
 */
const RETRY_DELAYS_MS = [1_000, (SEND_SETTLE_MINUTES + 1) * 60_000];

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/**
 * The local stand-in for SQS + the worker's event source: delivers each message to the same
 * worker handler with a bounded concurrency, redelivering a failed message later like SQS would.
 */
export function createInProcessQueue(
  loadHandler: () => Promise<SqsHandler>,
  { concurrency = 4, retryDelaysMs = RETRY_DELAYS_MS } = {},
): JobQueue & { idle(): Promise<void> } {
  const maxAttempts = retryDelaysMs.length + 1;
  const waiting: Array<{ message: QueueMessage; attempt: number }> = [];
  let running = 0;
  let delayed = 0;
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
          if (next.attempt >= maxAttempts) {
            logger.error('Message failed after all attempts', { error: error as Error, kind: next.message.kind });
            return;
          }
          delayed++;
          const timer = setTimeout(() => {
            delayed--;
            waiting.push({ message: next.message, attempt: next.attempt + 1 });
            pump();
          }, retryDelaysMs[next.attempt - 1]);
          timer.unref();
        })
        .finally(() => {
          running--;
          pump();
          settle();
        });
    }
  }

  function settle() {
    if (running === 0 && waiting.length === 0 && delayed === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters = [];
    }
  }

  return {
    async sendAll(messages) {
      waiting.push(...messages.map((message) => ({ message, attempt: 1 })));
      setImmediate(pump);
    },
    idle() {
      if (running === 0 && waiting.length === 0 && delayed === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
