import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ChunkMessage } from '../core/imports/service.js';
import { importService } from '../http/composition.js';
import { logger } from '../shared/logger.js';

const imports = importService();

/** One SQS message = one chunk of rows. A failed chunk is reported back and redelivered by SQS. */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as ChunkMessage;
      if (message.kind !== 'employee-import-chunk') throw new Error(`Unknown job kind ${String(message.kind)}`);
      await imports.processChunk(message);
    } catch (error) {
      logger.error('Chunk failed', { error: error as Error, messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
