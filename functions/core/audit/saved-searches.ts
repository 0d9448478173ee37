import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditEntry } from './audit-entry.js';
import { badRequest, conflict, notFound } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';
import { parseRange } from '../shared/time-input.js';
import { MAX_SEARCH_DAYS, actionsAsked, type SearchConditions } from './service.js';

/** 検索条件の保存: a named search of one admin. Relative windows stay relative ("the last 30 days"). */
export interface SavedSearch {
  searchId: string;
  name: string;
  conditions: SearchConditions;
  createdAt: string;
  updatedAt: string;
}

export const MAX_SAVED_SEARCHES = 20;
export const MAX_SEARCH_NAME = 50;

/** Port: an admin's saved searches, each change with its audit entry. */
export interface SavedSearchStore {
  list(companyId: string, accountId: string): Promise<SavedSearch[]>;
  /** Refuses (StoreConflict 'state') when the admin has `max` already. */
  create(companyId: string, accountId: string, search: SavedSearch, max: number, audit: AuditEntry): Promise<void>;
  /** False when there is no such search of this admin. */
  update(companyId: string, accountId: string, search: SavedSearch, audit: AuditEntry): Promise<boolean>;
  remove(companyId: string, accountId: string, searchId: string, audit: AuditEntry): Promise<boolean>;
}

const NOT_FOUND = () => notFound({ ja: '保存した検索条件が見つかりません。', en: 'Saved search not found.' });

/** Checks conditions as a search would, but for any time: an absolute window must be a valid one. */
export function checkConditions(c: SearchConditions): SearchConditions {
  actionsAsked(c.groups, c.actions, c.mode);
  if (c.lastDays !== undefined && (c.from !== undefined || c.to !== undefined)) {
    throw badRequest('INVALID_RANGE', { ja: '期間は「過去n日」か開始・終了日時のどちらかで指定してください。', en: 'Give either lastDays or from and to, not both.' });
  }
  if (c.from !== undefined || c.to !== undefined) parseRange(c.from, c.to, { maxDays: MAX_SEARCH_DAYS });
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as SearchConditions;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_SEARCH_NAME) {
    throw badRequest('INVALID_NAME', { ja: `名前は1〜${MAX_SEARCH_NAME}文字で入力してください。`, en: `Give a name of 1 to ${MAX_SEARCH_NAME} characters.` }, { field: 'name' });
  }
  return trimmed;
}

/** Each admin's own saved searches: only they list, run, rename and delete them. */
export function createSavedSearchService({ store, clock, ids }: { store: SavedSearchStore; clock: Clock; ids: Ids }) {
  function auditOf(actor: Actor, action: AuditEntry['action'], search: Pick<SavedSearch, 'searchId' | 'name'>, at: string): AuditEntry {
    return {
      id: ids.next(), companyId: actor.companyId, at, actor: actor.loginId, actorAccountId: actor.accountId,
      action, target: search.searchId, result: 'success', sourceIp: actor.sourceIp, detail: { name: search.name },
    };
  }

  async function mustGet(actor: Actor, searchId: string): Promise<SavedSearch> {
    const found = (await store.list(actor.companyId, actor.accountId)).find((s) => s.searchId === searchId);
    if (!found) throw NOT_FOUND();
    return found;
  }

  return {
    async list(actor: Actor): Promise<SavedSearch[]> {
      requireAdmin(actor);
      return store.list(actor.companyId, actor.accountId);
    },

    async create(actor: Actor, input: { name: string; conditions: SearchConditions }): Promise<SavedSearch> {
      requireAdmin(actor);
      const at = clock.now().toISOString();
      const search: SavedSearch = { searchId: ids.next(), name: checkName(input.name), conditions: checkConditions(input.conditions), createdAt: at, updatedAt: at };
      try {
        await store.create(actor.companyId, actor.accountId, search, MAX_SAVED_SEARCHES, auditOf(actor, 'audit.saved-search.create', search, at));
      } catch (e) {
        if (e instanceof StoreConflict) {
          throw conflict('TOO_MANY_SAVED_SEARCHES', {
            ja: `保存できる検索条件は${MAX_SAVED_SEARCHES}件までです。使わなくなったものを削除してから保存してください。`,
            en: `You can keep at most ${MAX_SAVED_SEARCHES} saved searches. Delete one you no longer use first.`,
          });
        }
        throw e;
      }
      return search;
    },

    async update(actor: Actor, searchId: string, change: { name?: string; conditions?: SearchConditions }): Promise<SavedSearch> {
      requireAdmin(actor);
      const before = await mustGet(actor, searchId);
      const at = clock.now().toISOString();
      const after: SavedSearch = {
        ...before,
        ...(change.name !== undefined ? { name: checkName(change.name) } : {}),
        ...(change.conditions !== undefined ? { conditions: checkConditions(change.conditions) } : {}),
        updatedAt: at,
      };
      if (!(await store.update(actor.companyId, actor.accountId, after, auditOf(actor, 'audit.saved-search.update', after, at)))) throw NOT_FOUND();
      return after;
    },

    async remove(actor: Actor, searchId: string): Promise<void> {
      requireAdmin(actor);
      const before = await mustGet(actor, searchId);
      if (!(await store.remove(actor.companyId, actor.accountId, searchId, auditOf(actor, 'audit.saved-search.delete', before, clock.now().toISOString())))) throw NOT_FOUND();
    },
  };
}
