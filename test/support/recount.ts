import { expect } from 'vitest';
import { api } from './api.js';

/**
 * Counts from scratch, by reading every employee through the list: what the status counters of
 * GET /api/admin/employee-counts must always equal (each status kind, the 2FA counters and the
 * self-registration facts: 私用メールアドレス, アカウント発行, 登録用パスワード).
 */
export async function recount(token: string, baseUrl?: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null | undefined;
  do {
    const page = await api(token, baseUrl).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    for (const e of page.body.items) {
      const mfa = e.accountKind === 'external' ? 'exempt' : e.mfaStatus === 'active' ? 'set' : 'unset';
      for (const key of [
        `password#${e.passwordStatus}`,
        `verification#${e.verificationStatus}`,
        `passcode#${e.passcodeStatus}`,
        `mfa#${mfa}`,
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

/** The served counters (those not zero) equal a recount. */
export async function expectCountsEqualRecount(token: string, baseUrl?: string): Promise<void> {
  const served = (await api(token, baseUrl).get('/api/admin/employee-counts')).body as Record<string, number>;
  expect(Object.fromEntries(Object.entries(served).filter(([, v]) => v !== 0))).toEqual(await recount(token, baseUrl));
}
