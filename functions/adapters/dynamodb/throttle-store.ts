import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ThrottleCounterStore } from '../../core/guard/throttle.js';
import { dynamo } from '../clients/dynamodb.js';
import { TABLE_DEF } from './table-def.js';
import { ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

/** Window counters: one atomic ADD per hit; the table's TTL clears windows that have passed. */
export function createThrottleStore(): ThrottleCounterStore {
  return {
    async hit(bucket, expiresAt) {
      const out = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.throttleWindow(bucket),
          UpdateExpression: `ADD hits :one SET entity = :entity, ${TABLE_DEF.ttlAttribute} = :ttl`,
          ExpressionAttributeValues: { ':one': 1, ':entity': ENTITY.throttleWindow, ':ttl': Math.ceil(expiresAt.getTime() / 1000) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.hits ?? 1);
    },
  };
}
