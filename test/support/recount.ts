import { expect } from 'vitest';
import { api } from './api.js';

/** Counts from scratch, by reading every employee: what the status counters must equal. */
export async function recount(token: string, baseUrl?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null | undefined;
  do {
    const page = await api(token, baseUrl).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    for (const e of page.body.items) {
      for (const key of [`password#${e.passwordStatus}`, `verification#${e.verificationStatus}`, `passcode#${e.passcodeStatus}`]) counts[key] = (counts[key] ?? 0) + 1;
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  return counts;
}

/** The served status counters (zeros left out) equal a recount. */
export async function expectCountsEqualRecount(token: string, baseUrl?: string): Promise<void> {
  const served = (await api(token, baseUrl).get('/api/admin/employee-counts')).body as Record<string, number>;
  const counted = await recount(token, baseUrl);
  const nonZero = Object.fromEntries(Object.entries(served).filter(([, v]) => v !== 0));
  expect(nonZero).toEqual(counted);
}
