import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { messageGroupOf, type JobQueue, type QueueMessage } from '../../core/jobs/queue.js';
import { sqs } from '../clients/sqs.js';

/**
 * SQS: ten messages per call; entries SQS did not take are sent again. Each message names its job
 * as its MessageGroupId: on a standard queue that makes SQS's fair queues deliver a small job's
 * chunks beside a big job's backlog instead of after it (issue 13: two jobs share the quota).
 */
export function createSqsQueue(queueUrl: string): JobQueue {
  return {
    async sendAll(messages: QueueMessage[]) {
      for (let i = 0; i < messages.length; i += 10) {
        let batch = messages.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m), MessageGroupId: messageGroupOf(m) }));
        for (let attempt = 1; batch.length > 0; attempt++) {
          const out = await sqs().send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch }));
          const failed = new Set((out.Failed ?? []).map((f) => f.Id));
          batch = batch.filter((e) => failed.has(e.Id));
          if (batch.length > 0 && attempt >= 5) throw new Error(`SQS refused ${batch.length} messages`);
        }
      }
    },
  };
}
