import type { Actor } from '../access/actor.js';
import { requireAdmin } from '../access/actor.js';
import type { AuditLog } from '../auth/service.js';
import type { Company } from '../companies/company.js';
import type { CompanySettings } from '../companies/settings.js';
import { badRequest } from '../shared/errors.js';
import { mapLimit } from '../shared/map-limit.js';
import type { Clock, Ids } from '../shared/ports.js';
import { parseRange } from '../shared/time-input.js';
import type { AuditEntry } from './audit-entry.js';
import { checkDay, genesis, sealDay, type DayCheck, type DayDigest } from './digest.js';

/** What the table keeps of a seal (the locked copy adds each entry's hash). */
export type SealRecord = Omit<DayDigest, 'entries'>;

/** Port: sealed days and the entries they cover. */
export interface AuditSealStore {
  /** The newest sealed day of a company. */
  lastSealed(companyId: string): Promise<Pick<SealRecord, 'day' | 'digest'> | undefined>;
  /** Every entry of one UTC day of a company, with the earliest TTL among them. */
  dayEntries(companyId: string, day: string): Promise<{ entries: AuditEntry[]; expiresFrom?: number }>;
  /** Keeps a seal: the locked copy first, then the table's. False when the day was sealed already. */
  seal(digest: DayDigest): Promise<boolean>;
  /** The table's seals of the days from `fromDay` to `toDay`. */
  records(companyId: string, fromDay: string, toDay: string): Promise<SealRecord[]>;
  /** The locked copy of a day's seal, if there is one. */
  locked(companyId: string, day: string): Promise<DayDigest | undefined>;
}

/** Port: every company, a page at a time in id order. */
export interface CompanyPages {
  page(after: string | undefined, limit: number): Promise<{ companies: Array<Pick<Company, 'id' | 'createdAt'>>; more: boolean }>;
}

/** Port: how far the close has got: all companies through `through`; a pass for `pass` stopped after company `after`. */
export interface CloseProgress {
  get(): Promise<{ through?: string; pass?: string; after?: string }>;
  save(state: { through?: string; pass?: string; after?: string }): Promise<void>;
}

const DAY_MS = 86_400_000;
/**
 * A day is closed this long after it ends. An entry carries the time it was made, and is written
 * within the same Lambda invocation (15 minutes at most), so nothing of a day arrives later.
 */
export const CLOSE_GRACE_MS = 20 * 60_000;
/** A company's first close seals this many days back (the longest search), not its whole history. */
export const BACKFILL_DAYS = 100;
/** Verify recomputes at most this many days at once. */
export const MAX_VERIFY_DAYS = 31;
const COMPANY_PAGE = 100;

export const utcDay = (d: Date) => d.toISOString().slice(0, 10);
export const dayAfter = (day: string) => utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS));
export const dayBefore = (day: string) => utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS));

/** The newest UTC day that may be closed at `now`. */
export const closableDay = (now: Date) => dayBefore(utcDay(new Date(now.getTime() - CLOSE_GRACE_MS)));

/** Days from `from` to `to`, both YYYY-MM-DD, oldest first. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = dayAfter(d)) days.push(d);
  return days;
}

/**
 * The daily close, run by the sweep: every company's log is sealed day by day up to the newest
 * closable day, each day chained to the one before. Bounded by a time budget per run; the next
 * run (a minute later) carries on where this one stopped. Safe to run twice at once: sealing a
 * day is conditional, and the same entries give the same digest.
 */
export function createAuditCloser({ store, companies, progress, clock, budgetMs }: { store: AuditSealStore; companies: CompanyPages; progress: CloseProgress; clock: Clock; budgetMs: number }) {
  async function closeCompany(company: Pick<Company, 'id' | 'createdAt'>, through: string, deadline: number): Promise<{ sealed: number; finished: boolean }> {
    const last = await store.lastSealed(company.id);
    const start = last ? dayAfter(last.day) : maxDay(company.createdAt.slice(0, 10), utcDay(new Date(Date.parse(`${through}T00:00:00.000Z`) - (BACKFILL_DAYS - 1) * DAY_MS)));
    let previous = last?.digest ?? genesis(company.id);
    let sealed = 0;
    for (let day = start; day <= through; day = dayAfter(day)) {
      if (Date.now() > deadline) return { sealed, finished: false };
      const { entries, expiresFrom } = await store.dayEntries(company.id, day);
      const digest = sealDay(company.id, day, previous, entries, clock.now().toISOString(), expiresFrom);
      // Another run sealed it first: it carries on from there.
      if (!(await store.seal(digest))) return { sealed, finished: true };
      previous = digest.digest;
      sealed += 1;
    }
    return { sealed, finished: true };
  }

  return {
    closeCompany,

    async close(): Promise<{ sealed: number; through?: string }> {
      const deadline = Date.now() + budgetMs;
      const through = closableDay(clock.now());
      const state = await progress.get();
      // Also when `through` went back (a clock set back in tests): the newest companies still need a pass.
      if (state.through === through && state.pass === undefined) return { sealed: 0, through };
      let after = state.pass === through ? state.after : undefined;
      let sealed = 0;
      for (;;) {
        const page = await companies.page(after, COMPANY_PAGE);
        for (const company of page.companies) {
          const done = await closeCompany(company, through, deadline);
          sealed += done.sealed;
          if (!done.finished) {
            await progress.save({ through: state.through, pass: through, after });
            return { sealed };
          }
          after = company.id;
        }
        if (!page.more) break;
      }
      await progress.save({ through });
      return { sealed, through };
    },
  };
}

const maxDay = (a: string, b: string) => (a > b ? a : b);

/** GET /api/admin/audit/verify: recompute each day of a range against its seal (admins; audited). */
export function createAuditVerifier({ store, settings, audit, clock, ids }: { store: AuditSealStore; settings: (companyId: string) => Promise<Pick<CompanySettings, 'auditRetentionDays'>>; audit: AuditLog; clock: Clock; ids: Ids }) {
  return {
    async verify(actor: Actor, query: { from: unknown; to: unknown }): Promise<{ days: DayCheck[] }> {
      requireAdmin(actor);
      const range = parseRange(query.from, query.to, { maxDays: MAX_VERIFY_DAYS });
      const days = daysBetween(utcDay(range.from), utcDay(range.to));
      if (days.length > MAX_VERIFY_DAYS) {
        throw badRequest('INVALID_RANGE', { ja: `検証する期間は${MAX_VERIFY_DAYS}日以内で指定してください。`, en: `Verify at most ${MAX_VERIFY_DAYS} days at once.` });
      }
      const now = clock.now();
      const { auditRetentionDays } = await settings(actor.companyId);
      const earliest = utcDay(new Date(now.getTime() - auditRetentionDays * DAY_MS));
      if (days[0]! < earliest) {
        throw badRequest('BEYOND_RETENTION', { ja: `ログの保存期間は${auditRetentionDays}日です。${earliest} 以降の日を指定してください。`, en: `The log is kept for ${auditRetentionDays} days. Choose days from ${earliest} on.` }, { earliest });
      }
      const records = new Map((await store.records(actor.companyId, dayBefore(days[0]!), days.at(-1)!)).map((r) => [r.day, r]));
      const checks = await mapLimit(days, 4, async (day): Promise<DayCheck> => {
        const [{ entries, expiresFrom }, sealed] = await Promise.all([store.dayEntries(actor.companyId, day), store.locked(actor.companyId, day)]);
        const record = records.get(day);
        const expiry = sealed?.expiresFrom ?? record?.expiresFrom ?? expiresFrom;
        if ((sealed || record) && expiry !== undefined && expiry * 1000 <= now.getTime()) {
          return { day, status: 'expired', entries: entries.length, recorded: (sealed ?? record)!.count, missingIds: [], changedIds: [], addedIds: [] };
        }
        const before = records.get(dayBefore(day));
        return checkDay(day, entries, sealed, record, before?.digest);
      });
      await audit.write({
        id: ids.next(), companyId: actor.companyId, at: now.toISOString(), actor: actor.loginId, actorAccountId: actor.accountId,
        action: 'audit.verify', result: 'success', sourceIp: actor.sourceIp,
        detail: { from: days[0]!, to: days.at(-1)!, days: days.length, changed: checks.filter((c) => c.status === 'changed').length, missing: checks.filter((c) => c.status === 'missing').length },
      });
      return { days: checks };
    },
  };
}
