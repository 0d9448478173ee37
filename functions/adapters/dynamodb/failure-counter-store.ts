import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FailureCounterStore } from '../../core/guard/failure-guard.js';
import type { FailureRecord } from '../../core/guard/failure-lock.js';
import { dynamo } from '../clients/dynamodb.js';
import { TABLE_DEF } from './table-def.js';
import { ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

const epoch = (d: Date) => Math.ceil(d.getTime() / 1000);

function recordOf(item: Record<string, unknown>): FailureRecord {
  return {
    failures: Number(item.failures ?? 0),
    ...(typeof item.lastFailureAt === 'string' ? { lastFailureAt: item.lastFailureAt } : {}),
    ...(typeof item.trustedUntil === 'string' ? { trustedUntil: item.trustedUntil } : {}),
  };
}

/**
 * Failure counters, one item per scope key. A failure is one UpdateItem ADD (never a
 * read-modify-write), so any number of concurrent attempts all count and none of them fails.
 */
export function createFailureCounterStore(): FailureCounterStore {
  const ttl = TABLE_DEF.ttlAttribute;
  return {
    async read(scopeKeys) {
      const found = new Map<string, FailureRecord>();
      if (scopeKeys.length === 0) return found;
      let request: Record<string, { Keys: Array<Record<string, unknown>>; ConsistentRead: boolean }> | undefined = {
        [tableName()]: { Keys: scopeKeys.map((k) => keys.failureCounter(k)), ConsistentRead: true },
      };
      // BatchGet may hand back unprocessed keys under load; a few keys, so ask again until none.
      for (let round = 0; request && Object.keys(request).length > 0; round++) {
        const out = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[tableName()] ?? []) found.set(String(item.pk).slice('FAIL#'.length), recordOf(item));
        request = out.UnprocessedKeys as typeof request;
        if (request && Object.keys(request).length > 0) await new Promise((r) => setTimeout(r, 10 * 2 ** Math.min(round, 6)));
      }
      return found;
    },

    async addFailure(key, at, retainUntil) {
      const out = await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.failureCounter(key),
          UpdateExpression: `ADD failures :one SET entity = :entity, lastFailureAt = :at${retainUntil ? `, ${ttl} = :ttl` : ''}${retainUntil ? '' : ` REMOVE ${ttl}`}`,
          ExpressionAttributeValues: { ':one': 1, ':entity': ENTITY.failureCounter, ':at': at.toISOString(), ...(retainUntil ? { ':ttl': epoch(retainUntil) } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf(out.Attributes ?? {});
    },

    async settle(key, seenFailures, trust) {
      const sets = ['failures = :zero', 'entity = :entity'];
      const values: Record<string, unknown> = { ':zero': 0, ':entity': ENTITY.failureCounter, ':seen': seenFailures };
      if (trust) {
        sets.push('trustedUntil = :trusted', `${ttl} = :ttl`);
        values[':trusted'] = trust.until.toISOString();
        values[':ttl'] = epoch(trust.retainUntil);
      }
      try {
        await dynamo().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: keys.failureCounter(key),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: seenFailures === 0 ? 'attribute_not_exists(failures) OR failures = :seen' : 'failures = :seen',
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    async clear(key) {
      await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.failureCounter(key) }));
    },
  };
}
