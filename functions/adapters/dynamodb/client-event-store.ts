import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRecord, EventStore } from '../../core/client/events.js';
import { EVENT_RECORD_DAYS } from '../../core/client/events.js';
import { StoreConflict } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { ENTITY, keys } from './keys.js';
import { auditPut, tableName, transact } from './table.js';

const FIELDS = ['companyId', 'eventId', 'deviceId', 'accountId', 'type', 'occurredAt', 'receivedAt', 'clockKind', 'published', 'clockEvent'] as const;

/** One item per (company, eventId), written with its audit entry: a retry finds it and writes nothing. */
export function createClientEventStore(): EventStore {
  return {
    async record(record, audit) {
      const key = keys.clientEvent(record.companyId, record.eventId);
      const expiresAtEpoch = Math.ceil(Date.parse(record.receivedAt) / 1000) + EVENT_RECORD_DAYS * 86_400;
      try {
        await transact(
          [{ Put: { TableName: tableName(), Item: { ...key, entity: ENTITY.clientEvent, ...record, expiresAtEpoch }, ConditionExpression: 'attribute_not_exists(pk)' } }, auditPut(audit)],
          ['exists'],
        );
        return { stored: true };
      } catch (e) {
        if (!(e instanceof StoreConflict) || e.reason !== 'exists') throw e;
        const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
        const item = out.Item ?? {};
        return { stored: false, existing: Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as EventRecord };
      }
    },
    async markPublished(companyId, eventId) {
      await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: keys.clientEvent(companyId, eventId), UpdateExpression: 'SET published = :t', ExpressionAttributeValues: { ':t': true } }));
    },
  };
}
