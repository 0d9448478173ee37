import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditCounter } from '../../core/audit/service.js';
import type { PlannedStream } from '../../core/audit/query-plan.js';
import { unfiltered } from '../../core/audit/query-plan.js';
import { dayAfter, dayBefore, daysBetween } from '../../core/audit/seal.js';
import { dynamo } from '../clients/dynamodb.js';
import { auditActorLoginPk, auditActorPk, auditDigestPk, auditPk, auditTargetPk } from './keys.js';
import { GSI1, GSI2 } from './table-def.js';
import { tableName } from './table.js';
import { filterParts, monthsBetween } from './audit-store.js';

/**
 * What a count may read: past this it is not cheap, and the search answers without one. A count
 * reads entries only where no day seal covers them, so the cost is the open days of the company
 * log, or one person's entries.
 */
const MAX_COUNT_ITEMS = 10_000;
/** One person's entries are counted only when they are few (one query's worth). */
const MAX_PERSON_ITEMS = 2_500;
const MAX_COUNT_QUERIES = 40;
/** Open (not yet sealed) time a count reads entry by entry: the partial days at both ends, yesterday and today. */
const MAX_UNSEALED_MS = 3.5 * 86_400_000;

interface Budget {
  queries: number;
  items: number;
}

class OverBudget extends Error {}

async function countQuery(input: { index?: string; pkName: string; skName: string; pk: string; lower: string; upper: string; filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> } }, budget: Budget): Promise<number> {
  let total = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    if (budget.queries <= 0 || budget.items <= 0) throw new OverBudget();
    budget.queries -= 1;
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: input.index,
        Select: 'COUNT',
        // A count stops at its budget rather than at a page of 1 MB: DynamoDB reads no further,
        // and DynamoDB Local, which otherwise walks the whole partition, answers in time.
        Limit: budget.items,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
        FilterExpression: input.filter?.expression,
        ExpressionAttributeNames: { '#pk': input.pkName, '#sk': input.skName, ...input.filter?.names },
        ExpressionAttributeValues: { ':pk': input.pk, ':lower': input.lower, ':upper': input.upper, ...input.filter?.values },
        ExclusiveStartKey: startKey,
      }),
    );
    total += out.Count ?? 0;
    budget.items -= out.ScannedCount ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return total;
}

const dayStart = (day: string) => `${day}T00:00:00.000Z`;
const dayEnd = (day: string) => `${day}T23:59:59.999Z`;

/**
 * Counts a search's entries where that costs little, else answers undefined (the log view then
 * shows "100件以上" rather than reading everything to count it):
 * - the company log, whole groups: each sealed day's counts per group and result, plus the
 *   entries of what is not sealed yet (the partial days at both ends, the last day or two);
 * - one person (or a filter): the entries themselves, as long as that stays within a few queries.
 */
export function createAuditCounter(): AuditCounter {
  async function logCount(companyId: string, streams: PlannedStream[], from: string, to: string, budget: Budget): Promise<number | undefined> {
    const wanted = new Set(streams.map((s) => (s.partition.kind === 'log' ? `${s.partition.group}#${s.partition.result === 'success' ? 'S' : 'F'}` : '')));
    const firstWhole = from === dayStart(from.slice(0, 10)) ? from.slice(0, 10) : dayAfter(from.slice(0, 10));
    const lastWhole = to.slice(11) === '23:59:59.999Z' ? to.slice(0, 10) : dayBefore(to.slice(0, 10));
    const sealed = new Map<string, Record<string, number>>();
    if (firstWhole <= lastWhole) {
      budget.queries -= 1;
      const out = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':pk': auditDigestPk(companyId), ':a': firstWhole, ':b': lastWhole },
          ProjectionExpression: '#d, #c',
          ExpressionAttributeNames: { '#d': 'day', '#c': 'counts' },
        }),
      );
      for (const item of out.Items ?? []) sealed.set(String(item.day), (item.counts as Record<string, number>) ?? {});
      if (out.LastEvaluatedKey) return undefined;
    }
    let total = 0;
    for (const counts of sealed.values()) for (const [k, n] of Object.entries(counts)) if (wanted.has(k)) total += n;
    // What the seals do not cover is read entry by entry.
    const open: Array<[string, string]> = [];
    const push = (lo: string, hi: string) => {
      const last = open.at(-1);
      if (last && dayAfter(last[1].slice(0, 10)) === lo.slice(0, 10) && last[1].endsWith('23:59:59.999Z') && lo.endsWith('T00:00:00.000Z')) last[1] = hi;
      else open.push([lo, hi]);
    };
    if (firstWhole > lastWhole) push(from, to);
    else {
      if (from < dayStart(firstWhole)) push(from, new Date(Date.parse(dayStart(firstWhole)) - 1).toISOString());
      for (const day of daysBetween(firstWhole, lastWhole)) if (!sealed.has(day)) push(dayStart(day), dayEnd(day));
      if (to > dayEnd(lastWhole)) push(new Date(Date.parse(dayEnd(lastWhole)) + 1).toISOString(), to);
    }
    const unsealedMs = open.reduce((ms, [lo, hi]) => ms + Date.parse(hi) - Date.parse(lo), 0);
    if (unsealedMs > MAX_UNSEALED_MS) return undefined;
    for (const [lo, hi] of open) {
      for (const s of streams) {
        if (s.partition.kind !== 'log') continue;
        for (const month of monthsBetween(lo, hi)) {
          total += await countQuery({ pkName: 'pk', skName: 'sk', pk: auditPk(companyId, month, s.partition.group, s.partition.result), lower: lo, upper: `${hi}\uffff` }, budget);
        }
      }
    }
    return total;
  }

  async function entryCount(companyId: string, streams: PlannedStream[], from: string, to: string, budget: Budget): Promise<number | undefined> {
    if (streams.some((s) => s.partition.kind === 'log')) return undefined;
    const actors = new Set(streams.flatMap((s) => (s.partition.kind === 'actor' ? [s.partition.accountId] : [])));
    let total = 0;
    for (const s of streams) {
      // The search's own filter, so the count is of what the pages list.
      const { parts, names, values } = filterParts(s.filter);
      const p = s.partition;
      // One person's history: what they did to their own account is counted once, as theirs.
      if (p.kind === 'target' && actors.has(p.accountId)) {
        names['#actor'] = 'actorAccountId';
        values[':self'] = p.accountId;
        parts.push('(attribute_not_exists(#actor) OR #actor <> :self)');
      }
      const filter = parts.length > 0 ? { expression: parts.join(' AND '), names, values } : undefined;
      const where =
        p.kind === 'actor' ? { index: GSI1, pkName: 'gsi1pk', skName: 'gsi1sk', pk: auditActorPk(companyId, p.accountId) }
        : p.kind === 'actorLogin' ? { index: GSI1, pkName: 'gsi1pk', skName: 'gsi1sk', pk: auditActorLoginPk(companyId, p.login) }
        : p.kind === 'target' ? { index: GSI2, pkName: 'gsi2pk', skName: 'gsi2sk', pk: auditTargetPk(companyId, p.accountId) }
        : undefined;
      if (!where) return undefined;
      total += await countQuery({ ...where, lower: from, upper: `${to}\uffff`, filter }, budget);
    }
    return total;
  }

  return {
    async count(companyId, streams, { from, to }) {
      const budget = { queries: MAX_COUNT_QUERIES, items: MAX_COUNT_ITEMS };
      try {
        if (streams.length > 0 && streams.every((s) => s.partition.kind === 'log') && unfiltered(streams)) return await logCount(companyId, streams, from, to, budget);
        return await entryCount(companyId, streams, from, to, { ...budget, items: MAX_PERSON_ITEMS });
      } catch (e) {
        if (e instanceof OverBudget) return undefined;
        throw e;
      }
    },
  };
}
