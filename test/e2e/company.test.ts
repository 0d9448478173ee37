import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { clockEntries, writeEntries } from '../support/audit-seed.js';
import { authenticator as app, type AuthenticatorClock } from '../support/authenticator.js';
import { putInGroup, seedPolicyCompany, seedSupportOperator } from '../support/fixtures.js';
import { advanceServerClock, resetServerClock, serverNow } from '../support/server-clock.js';
import { demoPassword, expectNoPageErrors, launchBrowser, openPage, shot, signIn } from './browser.js';

// A company of its own: support changes its settings here, and nobody else's tests read them.
const COMPANY = { code: 'co-e2e', name: '株式会社キギョウジョウホウ' };
const OPERATOR = 'ops-co-e2e';
const HOUR = 3600_000;

// Each code is the first of a fresh secret: the clock moves (and is put back) only if a step repeats.
let moved = false;
const clock: AuthenticatorClock = { now: serverNow, nextStep: (ms) => ((moved = true), advanceServerClock(ms + 1000)) };

let browser: Browser;
let adminToken: string;

beforeAll(async () => {
  browser = await launchBrowser();
  await Promise.all([seedPolicyCompany(COMPANY.code, COMPANY.name), seedSupportOperator(OPERATOR)]);
  adminToken = (await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'admin', password: demoPassword() })).body.idToken;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (moved) await resetServerClock();
});

const signInAsCompanyAdmin = (page: Page) => signIn(page, { companyCode: COMPANY.code, loginId: 'admin', landing: /\/admin\/employees$/ });
const tabs = (page: Page) => page.getByRole('navigation', { name: '基本設定のページ' });

/** The facts of 企業情報 as shown: label → value. */
async function facts(page: Page): Promise<Record<string, string>> {
  const list = page.getByTestId('company-facts');
  await list.waitFor();
  const terms = await list.locator('dt').allTextContents();
  const values = await list.locator('dd').allTextContents();
  return Object.fromEntries(terms.map((term, i) => [term, values[i]!.trim()]));
}

async function employeeId(loginId: string): Promise<string> {
  const list = await api(adminToken).get('/api/admin/employees?limit=100');
  return (list.body.items as Array<{ id: string; loginId: string }>).find((e) => e.loginId === loginId)!.id;
}

describe('基本設定 › 企業情報 and 管理者設定', () => {
  it('企業情報 shows the company facts read-only, then the registration URL card', async () => {
    const t = await openPage(browser);
    const { page } = t;
    try {
      await signInAsCompanyAdmin(page);
      // The menu has one 基本設定 entry and no 組織情報; 基本設定 has four tabs.
      const menu = page.getByRole('navigation', { name: 'メインメニュー' });
      expect(await menu.getByRole('link', { name: '組織情報' }).count()).toBe(0);
      await menu.getByRole('link', { name: '基本設定' }).click();
      await page.waitForURL(/\/admin\/settings$/);
      await expect.poll(() => tabs(page).getByRole('link').allTextContents()).toEqual(['基本設定', 'グループ設定', '企業情報', '管理者設定']);
      await page.getByLabel('既定の言語').waitFor();
      expect(await page.getByLabel('既定の言語').inputValue()).toBe('ja');
      await shot(page, 'company-settings-tabs', { fullPage: true });

      await tabs(page).getByRole('link', { name: '企業情報' }).click();
      await page.waitForURL(/\/admin\/company$/);
      expect(await facts(page)).toEqual({
        会社コード: COMPANY.code,
        会社名: COMPANY.name,
        打刻連携: '利用しない',
        管理者による認証情報の削除: '許可しない（サポートのみ）',
        既定の言語: '日本語',
        タイムゾーン: 'Asia/Tokyo（UTC+09:00）',
      });
      expect(await tabs(page).getByRole('link', { name: '企業情報' }).getAttribute('aria-current')).toBe('page');
      // Nothing here is edited: no field, no save button in the facts card.
      expect(await page.locator('section[aria-labelledby="company-info-title"] input, section[aria-labelledby="company-info-title"] select').count()).toBe(0);
      const url = (await api(adminToken).get('/api/admin/company/registration-url')).body.url as string;
      await expect.poll(() => page.getByTestId('registration-url').inputValue()).toBe(url);
      await page.getByTestId('registration-qr').waitFor();
      await shot(page, 'company-info', { fullPage: true });
      expectNoPageErrors(t);
    } finally {
      await t.context.close();
    }
  });

  it('管理者設定 lists the admins and viewers with their roles in words, each linked to the employee page', async () => {
    const t = await openPage(browser);
    const { page } = t;
    try {
      await signInAsCompanyAdmin(page);
      await page.goto('/admin/admins');
      const table = page.getByTestId('admins-table');
      await table.waitFor();
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim())));
      expect(rows).toEqual([
        ['管理 花子', 'admin', '管理者', '0001'],
        ['閲覧 次郎', 'viewer', '閲覧者', '0002'],
      ]);
      await shot(page, 'company-admins');
      await page.getByTestId('admin-row-viewer').getByRole('link', { name: '閲覧 次郎さんの権限を社員情報で変更' }).click();
      await page.waitForURL(new RegExp(`/admin/employees/${await employeeId('viewer')}$`));
      await expect.poll(() => page.getByLabel('権限').inputValue()).toBe('viewer');
      expectNoPageErrors(t);
    } finally {
      await t.context.close();
    }
  });
});

describe('ログ表示 › 出退勤ログ検索', () => {
  it('shows only the clock events with their kind, device time, received time and device; CSV出力 is disabled with the reason beside it', async () => {
    const [ichiro, jiro] = await Promise.all(['ichiro', 'jiro'].map(async (loginId) => ({ id: await employeeId(loginId), loginId, employeeCode: loginId === 'ichiro' ? '0003' : '0004' })));
    const at = (hoursAgo: number) => new Date(serverNow() - hoursAgo * HOUR).toISOString();
    const companyId = (await api(adminToken).get('/api/admin/company')).body.id as string;
    await writeEntries(
      clockEntries(companyId, [
        { account: ichiro!, type: 'logon', occurredAt: at(9), receivedAt: at(9), device: 'PC-ICHIRO' },
        { account: ichiro!, type: 'lock', occurredAt: at(6), receivedAt: at(6), device: 'PC-ICHIRO' },
        { account: ichiro!, type: 'unlock', occurredAt: at(5), receivedAt: at(5), device: 'PC-ICHIRO' },
        // Sent later from the device's offline queue: it happened a day before it arrived.
        { account: jiro!, type: 'logoff', occurredAt: at(28), receivedAt: at(2), device: 'PC-JIRO' },
        { account: jiro!, type: 'logon', occurredAt: at(1), receivedAt: at(1), device: 'PC-JIRO', counted: false },
      ]),
    );

    const t = await openPage(browser);
    const { page } = t;
    try {
      await signInAsCompanyAdmin(page);
      await page.getByRole('link', { name: 'ログ表示' }).click();
      await page.waitForURL(/\/admin\/logs$/);
      await page.getByRole('navigation', { name: '検索の種類' }).getByRole('link', { name: '出退勤ログ検索' }).click();
      await page.waitForURL(/mode=attendance/);
      const table = page.getByTestId('clock-results');
      await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
      await page.locator('section.audit-results[aria-busy="false"]').waitFor();
      await expect.poll(() => table.locator('thead th').allTextContents()).toEqual(['社員', '打刻の種類', '発生日時（端末）', '受信日時', '端末']);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
      expect(rows.map((r) => [r[0], r[1], r[4]])).toEqual([
        ['jiro （0004）', '退勤', 'PC-JIRO'],
        ['ichiro （0003）', '休憩終了', 'PC-ICHIRO'],
        ['ichiro （0003）', '休憩開始', 'PC-ICHIRO'],
        ['ichiro （0003）', '出勤', 'PC-ICHIRO'],
      ]);
      // The offline event: its device time is a day before the time it was received.
      expect(rows[0]![2]).not.toBe(rows[0]![3]);
      expect(Date.parse(rows[0]![3]!.replace(/\//g, '-').replace(' ', 'T') + '+09:00') - Date.parse(rows[0]![2]!.replace(/\//g, '-').replace(' ', 'T') + '+09:00')).toBeGreaterThan(24 * HOUR);

      const exportButton = page.getByRole('button', { name: 'CSV出力' });
      expect(await exportButton.isDisabled()).toBe(true);
      expect(await page.getByTestId('audit-export-reason').textContent()).toBe('出退勤ログ検索の結果はCSV出力できません。打刻は勤怠システムへ送られた記録をお使いください。');
      await shot(page, 'company-attendance-log', { fullPage: true });

      // The normal search still exports, and lists the uncounted logon among the rest.
      await page.getByRole('navigation', { name: '検索の種類' }).getByRole('link', { name: 'ログ検索', exact: true }).click();
      await page.getByTestId('audit-results').waitFor();
      await page.locator('section.audit-results[aria-busy="false"]').waitFor();
      expect(await page.getByTestId('audit-export-reason').count()).toBe(0);
      await expect.poll(() => page.getByRole('button', { name: 'CSV出力' }).isDisabled()).toBe(false);

      // jiro's own history is shown in his group's zone, said with its offset; the company's log in the company's.
      expect(await page.getByTestId('audit-zone').textContent()).toBe('時刻は Asia/Tokyo（UTC+09:00）');
      await putInGroup(companyId, jiro!.id, { groupId: 'G-NY', name: 'ニューヨーク', timeZone: 'America/New_York' });
      await page.goto(`/admin/employees/${jiro!.id}/logs`);
      const zone = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')!.value.replace('GMT', 'UTC');
      await expect.poll(() => page.getByTestId('audit-zone').textContent()).toBe(`時刻は America/New_York（${zone}）・所属グループのタイムゾーン`);
      await page.locator('section.audit-results[aria-busy="false"]').waitFor();
      await shot(page, 'company-user-log-group-zone');
      expectNoPageErrors(t);
    } finally {
      await t.context.close();
    }
  });
});

describe('support console › 企業の設定', () => {
  it('support saves 打刻連携 and the deletion permission after a confirmation; the admin then reads them on 企業情報 and may delete an authenticator', async () => {
    // ichiro has a second factor (set up through the API, as his phone would).
    const ichiroToken = (await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'ichiro', password: demoPassword() })).body.idToken as string;
    const setup = await api(ichiroToken).post('/api/me/mfa/setup');
    expect((await api(ichiroToken).post('/api/me/mfa/confirm', { code: await app(setup.body.secret, clock).next() })).status).toBe(200);

    const t = await openPage(browser);
    const { page } = t;
    try {
      await page.goto('/support/login');
      await page.getByLabel('ログインID').fill(OPERATOR);
      await page.getByLabel('パスワード', { exact: true }).fill(demoPassword());
      await page.getByRole('button', { name: 'ログイン', exact: true }).click();
      await page.waitForURL(/\/mfa\/setup$/);
      await page.getByRole('button', { name: '設定を始める' }).click();
      const key = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
      await page.getByLabel('6桁のコード').fill(await app(key, clock).next());
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      await page.getByLabel('バックアップコードを安全な場所に保管しました').check();
      await page.getByRole('button', { name: '完了' }).click();
      await page.waitForURL(/\/support$/);

      await page.getByLabel('会社コード').fill(COMPANY.code);
      await page.getByRole('button', { name: '検索' }).first().click();
      await expect.poll(() => page.getByTestId('support-company').textContent()).toBe(`${COMPANY.name}（会社コード: ${COMPANY.code}）`);
      const card = page.getByRole('region', { name: '企業の設定（サポート専用）' });
      expect(await card.getByRole('radio', { name: /利用しない/ }).isChecked()).toBe(true);
      expect(await card.getByRole('button', { name: '設定を保存' }).isDisabled()).toBe(true);
      await card.getByRole('radio', { name: /＋ロック・アンロックを休憩にする/ }).check();
      await card.getByLabel('管理者による認証情報の削除を許可する').check();
      await card.getByRole('button', { name: '設定を保存' }).click();
      const dialog = page.getByRole('dialog', { name: '設定を保存しますか？' });
      await dialog.waitFor();
      expect(await dialog.locator('dd').allTextContents()).toEqual(['ログオン・ログオフを出勤・退勤に、ロック・アンロックを休憩にする', '許可する']);
      await shot(page, 'company-support-confirm');
      await dialog.getByRole('button', { name: '保存する' }).click();
      await expect.poll(() => page.getByTestId('client-settings-saved').textContent()).toBe(`${COMPANY.name}の設定を保存しました。`);
      expect(await card.getByRole('button', { name: '設定を保存' }).isDisabled()).toBe(true);
      await shot(page, 'company-support-saved', { fullPage: true });
      expectNoPageErrors(t);
    } finally {
      await t.context.close();
    }

    const admin = await openPage(browser);
    try {
      const { page } = admin;
      await signInAsCompanyAdmin(page);
      await page.goto('/admin/company');
      expect(await facts(page)).toMatchObject({
        打刻連携: 'ログオン・ログオフを出勤・退勤に、ロック・アンロックを休憩にする',
        管理者による認証情報の削除: '許可する',
      });
      await shot(page, 'company-info-after-support');

      // The employee page offers 認証情報の削除 for ichiro (who has a factor), behind a confirmation.
      await page.goto(`/admin/employees/${await employeeId('ichiro')}`);
      const mfaCard = page.getByTestId('mfa-delete-card');
      await mfaCard.waitFor();
      await mfaCard.getByRole('button', { name: '認証情報の削除' }).click();
      const dialog = page.getByRole('dialog', { name: '認証情報を削除しますか？' });
      await dialog.waitFor();
      await shot(page, 'company-mfa-delete-confirm');
      await dialog.getByRole('button', { name: '削除する' }).click();
      await expect.poll(() => mfaCard.getByRole('status').textContent()).toBe('社員 一郎さんの認証情報を削除しました。');
      expect((await api(ichiroToken).get('/api/me/mfa')).body.status).toBe('none');
      // jiro has no factor: nothing to delete, no card.
      await page.goto(`/admin/employees/${await employeeId('jiro')}`);
      await page.getByLabel('権限').waitFor();
      expect(await page.getByTestId('mfa-delete-card').count()).toBe(0);
      expectNoPageErrors(admin);
    } finally {
      await admin.context.close();
    }
  });
});
