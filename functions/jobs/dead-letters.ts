import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueMessage } from '../core/jobs/queue.js';
import { logger } from '../shared/logger.js';
import { jobEngine } from './job-engine.js';

const engine = jobEngine();

/**
 * The dead-letter queue's consumer: a chunk the job queue gave up on (DELIVERY_LIMIT deliveries)
 * ends as unprocessed rows of its job, so the job ends too. A message it cannot handle stays on
 * the dead-letter queue (its depth alarm tells someone) and comes back later.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let message: QueueMessage;
    try {
      message = JSON.parse(record.body) as QueueMessage;
    } catch {
      logger.error('Dead-lettered message is not JSON; dropped', { messageId: record.messageId });
      continue;
    }
    try {
      logger.warn('Chunk dead-lettered: its rows end as unprocessed', { kind: message.kind, messageId: record.messageId });
      await engine.deadLettered(message);
    } catch (error) {
      logger.error('Dead-lettered chunk could not be ended', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
