import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StoreConflict, type ConflictReason } from '../../core/shared/store-errors.js';
import { dynamo } from '../clients/dynamodb.js';
import { requireEnv } from '../../shared/env.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import { ENTITY, keys } from './keys.js';
import { groupOf } from '../../core/audit/actions.js';
import { stampAuditExpiry } from './audit-retention.js';

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
export async function transact<R extends string = ConflictReason>(
  items: TransactItem[],
  reasons: Array<R | undefined>,
  /** The error a refused condition becomes (a store with reasons of its own passes its error). */
  refused: (reason: R | undefined) => Error = (reason) => new StoreConflict((reason ?? 'state') as ConflictReason),
): Promise<void> {
  // An audit entry put by the change it records gets its TTL here, like one written alone.
  for (const item of items) if (item.Put?.Item) await stampAuditExpiry(item.Put.Item);
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const failed = (e.CancellationReasons ?? []).findIndex((r) => r.Code === 'ConditionalCheckFailed');
      if (failed >= 0) throw refused(reasons[failed]);
      if (!e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')) throw e;
      if (attempt >= CONTENTION_ATTEMPTS) throw new StoreConflict('contention');
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}

type ConditionalUpdate = NonNullable<TransactItem['Update']>;

/** One conditional update: false when its condition refused it. */
export async function updateIf(update: ConditionalUpdate): Promise<boolean> {
  try {
    await dynamo().send(new UpdateCommand(update));
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

/**
 * Conditional updates all or none, in one transaction (≤ 100): false when any condition refused
 * (or contention outlasted the retries), so the caller goes one by one with `updateIf` to learn which.
 */
export async function updateAllIf(updates: ConditionalUpdate[]): Promise<boolean> {
  if (updates.length === 0) return true;
  if (updates.length > 100) return false;
  try {
    await transact(updates.map((Update) => ({ Update })), updates.map(() => 'state' as const));
    return true;
  } catch (e) {
    if (e instanceof StoreConflict) return false;
    throw e;
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

/**
 * An entry as stored: its partition by month, group and result, its index keys by actor and (when
 * it names one) by target account, and the entry itself. Its TTL is added when it is written.
 */
export function auditItem(entry: AuditEntry): Record<string, unknown> {
  const { companyId: cid, at, id } = entry;
  return {
    ...keys.audit(cid, at, id, groupOf(entry.action), entry.result),
    ...keys.auditByActor(cid, at, id, { accountId: entry.actorAccountId, login: entry.actor }),
    ...(entry.targetAccountId ? keys.auditByTarget(cid, at, id, entry.targetAccountId) : {}),
    entity: ENTITY.audit,
    ...entry,
  };
}
