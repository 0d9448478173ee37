import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../core/audit/audit-entry.js';
import type { AuditLog } from '../../core/auth/service.js';
import type { AuditQuery, AuditReader } from '../../core/audit/service.js';
import { dynamo } from '../aws-clients.js';
import { auditPk } from './keys.js';
import { auditItem, decodeCursor, encodeCursor, tableName } from './table.js';

const ENTRY_FIELDS = ['id', 'companyId', 'at', 'actor', 'actorAccountId', 'action', 'target', 'result', 'reason', 'sourceIp', 'detail'] as const;

const entryFromItem = (item: Record<string, unknown>) =>
  Object.fromEntries(ENTRY_FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as AuditEntry;

/** yyyy-mm months from `to` back to `from`, newest first. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = to.slice(0, 7).split('-').map(Number) as [number, number];
  const stop = from.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month <= stop) return months;
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
  }
}

export function createAuditStore(): AuditLog & AuditReader {
  return {
    async write(entry) {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: auditItem(entry) }));
    },

    async query(companyId, { from, to, limit, cursor }: AuditQuery) {
      // The cursor remembers the month partition and the key inside it.
      const position = decodeCursor(cursor) as { month?: string; key?: Record<string, unknown> } | undefined;
      const months = monthsBetween(from, to).filter((m) => !position?.month || m <= position.month);
      const items: AuditEntry[] = [];
      for (const [i, month] of months.entries()) {
        let startKey = i === 0 ? position?.key : undefined;
        do {
          const out = await dynamo().send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': auditPk(companyId, `${month}-01`), ':from': from, ':to': `${to}\uffff` },
              ScanIndexForward: false,
              Limit: limit - items.length,
              ExclusiveStartKey: startKey,
            }),
          );
          items.push(...(out.Items ?? []).map(entryFromItem));
          startKey = out.LastEvaluatedKey;
          if (items.length >= limit) {
            const next = startKey ? { month, key: startKey } : months[i + 1] ? { month: months[i + 1] } : undefined;
            return { items, nextCursor: next ? encodeCursor(next) : null };
          }
        } while (startKey);
      }
      return { items, nextCursor: null };
    },
  };
}
