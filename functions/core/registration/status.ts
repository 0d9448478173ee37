import type { Messages } from '../shared/errors.js';

// The registration password of DESIGN.md §5b (私用メールアドレス登録用パスワード), one per employee:
//
// | from   | event                                      | to                                   |
// | ------ | ------------------------------------------ | ------------------------------------ |
// | 未発行 | bulk issuance                              | 発行済 (valid one month)             |
// | 発行済 | issued again                               | 発行済 (the old one dies at once)    |
// | 発行済 | QR form matched                            | 発行済 (a 24-hour link is mailed)    |
// | 発行済 | link followed, password set                | 使用済 (the account exists)          |
// | 発行済 | 10 consecutive failures                    | 発行済, locked until issued again    |
// | 発行済 | its month passed                           | 期限切れ; from the next day 未発行   |
//
// The lock is the failure guard's (core/guard), shown beside 発行済; it is no status of its own.

export const REGISTRATION_STATUSES = ['unissued', 'issued', 'used', 'expired'] as const;
/** 未発行 · 発行済 · 使用済 · 期限切れ. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const REGISTRATION_LABELS: Record<RegistrationStatus, Messages> = {
  unissued: { ja: '未発行', en: 'Not issued' },
  issued: { ja: '発行済', en: 'Issued' },
  used: { ja: '使用済', en: 'Used' },
  expired: { ja: '期限切れ', en: 'Expired' },
};

/** 有/無 facts of an employee, as the counters name them. */
export const YES_NO = ['yes', 'no'] as const;
export type YesNo = (typeof YES_NO)[number];

/**
 * アカウント発行 有: a password was handed out — a PDF notice (発行済 / -), an account-notice mail
 * (済(未ログイン), and every state after it), or a self-registration (発行済 / 済). A reissue in
 * progress (再発行中) had one before. Derived from the two issuance statuses, so every flow that
 * moves them moves this fact in the same write, and no flow has to remember to set it.
 */
export function accountIssued(password: string, verification: string): boolean {
  return password === 'issued' || password === 'reissuing' || verification === 'verified_pending_login' || verification === 'verified';
}

/** Registration passwords are valid one calendar month (Japan time), to the minute: 1月31日 10:00 → 2月28日 10:00. */
export function oneMonthAfter(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000);
  const y = jst.getUTCFullYear();
  const m = jst.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const next = Date.UTC(y, m, Math.min(jst.getUTCDate(), lastDay), jst.getUTCHours(), jst.getUTCMinutes(), jst.getUTCSeconds(), jst.getUTCMilliseconds());
  return new Date(next - 9 * 3600_000).toISOString();
}

/** The start of the Japan day after the one `iso` falls in: from then on 期限切れ shows as 未発行. */
export function nextJapanDay(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000);
  return new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate() + 1) - 9 * 3600_000).toISOString();
}

/** 24 hours from sending, as the help page says. */
export const REGISTRATION_LINK_HOURS = 24;
/** The mailed link to the CSV lasts a week; after that the job's result screen serves it. */
export const CSV_LINK_DAYS = 7;
