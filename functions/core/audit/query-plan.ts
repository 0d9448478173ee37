import { AUDIT_GROUPS, actionsOf, groupOf, type AuditAction, type AuditGroup } from './actions.js';
import type { AuditEntry } from './audit-entry.js';

type Result = AuditEntry['result'];

/** Where one stream of entries lives; each is read newest first by time. */
export type AuditPartition =
  /** The company log of one operation group and result, month by month. */
  | { kind: 'log'; group: AuditGroup; result: Result }
  /** Everything one account did. */
  | { kind: 'actor'; accountId: string }
  /** Sign-in attempts with a login ID no account has. */
  | { kind: 'actorLogin'; login: string }
  /** Everything done to one account. */
  | { kind: 'target'; accountId: string };

/** What a stream's own key does not already say: applied while reading (a DynamoDB filter). */
export interface AuditFilter {
  actions?: AuditAction[];
  result?: Result;
  actorAccountId?: string;
  actorLogin?: string;
  targetAccountId?: string;
}

export interface PlannedStream {
  partition: AuditPartition;
  filter: AuditFilter;
}

/** The conditions of a search, with users already resolved to accounts. */
export interface ResolvedConditions {
  /** The actions asked for; undefined is all of them. Never empty. */
  actions?: readonly AuditAction[];
  result?: Result;
  actor?: { accountId: string } | { login: string };
  targetAccountId?: string;
  /** One person's history: entries where they acted or were acted on. */
  user?: string;
}

/**
 * Which partitions a search reads and what it filters there: the narrowest key first, so a search
 * by user or by operation group reads (almost) only what it returns.
 *
 * - a person's history: their actor and target partitions, merged;
 * - an acting user: their actor partition; a target user: their target partition;
 * - otherwise the company log, only the groups (and results) asked for. A group asked for whole
 *   needs no filter; a group of which only some actions are asked filters by action.
 */
export function planSearch(c: ResolvedConditions): PlannedStream[] {
  const actions = c.actions && c.actions.length > 0 ? [...new Set(c.actions)] : undefined;
  const byAction = actions ? { actions } : {};
  const byResult = c.result ? { result: c.result } : {};
  if (c.user) {
    const filter = { ...byAction, ...byResult };
    return [
      { partition: { kind: 'actor', accountId: c.user }, filter },
      { partition: { kind: 'target', accountId: c.user }, filter },
    ];
  }
  if (c.actor) {
    const partition: AuditPartition = 'accountId' in c.actor ? { kind: 'actor', accountId: c.actor.accountId } : { kind: 'actorLogin', login: c.actor.login };
    return [{ partition, filter: { ...byAction, ...byResult, ...(c.targetAccountId ? { targetAccountId: c.targetAccountId } : {}) } }];
  }
  if (c.targetAccountId) return [{ partition: { kind: 'target', accountId: c.targetAccountId }, filter: { ...byAction, ...byResult } }];

  const results: Result[] = c.result ? [c.result] : ['success', 'failure'];
  const streams: PlannedStream[] = [];
  for (const group of AUDIT_GROUPS) {
    const all = actionsOf(group);
    const asked = actions ? actions.filter((a) => groupOf(a) === group) : all;
    if (asked.length === 0) continue;
    const filter: AuditFilter = asked.length < all.length ? { actions: asked } : {};
    for (const result of results) streams.push({ partition: { kind: 'log', group, result }, filter });
  }
  return streams;
}

/** True when the streams read exactly the matching entries: nothing is filtered out while reading. */
export const unfiltered = (streams: readonly PlannedStream[]) => streams.every((s) => Object.keys(s.filter).length === 0);

/** Whether an entry meets a stream's filter (what DynamoDB's filter does, for in-memory stores and checks). */
export function matchesFilter(entry: AuditEntry, f: AuditFilter): boolean {
  if (f.actions && !f.actions.includes(entry.action)) return false;
  if (f.result && entry.result !== f.result) return false;
  if (f.actorAccountId && entry.actorAccountId !== f.actorAccountId) return false;
  if (f.targetAccountId && entry.targetAccountId !== f.targetAccountId) return false;
  return true;
}
