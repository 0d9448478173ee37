import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../clients/dynamodb.js';
import type { QueueStore, StoredMessage } from './local-queue.js';

// The local queue's messages, in a table of their own in DynamoDB Local (one partition; the local
// runtime only): the queue is a stand-in for SQS, not part of kagi's data.

const PARTITION = 'QUEUE';

export function createLocalQueueStore(tableName: string): QueueStore {
  return {
    async load() {
      const found: StoredMessage[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await dynamo().send(
          new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': PARTITION }, ConsistentRead: true, ExclusiveStartKey: startKey }),
        );
        for (const { pk: _p, sk: _s, ...message } of out.Items ?? []) found.push(message as StoredMessage);
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return found;
    },

    async save(messages) {
      for (let i = 0; i < messages.length; i += 25) {
        let request: Record<string, unknown[]> | undefined = {
          [tableName]: messages.slice(i, i + 25).map((m) => ({ PutRequest: { Item: { pk: PARTITION, sk: m.id, ...m } } })),
        };
        while (request && Object.keys(request).length > 0) {
          const out = await dynamo().send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as typeof request;
        }
      }
    },

    async remove(id) {
      await dynamo().send(new DeleteCommand({ TableName: tableName, Key: { pk: PARTITION, sk: id } }));
    },
  };
}
