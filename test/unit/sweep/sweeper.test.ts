import { describe, expect, it } from 'vitest';
import { createSweeper, hoursBetween, type DueIndex, type DueItem } from '../../../functions/core/sweep/sweeper.js';

function index(items: DueItem[]) {
  let cursor: string | undefined;
  const asked: string[][] = [];
  const due: DueIndex = {
    listDue: async (hours, until) => {
      asked.push(hours);
      return items.filter((i) => hours.includes(i.deadline.slice(0, 13)) && i.deadline <= until);
    },
    cursor: async () => cursor,
    saveCursor: async (hour) => void (cursor = hour),
  };
  return { due, asked, cursor: () => cursor };
}

describe('sweep', () => {
  it('lists the hours between two times, inclusive', () => {
    expect(hoursBetween('2026-11-21T22', new Date('2026-11-22T01:30:00Z'))).toEqual(['2026-11-21T22', '2026-11-21T23', '2026-11-22T00', '2026-11-22T01']);
  });

  it('expires only what is past its deadline, by entity, and resumes from the current hour', async () => {
    let now = new Date('2026-11-21T10:30:00Z');
    const items: DueItem[] = [
      { entity: 'EmployeeImport', deadline: '2026-11-21T09:59:00.000Z', attributes: { importId: 'a' } },
      { entity: 'EmployeeImport', deadline: '2026-11-21T10:29:59.000Z', attributes: { importId: 'b' } },
      { entity: 'EmployeeImport', deadline: '2026-11-21T10:31:00.000Z', attributes: { importId: 'c' } },
      { entity: 'Unknown', deadline: '2026-11-21T10:00:00.000Z', attributes: {} },
    ];
    const { due, asked, cursor } = index(items);
    const expired: string[] = [];
    const sweeper = createSweeper({ index: due, clock: { now: () => now }, expirers: { EmployeeImport: async (i) => void expired.push(String(i.attributes.importId)) } });
    expect(await sweeper.sweep()).toEqual({ expired: 2 });
    expect(expired).toEqual(['a', 'b']);
    expect(asked[0]!.at(0)).toBe('2026-11-19T10');
    expect(cursor()).toBe('2026-11-21T10');
    now = new Date('2026-11-21T10:32:00Z');
    await sweeper.sweep();
    expect(asked[1]).toEqual(['2026-11-21T10']);
    expect(expired).toContain('c');
  });
});

describe('sweep after the clock was set back', () => {
  it('does not trust a cursor ahead of the clock', async () => {
    let now = new Date('2026-11-29T10:00:00Z');
    const items: DueItem[] = [{ entity: 'VerificationLink', deadline: '2026-11-21T09:00:00.000Z', attributes: { digest: 'd' } }];
    const { due, asked } = index(items);
    const expired: string[] = [];
    const sweeper = createSweeper({ index: due, clock: { now: () => now }, expirers: { VerificationLink: async (i) => void expired.push(String(i.attributes.digest)) } });
    await sweeper.sweep();
    now = new Date('2026-11-21T10:00:00Z');
    await sweeper.sweep();
    expect(asked[1]!.at(-1)).toBe('2026-11-21T10');
    expect(asked[1]!.length).toBe(49);
    expect(expired).toEqual(['d']);
  });
});
