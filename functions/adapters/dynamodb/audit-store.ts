import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditLog } from '../../core/auth/service.js';
import type { AuditQuery, AuditReader } from '../../core/audit/service.js';
import { dynamo } from '../aws-clients.js';
import { auditPk } from './keys.js';
import { auditItem, tableName } from './table.js';
import { decodeCursor, encodeCursor, key, type CursorShape } from './cursor.js';

const ENTRY_FIELDS = ['id', 'companyId', 'at', 'actor', 'actorAccountId', 'action', 'target', 'result', 'reason', 'sourceIp', 'detail'] as const;

/**
 * One page reads at most this many times, however the entries fall across months: a year's range
 * is 13 partitions, so a page never stops short only for lack of partitions, but a page may come
 * back short (with a cursor) when entries are large.
 */
const MAX_QUERIES_PER_PAGE = 20;
/** A range is already at most a year (core/audit/service); a month list can never grow past this. */
const MAX_MONTHS = 14;

const entryFromItem = (item: Record<string, unknown>) =>
  Object.fromEntries(ENTRY_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as AuditEntry;

/** yyyy-mm months from `to` back to `from`, newest first (both strict ISO instants). */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const stop = from.slice(0, 7);
  while (months.length < MAX_MONTHS) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month <= stop) break;
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
  }
  return months;
}

/**
 * A page starts in one month partition of the caller's company inside the range: after an entry
 * of the range (`sk`), or at the newest entry of that month (no `sk`).
 */
function auditCursor(companyId: string, months: string[], from: string, sortTo: string): CursorShape {
  return {
    pk: key.oneOf(months.map((month) => auditPk(companyId, `${month}-01`))),
    sk: key.optional(key.between(from, sortTo)),
  };
}

export function createAuditStore(): AuditLog & AuditReader {
  return {
    async write(entry) {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: auditItem(entry) }));
    },

    async query(companyId, { from, to, limit, cursor }: AuditQuery) {
      const sortTo = `${to}\uffff`;
      const allMonths = monthsBetween(from, to);
      const position = decodeCursor(cursor, auditCursor(companyId, allMonths, from, sortTo));
      const startMonth = position ? allMonths.findIndex((m) => auditPk(companyId, `${m}-01`) === position.pk) : 0;
      const months = allMonths.slice(startMonth);
      const items: AuditEntry[] = [];
      let queries = 0;
      for (const [i, month] of months.entries()) {
        const pk = auditPk(companyId, `${month}-01`);
        let startKey: Record<string, unknown> | undefined = i === 0 && position?.sk ? { pk, sk: position.sk } : undefined;
        do {
          if (queries === MAX_QUERIES_PER_PAGE) {
            // Out of budget: a short page; the cursor resumes exactly here.
            return { items, nextCursor: encodeCursor(startKey ?? { pk }) };
          }
          queries += 1;
          const out = await dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': sortTo },
              ScanIndexForward: false,
              Limit: limit - items.length,
              ExclusiveStartKey: startKey,
            }),
          );
          items.push(...(out.Items ?? []).map(entryFromItem));
          startKey = out.LastEvaluatedKey;
          if (items.length >= limit) {
            const nextMonth = months[i + 1];
            const next = startKey ? { pk: String(startKey.pk), sk: String(startKey.sk) } : nextMonth ? { pk: auditPk(companyId, `${nextMonth}-01`) } : undefined;
            return { items, nextCursor: encodeCursor(next) };
          }
        } while (startKey);
      }
      return { items, nextCursor: null };
    },
  };
}
