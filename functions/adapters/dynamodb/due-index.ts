import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DueIndex, DueItem } from '../../core/sweep/sweeper.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { GSI1 } from './table-def.js';
import { tableName } from './table.js';

export function createDueIndex(): DueIndex {
  return {
    async listDue(hours, until) {
      const due: DueItem[] = [];
      for (const hour of hours) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const out = await dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              IndexName: GSI1,
              KeyConditionExpression: 'gsi1pk = :bucket AND gsi1sk <= :until',
              ExpressionAttributeValues: { ':bucket': `DUE#${hour}`, ':until': `${until}#\uffff` },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const item of out.Items ?? []) {
            const deadline = String(item.gsi1sk).split('#')[0]!;
            if (deadline <= until) due.push({ entity: String(item.entity), deadline, attributes: item });
          }
          startKey = out.LastEvaluatedKey;
        } while (startKey);
      }
      return due;
    },
    async cursor() {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.sweepCursor(), ConsistentRead: true }));
      return out.Item ? String(out.Item.hour) : undefined;
    },
    async saveCursor(hour) {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.sweepCursor(), entity: ENTITY.sweepCursor, hour } }));
    },
  };
}
