import { expect } from 'vitest';
import { api } from './api.js';

/** Counts from scratch, by reading every employee of the caller's company: what the counters must equal. */
export async function recountFromList(token: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null | undefined;
  do {
    const page = await api(token).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    for (const e of page.body.items) {
      for (const key of [
        `password#${e.passwordStatus}`,
        `verification#${e.verificationStatus}`,
        `passcode#${e.passcodeStatus}`,
        `privateEmail#${e.privateEmailRegistered ? 'yes' : 'no'}`,
        `account#${e.accountIssued ? 'yes' : 'no'}`,
        `registration#${e.registrationStatus}`,
      ]) {
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  return counts;
}

/** The served counters (zeros left out) equal a full recount. */
export async function expectCountsEqualRecount(token: string): Promise<void> {
  const served = (await api(token).get('/api/admin/employee-counts')).body as Record<string, number>;
  expect(Object.fromEntries(Object.entries(served).filter(([, v]) => v !== 0))).toEqual(await recountFromList(token));
}
