import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { genesis, type DayDigest } from '../../../functions/core/audit/digest.js';
import { closableDay, createAuditCloser, type AuditSealStore, type CloseProgress } from '../../../functions/core/audit/seal.js';

function memory(entries: AuditEntry[]) {
  const seals = new Map<string, DayDigest>();
  let state: { through?: string; pass?: string; after?: string } = {};
  const key = (c: string, d: string) => `${c}/${d}`;
  const store: AuditSealStore = {
    async lastSealed(companyId) {
      const days = [...seals.values()].filter((s) => s.companyId === companyId).sort((a, b) => (a.day < b.day ? 1 : -1));
      return days[0] && { day: days[0].day, digest: days[0].digest };
    },
    async dayEntries(companyId, day) {
      return { entries: entries.filter((e) => e.companyId === companyId && e.at.startsWith(day)) };
    },
    async seal(d) {
      if (seals.has(key(d.companyId, d.day))) return false;
      seals.set(key(d.companyId, d.day), d);
      return true;
    },
    async records() {
      return [];
    },
    async locked(companyId, day) {
      return seals.get(key(companyId, day));
    },
  };
  const progress: CloseProgress = { get: async () => state, save: async (s) => void (state = s) };
  return { store, progress, seals, state: () => state };
}

const e = (companyId: string, at: string): AuditEntry => ({ id: at, companyId, at, actor: 'a', action: 'auth.login', result: 'success' });

describe('the daily close', () => {
  const companies = [
    { id: 'C1', createdAt: '2026-03-01T10:00:00.000Z' },
    { id: 'C2', createdAt: '2026-03-03T10:00:00.000Z' },
  ];
  const pages = { page: async (after: string | undefined) => ({ companies: companies.filter((c) => !after || c.id > after), more: false }) };

  it('closes a day 20 minutes after it ends', () => {
    expect(closableDay(new Date('2026-03-05T00:19:59Z'))).toBe('2026-03-03');
    expect(closableDay(new Date('2026-03-05T00:20:00Z'))).toBe('2026-03-04');
  });

  it('seals every company day by day from its creation, each day chained to the one before', async () => {
    const m = memory([e('C1', '2026-03-01T11:00:00.000Z'), e('C1', '2026-03-02T11:00:00.000Z'), e('C2', '2026-03-04T11:00:00.000Z')]);
    const clock = { now: () => new Date('2026-03-05T01:00:00Z') };
    const closer = createAuditCloser({ store: m.store, companies: pages, progress: m.progress, clock, budgetMs: 60_000 });
    expect(await closer.close()).toEqual({ sealed: 6, through: '2026-03-04' });
    const c1 = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((d) => m.seals.get(`C1/${d}`)!);
    expect(c1.map((s) => s.count)).toEqual([1, 1, 0, 0]);
    expect(c1[0]!.previous).toBe(genesis('C1'));
    for (let i = 1; i < c1.length; i++) expect(c1[i]!.previous).toBe(c1[i - 1]!.digest);
    expect(m.seals.has('C2/2026-03-02')).toBe(false);
    expect(m.seals.get('C2/2026-03-04')!.count).toBe(1);
    // Done for the day: the next run reads one item and stops.
    expect(await closer.close()).toEqual({ sealed: 0, through: '2026-03-04' });
    // The next day, one more seal each.
    clock.now = () => new Date('2026-03-06T01:00:00Z');
    expect((await closer.close()).sealed).toBe(2);
  });

  it('stops at its time budget and carries on where it stopped', async () => {
    const m = memory([]);
    const clock = { now: () => new Date('2026-03-05T01:00:00Z') };
    const stopped = await createAuditCloser({ store: m.store, companies: pages, progress: m.progress, clock, budgetMs: -1 }).close();
    expect(stopped.sealed).toBe(0);
    expect(m.state()).toMatchObject({ pass: '2026-03-04' });
    const resumed = await createAuditCloser({ store: m.store, companies: pages, progress: m.progress, clock, budgetMs: 60_000 }).close();
    expect(resumed).toEqual({ sealed: 6, through: '2026-03-04' });
    expect(m.state()).toEqual({ through: '2026-03-04' });
  });
});
