import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { StoreConflict, type ConflictReason } from '../../core/shared/store-errors.js';
import { dynamo } from '../aws-clients.js';
import { requireEnv } from '../../shared/env.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import { ENTITY, keys } from './keys.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The table name, read once. */
export const tableName = (): string => requireEnv('tableName');

const CONTENTION_ATTEMPTS = 5;

/**
 * Runs a transaction; when DynamoDB cancels it because a condition failed, throws StoreConflict
 * with the reason of the first failed item (`reasons[i]` names what item i's condition meant).
 * A cancellation only because another transaction held an item (TransactionConflict) is retried
 * with backoff: parallel chunk workers meet on their job's counters by design.
 */
export async function transact(items: TransactItem[], reasons: Array<ConflictReason | undefined>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const failed = (e.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) throw new StoreConflict(reasons[failed] ?? 'state');
      if (!e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) throw e;
      if (attempt >= CONTENTION_ATTEMPTS) throw new StoreConflict('contention');
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/** Uses up a mailed link inside a change's transaction: once, and only before its deadline. */
export function linkUse(digest: string, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: keys.link(digest),
      UpdateExpression: 'SET usedAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAt > :at',
      ExpressionAttributeValues: { ':at': at },
    },
  };
}

/** The Put that writes an audit entry inside a change's transaction. */
export function auditPut(entry: AuditEntry): TransactItem {
  return { Put: { TableName: tableName(), Item: auditItem(entry) } };
}

export function auditItem(entry: AuditEntry): Record<string, unknown> {
  return { ...keys.audit(entry.companyId, entry.at, entry.id), entity: ENTITY.audit, ...entry };
}
