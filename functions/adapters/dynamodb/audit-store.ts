import { PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { AUDIT_GROUPS } from '../../core/audit/actions.js';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditFilter, AuditPartition, PlannedStream } from '../../core/audit/query-plan.js';
import type { AuditLog } from '../../core/auth/service.js';
import type { AuditPage, AuditReader, AuditSearch } from '../../core/audit/service.js';
import { dynamo } from '../clients/dynamodb.js';
import { stampAuditExpiry } from './audit-retention.js';
import { decodeCursor, encodeCursor, key, type CursorShape } from './cursor.js';
import { auditActorLoginPk, auditActorPk, auditPk, auditPkPrefix, auditTargetPk } from './keys.js';
import { mergeStreams, type MergeItem, type Position, type StreamRead, type StreamSource } from './merge-streams.js';
import { GSI1, GSI2 } from './table-def.js';
import { auditItem, tableName } from './table.js';

const ENTRY_FIELDS = ['id', 'companyId', 'at', 'actor', 'actorAccountId', 'action', 'target', 'targetAccountId', 'result', 'reason', 'sourceIp', 'detail'] as const;

/**
 * What a search page may spend: each stream may cross every month of the range once (a sparse
 * stream costs one query per month just to say it is empty there), plus rounds for the dense
 * ones. With a fixed 40, an unfiltered search (12 streams) over two months ran out and answered
 * a short page. Bounded all the same: at most 12 streams × MAX_MONTHS + 24.
 */
const pageBudget = (streams: number, months: number) => streams * months + 24;
/** A range is at most a little over 100 days (core/audit/service): this many months always covers it. */
const MAX_MONTHS = 6;

export const entryFromItem = (item: Record<string, unknown>) =>
  Object.fromEntries(ENTRY_FIELDS.filter((f) => item[f] !== undefined && item[f] !== null).map((f) => [f, item[f]])) as unknown as AuditEntry;

/** yyyy-mm months from `to` back to `from`, newest first (both strict ISO instants). */
export function monthsBetween(from: string, to: string, max = MAX_MONTHS): string[] {
  const months: string[] = [];
  let [y, m] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const stop = from.slice(0, 7);
  while (months.length < max) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month <= stop) break;
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
  }
  return months;
}

/**
 * The largest sort string below `sort` that any stored key can have: keys are ASCII, so the last
 * character one lower followed by the highest character (DynamoDB's BETWEEN is inclusive).
 */
export function justBelow(sort: string): string {
  return `${sort.slice(0, -1)}${String.fromCharCode(sort.charCodeAt(sort.length - 1) - 1)}\uffff`;
}

const upperOf = (to: string) => `${to}\uffff`;

/** DynamoDB's form of a stream's filter, as conditions to AND (attribute names always aliased: `action` and `result` are reserved words). */
export function filterParts(f: AuditFilter): { parts: string[]; names: Record<string, string>; values: Record<string, unknown> } {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (f.actions) {
    names['#action'] = 'action';
    f.actions.forEach((a, i) => (values[`:a${i}`] = a));
    parts.push(`#action IN (${f.actions.map((_, i) => `:a${i}`).join(', ')})`);
  }
  if (f.result) {
    names['#result'] = 'result';
    values[':result'] = f.result;
    parts.push('#result = :result');
  }
  if (f.actorAccountId) {
    names['#actorAccount'] = 'actorAccountId';
    values[':actorAccount'] = f.actorAccountId;
    parts.push('#actorAccount = :actorAccount');
  }
  if (f.targetAccountId) {
    names['#targetAccount'] = 'targetAccountId';
    values[':targetAccount'] = f.targetAccountId;
    parts.push('#targetAccount = :targetAccount');
  }
  return { parts, names, values };
}

function filterExpression(f: AuditFilter): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const { parts, names, values } = filterParts(f);
  return parts.length === 0 ? {} : { FilterExpression: parts.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** One partition a stream reads: its index, key attributes and key value. */
interface PartitionRef {
  index?: string;
  pkName: string;
  skName: string;
  pk: string;
  /** A log partition holds one month: where it ends going back. */
  floor?: string;
}

function partitionsOf(companyId: string, p: AuditPartition, months: string[]): PartitionRef[] {
  switch (p.kind) {
    case 'log':
      return months.map((month) => ({ pkName: 'pk', skName: 'sk', pk: auditPk(companyId, month, p.group, p.result), floor: `${month}-01T00:00:00.000Z` }));
    case 'actor':
      return [{ index: GSI1, pkName: 'gsi1pk', skName: 'gsi1sk', pk: auditActorPk(companyId, p.accountId) }];
    case 'actorLogin':
      return [{ index: GSI1, pkName: 'gsi1pk', skName: 'gsi1sk', pk: auditActorLoginPk(companyId, p.login) }];
    case 'target':
      return [{ index: GSI2, pkName: 'gsi2pk', skName: 'gsi2sk', pk: auditTargetPk(companyId, p.accountId) }];
  }
}

export interface StoredEntry extends MergeItem {
  entry: AuditEntry;
}

/**
 * One stream read newest first, partition after partition (the months of a log stream), one
 * query per `next`: each query is bounded by the range, below `upper`, and filtered by the
 * stream's own filter.
 */
function streamSource(partitions: PartitionRef[], filter: AuditFilter, lower: string, upper: string, counted: { queries: number }): StreamSource<StoredEntry> {
  let index = 0;
  let startKey: Record<string, unknown> | undefined;
  const filtering = filterExpression(filter);
  return {
    async next(limit): Promise<StreamRead<StoredEntry>> {
      const part = partitions[index];
      if (!part || lower > upper) return { items: [], scanned: 0, done: true };
      const out = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: part.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
          ExpressionAttributeNames: { '#pk': part.pkName, '#sk': part.skName, ...filtering.ExpressionAttributeNames },
          ExpressionAttributeValues: { ':pk': part.pk, ':lower': lower, ':upper': upper, ...filtering.ExpressionAttributeValues },
          FilterExpression: filtering.FilterExpression,
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      counted.queries += 1;
      const items = (out.Items ?? []).map((item) => ({ id: String(item.id), sort: String(item.sk), key: { pk: String(item.pk), sk: String(item.sk) }, entry: entryFromItem(item) }));
      startKey = out.LastEvaluatedKey;
      let frontier: Position | undefined;
      if (startKey) {
        frontier = { sort: String(startKey[part.skName]), key: { pk: String(startKey.pk), sk: String(startKey.sk) } };
      } else {
        // This month is read down to its start (or the range's): the next older month follows.
        index += 1;
        const floor = maxString(lower, part.floor ?? lower);
        frontier = { sort: floor, key: { pk: part.pk, sk: floor } };
      }
      const done = index >= partitions.length;
      return { items, scanned: out.ScannedCount ?? items.length, done, frontier: done ? undefined : frontier };
    },
  };
}

const maxString = (a: string, b: string) => (a > b ? a : b);

/** The exact start key a search page may be handed back: a key of this company's log, inside the range. */
function searchCursor(companyId: string, from: string, to: string): CursorShape {
  const months = new Set(monthsBetween(from, to));
  const rest = new RegExp(`^(\\d{4}-\\d{2})#(${AUDIT_GROUPS.join('|')})#[SF]$`);
  return {
    pk: key.prefixed(auditPkPrefix(companyId), (r) => {
      const m = rest.exec(r);
      return m !== null && months.has(m[1]!);
    }),
    sk: key.between(from, upperOf(to)),
  };
}

/** The audit log in the one table: entries written one Put each, searched by merging the streams a plan names. */
export function createAuditStore(): AuditLog & AuditReader {
  return {
    async write(entry) {
      const item = auditItem(entry);
      await stampAuditExpiry(item);
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: item }));
    },

    async search(companyId: string, streams: PlannedStream[], q: AuditSearch): Promise<AuditPage> {
      const position = decodeCursor(q.cursor, searchCursor(companyId, q.from, q.to));
      const upper = position ? justBelow(position.sk!) : upperOf(q.to);
      const months = monthsBetween(q.from, position ? position.sk! : q.to);
      const counted = { queries: 0 };
      const sources = streams.map((s) => streamSource(partitionsOf(companyId, s.partition, months), s.filter, q.from, upper, counted));
      const page = await mergeStreams(sources, { limit: q.limit, maxQueries: q.maxQueries ?? pageBudget(sources.length, months.length) });
      return {
        items: page.items.map((i) => i.entry),
        nextCursor: encodeCursor(page.next?.key),
        read: page.read,
        queries: counted.queries,
      };
    },
  };
}
