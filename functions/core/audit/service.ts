import type { Actor } from '../access/actor.js';
import { requireReader } from '../access/actor.js';
import type { CompanySettings } from '../companies/settings.js';
import { badRequest } from '../shared/errors.js';
import type { Clock } from '../shared/ports.js';
import { parseRange } from '../shared/time-input.js';
import { AUDIT_GROUPS, actionsOf, isAuditAction, type AuditAction, type AuditGroup } from './actions.js';
import type { AuditEntry } from './audit-entry.js';
import { planSearch, type PlannedStream, type ResolvedConditions } from './query-plan.js';
import { shownEntry } from './presentation.js';

/** The most a search spans (the help page: 100 days at once), and what it spans unless told. */
export const MAX_SEARCH_DAYS = 100;
export const DEFAULT_SEARCH_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * Search modes. `all` is the log view's; the logon-client issue adds an attendance-only mode (出退勤
 * ログ検索) whose results may not be exported, as the help page says. A mode may narrow the actions.
 */
export const SEARCH_MODES = {
  all: { exportable: true, actions: undefined as readonly AuditAction[] | undefined },
  // 出退勤ログ検索: only the events the 打刻連携 counted (the 出退勤 group); never exported.
  attendance: { exportable: false, actions: actionsOf('attendance') as readonly AuditAction[] | undefined },
} as const satisfies Record<string, { exportable: boolean; actions: readonly AuditAction[] | undefined }>;
export type SearchMode = keyof typeof SEARCH_MODES;
export const SEARCH_MODE_NAMES = Object.keys(SEARCH_MODES) as SearchMode[];

/** A search's conditions as a request states them (query parameters, a saved search, an export). */
export interface SearchConditions {
  /** The last n days up to now; or `from`/`to` (instants or dates, UTC). Neither: the last 30 days. */
  lastDays?: number;
  from?: string;
  to?: string;
  /** Operation groups and single actions; together they are one set. None: every action. */
  groups?: readonly string[];
  actions?: readonly string[];
  /** Who acted: an account id, or a login ID as typed (which may have no account). */
  actor?: string;
  actorLogin?: string;
  /** Whose account was acted on: an account id or a login ID. */
  target?: string;
  targetLogin?: string;
  /** One person's history: where they acted or were acted on. */
  user?: string;
  result?: AuditEntry['result'];
  mode?: SearchMode;
}

export interface AuditSearch {
  from: string;
  to: string;
  limit: number;
  cursor?: string;
  /** Queries one page may make (default: the store's own bound). */
  maxQueries?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
  /** Items examined and queries made (for the bench's items read ÷ returned). */
  read: number;
  queries: number;
}

/** Port: reads a company's entries from the streams a plan names, newest first, one bounded page at a time. */
export interface AuditReader {
  search(companyId: string, streams: PlannedStream[], query: AuditSearch): Promise<AuditPage>;
}

/** Port: counts the entries of a plan in a range, if that is cheap; undefined when it is not. */
export interface AuditCounter {
  count(companyId: string, streams: PlannedStream[], range: { from: string; to: string }): Promise<number | undefined>;
}

/** Port: the account a login ID names in a company. */
export interface AccountLookup {
  accountIdByLogin(companyId: string, loginId: string): Promise<string | undefined>;
}

export interface AuditServiceDeps {
  reader: AuditReader;
  counter?: AuditCounter;
  accounts: AccountLookup;
  settings: (companyId: string) => Promise<Pick<CompanySettings, 'timeZone' | 'auditRetentionDays'>>;
  /** The time zone of a member's group (a per-user history is shown in it); undefined outside any group. */
  userZone?: (companyId: string, accountId: string) => Promise<string | undefined>;
  clock: Clock;
}

/** A resolved search: its window, its plan, and what the answer tells about the company. */
export interface PreparedSearch {
  from: string;
  to: string;
  streams: PlannedStream[];
  mode: SearchMode;
  /** The search names a login ID that no account has as a target: nothing can match. */
  empty: boolean;
  timeZone: string;
  /** Whose zone `timeZone` is: the company's, or (a member's own history) their group's. */
  zoneOf: 'company' | 'group';
  /** The oldest instant the company still keeps. */
  earliest: string;
}

const invalid = (field: string, ja: string, en: string) => badRequest('INVALID_CONDITION', { ja, en }, { field });

/** The set of actions a search asks for; undefined is all of them. Unknown names are a 400. */
export function actionsAsked(groups: readonly string[] = [], actions: readonly string[] = [], mode: SearchMode = 'all'): AuditAction[] | undefined {
  const set = new Set<AuditAction>();
  for (const g of groups) {
    if (!(AUDIT_GROUPS as readonly string[]).includes(g)) throw invalid('groups', `操作の分類「${g}」はありません。`, `There is no operation group "${g}".`);
    for (const a of actionsOf(g as AuditGroup)) set.add(a);
  }
  for (const a of actions) {
    if (!isAuditAction(a)) throw invalid('actions', `操作「${a}」はありません。`, `There is no action "${a}".`);
    set.add(a);
  }
  const narrowed = SEARCH_MODES[mode].actions;
  if (narrowed) return set.size === 0 ? [...narrowed] : [...set].filter((a) => narrowed.includes(a));
  return set.size === 0 ? undefined : [...set];
}

/**
 * The window of a search: the last `lastDays` up to now, or `from`–`to`, at most 100 days, never
 * older than the company keeps its log. Throws 400 INVALID_RANGE / INVALID_DATE / BEYOND_RETENTION.
 */
export function searchWindow(c: Pick<SearchConditions, 'lastDays' | 'from' | 'to'>, now: Date, retentionDays: number): { from: string; to: string; earliest: string } {
  // A day's grace: a range picked as whole days in the company's zone may start a little earlier.
  const earliest = new Date(Math.floor((now.getTime() - retentionDays * DAY_MS) / DAY_MS) * DAY_MS);
  let from: Date;
  let to: Date;
  if (c.lastDays !== undefined) {
    if (c.from !== undefined || c.to !== undefined) throw badRequest('INVALID_RANGE', { ja: '期間は「過去n日」か開始・終了日時のどちらかで指定してください。', en: 'Give either lastDays or from and to, not both.' });
    if (!Number.isInteger(c.lastDays) || c.lastDays < 1 || c.lastDays > MAX_SEARCH_DAYS) {
      throw badRequest('INVALID_RANGE', { ja: `期間は${MAX_SEARCH_DAYS}日以内で指定してください。`, en: `The range may span at most ${MAX_SEARCH_DAYS} days.` });
    }
    to = now;
    from = new Date(now.getTime() - c.lastDays * DAY_MS);
  } else if (c.from !== undefined || c.to !== undefined) {
    ({ from, to } = parseRange(c.from, c.to, { maxDays: MAX_SEARCH_DAYS }));
  } else {
    to = now;
    from = new Date(now.getTime() - DEFAULT_SEARCH_DAYS * DAY_MS);
  }
  if (from < earliest) {
    throw badRequest(
      'BEYOND_RETENTION',
      { ja: `ログの保存期間は${retentionDays}日です。${earliest.toISOString().slice(0, 10)} 以降の期間を指定してください。`, en: `The log is kept for ${retentionDays} days. Choose a range from ${earliest.toISOString().slice(0, 10)} on.` },
      { earliest: earliest.toISOString() },
    );
  }
  return { from: from.toISOString(), to: to.toISOString(), earliest: earliest.toISOString() };
}

/** Searching the audit log of the actor's own company (ログ表示). */
export function createAuditService({ reader, counter, accounts, settings, userZone, clock }: AuditServiceDeps) {
  /** Turns conditions into a window and a plan, with login IDs looked up; the caller checks rights. */
  async function prepare(companyId: string, c: SearchConditions): Promise<PreparedSearch> {
    const mode = c.mode ?? 'all';
    const company = await settings(companyId);
    const window = searchWindow(c, clock.now(), company.auditRetentionDays);
    const actions = actionsAsked(c.groups, c.actions, mode);
    if (actions && actions.length === 0) throw invalid('actions', 'このモードで検索できる操作がありません。', 'None of these actions can be searched in this mode.');
    const conditions: ResolvedConditions = { actions, result: c.result };
    let empty = false;
    if (c.user && (c.actor || c.actorLogin || c.target || c.targetLogin)) {
      throw invalid('user', '個人の履歴（user）は操作ユーザー・対象ユーザーと同時に指定できません。', 'user cannot be combined with actor or target.');
    }
    if (c.user) conditions.user = c.user;
    if (c.actor) conditions.actor = { accountId: c.actor };
    else if (c.actorLogin) {
      // A login ID no account has is still searchable: failed sign-ins record what was typed.
      const accountId = await accounts.accountIdByLogin(companyId, c.actorLogin);
      conditions.actor = accountId ? { accountId } : { login: c.actorLogin };
    }
    if (c.target) conditions.targetAccountId = c.target;
    else if (c.targetLogin) {
      const accountId = await accounts.accountIdByLogin(companyId, c.targetLogin);
      if (accountId) conditions.targetAccountId = accountId;
      else empty = true;
    }
    const groupZone = c.user && userZone ? await userZone(companyId, c.user) : undefined;
    const zone = groupZone ? { timeZone: groupZone, zoneOf: 'group' as const } : { timeZone: company.timeZone, zoneOf: 'company' as const };
    return { from: window.from, to: window.to, earliest: window.earliest, streams: planSearch(conditions), mode, empty, ...zone };
  }

  return {
    prepare,

    /**
     * One page, newest first: `limit` entries at most, `nextCursor` for the next (pass `from`/`to`
     * of the first answer with it: a relative window moves with the clock). On the first page,
     * `count` is the number of matching entries where that is cheap to know, else null.
     */
    async search(actor: Actor, c: SearchConditions, page: { limit: number; cursor?: string }) {
      requireReader(actor);
      const s = await prepare(actor.companyId, c);
      // The count runs beside the page (the first page only): it costs no time unless it is slower.
      const [found, counted] = await Promise.all([
        s.empty ? { items: [], nextCursor: null, read: 0, queries: 0 } : reader.search(actor.companyId, s.streams, { from: s.from, to: s.to, limit: page.limit, cursor: page.cursor }),
        !page.cursor && !s.empty && counter ? counter.count(actor.companyId, s.streams, { from: s.from, to: s.to }) : undefined,
      ]);
      let count: number | null = null;
      if (!page.cursor) count = found.nextCursor === null ? found.items.length : (counted ?? null);
      return {
        items: found.items.map(shownEntry),
        nextCursor: found.nextCursor,
        from: s.from,
        to: s.to,
        timeZone: s.timeZone,
        zoneOf: s.zoneOf,
        earliest: s.earliest,
        mode: s.mode,
        exportable: SEARCH_MODES[s.mode].exportable,
        count,
        read: found.read,
        queries: found.queries,
      };
    },
  };
}
