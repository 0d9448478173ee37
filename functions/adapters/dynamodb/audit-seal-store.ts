import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AUDIT_GROUPS } from '../../core/audit/actions.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { DayDigest } from '../../core/audit/digest.js';
import type { AuditSealStore, CloseProgress, SealRecord } from '../../core/audit/seal.js';
import { dynamo } from '../clients/dynamodb.js';
import { auditRetentionDays } from './audit-retention.js';
import { entryFromItem } from './audit-store.js';
import { auditDigestPk, auditPk, ENTITY, keys } from './keys.js';
import { tableName } from './table.js';

const RESULTS = ['success', 'failure'] as const;
/** A seal record outlives its day's entries by a month, so verify can still say `expired`. */
const RECORD_EXTRA_DAYS = 31;

/** Every item of one partition between two sort keys, all pages. */
async function allOf(pk: string, lower: string, upper: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const recordOf = (item: Record<string, unknown>): SealRecord => ({
  companyId: String(item.companyId),
  day: String(item.day),
  previous: String(item.previous),
  digest: String(item.digest),
  count: Number(item.count),
  counts: (item.counts as Record<string, number>) ?? {},
  ...(item.expiresFrom !== undefined ? { expiresFrom: Number(item.expiresFrom) } : {}),
  closedAt: String(item.closedAt),
});

/**
 * The seals of the audit log: the table's copy of each day (one small partition per company), the
 * locked copy through `locked` (S3), and the entries of a day read from the 12 partitions of its month.
 */
export function createAuditSealStore(locked: { put(d: DayDigest): Promise<void>; get(companyId: string, day: string): Promise<DayDigest | undefined> }): AuditSealStore {
  return {
    async lastSealed(companyId) {
      const out = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': auditDigestPk(companyId) },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = out.Items?.[0];
      return item ? { day: String(item.day), digest: String(item.digest) } : undefined;
    },

    async dayEntries(companyId, day) {
      const lower = `${day}T00:00:00.000Z`;
      const upper = `${day}T23:59:59.999Z\uffff`;
      const partitions = AUDIT_GROUPS.flatMap((group) => RESULTS.map((result) => auditPk(companyId, day.slice(0, 7), group, result)));
      const items = (await Promise.all(partitions.map((pk) => allOf(pk, lower, upper)))).flat();
      const expiries = items.map((i) => Number(i.expiresAtEpoch)).filter((n) => Number.isFinite(n) && n > 0);
      const entries: AuditEntry[] = items.map(entryFromItem);
      return { entries, ...(expiries.length > 0 ? { expiresFrom: Math.min(...expiries) } : {}) };
    },

    async seal(digest) {
      await locked.put(digest);
      const { entries: _e, ...record } = digest;
      const keep = (await auditRetentionDays(digest.companyId)) + RECORD_EXTRA_DAYS;
      try {
        await dynamo().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...keys.auditDigest(digest.companyId, digest.day),
              entity: ENTITY.auditDigest,
              ...record,
              expiresAtEpoch: Math.ceil(Date.parse(`${digest.day}T00:00:00.000Z`) / 1000) + keep * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (e) {
        if (e instanceof ConditionalCheckFailedException) return false;
        throw e;
      }
    },

    async records(companyId, fromDay, toDay) {
      return (await allOf(auditDigestPk(companyId), fromDay, toDay)).map(recordOf);
    },

    locked: (companyId, day) => locked.get(companyId, day),
  };
}

/** Where the daily close of every company stands (one item). */
export function createCloseProgress(): CloseProgress {
  return {
    async get() {
      const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.auditClose(), ConsistentRead: true }));
      const item = out.Item ?? {};
      return {
        ...(item.through ? { through: String(item.through) } : {}),
        ...(item.pass ? { pass: String(item.pass) } : {}),
        ...(item.after ? { after: String(item.after) } : {}),
      };
    },
    async save(state) {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.auditClose(), entity: ENTITY.auditClose, ...state } }));
    },
  };
}
