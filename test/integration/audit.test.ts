import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, signIn } from '../support/api.js';

let viewer: string;
const iso = (offsetHours: number) => new Date(Date.now() + offsetHours * 3600_000).toISOString();

const setClockOffset = async (offsetMs: number) =>
  expect((await fetch(`${inject('baseUrl')}/__local/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offsetMs }) })).status).toBe(200);

beforeAll(async () => {
  viewer = await signIn('demo', 'viewer');
  // Sign-ins are audited: some now, some in each of the two months before, so pages cross partitions.
  try {
    for (const days of [62, 31, 0]) {
      await setClockOffset(-days * 86_400_000);
      for (let i = 0; i < 3; i++) await signIn('demo', 'viewer');
    }
  } finally {
    await setClockOffset(0);
  }
});

describe('GET /api/admin/audit', () => {
  it('pages through a range newest first, each entry once, following nextCursor', async () => {
    const range = `from=${iso(-24 * 70)}&to=${iso(1)}`;
    // Other suites sign in hundreds of times before this one runs: page through everything.
    const pages = async (limit: number) => {
      const items: Array<{ id: string; at: string }> = [];
      let cursor: string | null = null;
      for (let page = 0; page < 2000 && (page === 0 || cursor); page++) {
        const res: any = await api(viewer).get(`/api/admin/audit?${range}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      }
      expect(cursor).toBeNull();
      return items;
    };
    const all = await pages(500);
    expect(new Set(all.map((e) => e.at.slice(0, 7))).size).toBeGreaterThanOrEqual(3);
    const paged = await pages(7);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(all.length);
    expect(paged.map((e) => e.at)).toEqual([...paged.map((e) => e.at)].sort().reverse());
  });

  it('answers the ranges that once hung it with 400, and stays up', async () => {
    for (const [from, to] of [
      ['%2B010000-01-01T00:00:00Z', '%2B010000-01-02T00:00:00Z'],
      ['0999-12-01T00:00:00Z', '1000-01-01T00:00:00Z'],
      ['2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z'],
      ['2025-01-01', '2024-12-31'],
    ]) {
      const res = await api(viewer).get(`/api/admin/audit?from=${from}&to=${to}`);
      expect(res.status, `${from}..${to}`).toBe(400);
      expect(['INVALID_DATE', 'INVALID_RANGE']).toContain(res.body.error.code);
    }
    expect((await api().get('/api/health')).status).toBe(200);
  });

  it('takes plain dates, the end date counting whole', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await api(viewer).get(`/api/admin/audit?from=${today}&to=${today}&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
  });

  it('refuses a cursor made for another range', async () => {
    const first = await api(viewer).get(`/api/admin/audit?from=${iso(-24)}&to=${iso(1)}&limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const elsewhere = await api(viewer).get(`/api/admin/audit?from=${iso(-24 * 200)}&to=${iso(-24 * 120)}&cursor=${first.body.nextCursor}`);
    expect(elsewhere).toMatchObject({ status: 400, body: { error: { code: 'INVALID_CURSOR' } } });
  });
});
