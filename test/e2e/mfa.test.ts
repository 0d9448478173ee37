import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { authenticator as app, type AuthenticatorClock } from '../support/authenticator.js';
import { seedPolicyCompany, seedSupportOperator } from '../support/fixtures.js';
import { advanceServerClock, resetServerClock, serverNow } from '../support/server-clock.js';
import { demoPassword, expectNoPageErrors, launchBrowser, openPage, shot, signIn, type TestPage } from './browser.js';

// A company of its own: turning 2FA enforcement on there reaches no other browser test.
const COMPANY = { code: 'tfa-web', name: '株式会社ツーファクタ・ウェブ' };
const OPERATOR = 'ops-web';

// Codes are used up step by step; rather than wait 30 s for the next step, move the service's clock.
const clock: AuthenticatorClock = { now: serverNow, nextStep: (ms) => advanceServerClock(ms + 1000) };
const authenticator = (base32: string) => app(base32, clock);
type App = ReturnType<typeof authenticator>;

let browser: Browser;
const apps = new Map<string, App>();
let backupCodes: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  await Promise.all([seedPolicyCompany(COMPANY.code, COMPANY.name), seedSupportOperator(OPERATOR)]);
});

afterAll(async () => {
  await browser?.close();
  await resetServerClock();
});

async function signOut(page: Page, landing = /\/login$/) {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.waitForURL(landing);
}

/** Password, then (on the 2段階認証 step) `code`. */
async function signInWithSecondFactor(page: Page, loginId: string, answer: (page: Page) => Promise<void>, landing: RegExp, path = '/login') {
  await page.goto(path);
  await page.getByLabel('会社コード').fill(COMPANY.code);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(demoPassword());
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('heading', { name: '2段階認証' }).waitFor();
  await answer(page);
  await page.getByRole('button', { name: '認証してログイン' }).click();
  await page.waitForURL(landing);
}

/** The setup screen from 設定を始める to 完了: the QR code, the key typed into an "app", the backup codes. */
async function setUpOnScreen(t: TestPage, name: string, options: { download?: boolean } = {}): Promise<App> {
  const { page } = t;
  await page.getByRole('button', { name: '設定を始める' }).click();
  const qr = page.getByTestId('mfa-qr');
  await qr.waitFor();
  // A real picture of a QR code, not a broken image.
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const key = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await shot(page, `${name}-qr`);
  const totp = authenticator(key);
  await page.getByLabel('6桁のコード').fill(await totp.next());
  await page.getByRole('button', { name: '確認して有効にする' }).click();
  const list = page.getByTestId('backup-codes');
  await list.waitFor();
  const codes = (await list.locator('code').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
  await shot(page, `${name}-backup-codes`);
  if (options.download) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'テキストファイルでダウンロード' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^kagi-backup-codes-.+\.txt$/);
    const text = readFileSync((await download.path())!, 'utf8');
    for (const c of codes) expect(text).toContain(c);
    expect(text).toContain('各コードは1回だけ使えます');
    backupCodes = codes;
  }
  // 完了 only once the codes are said to be kept.
  expect(await page.getByRole('button', { name: '完了' }).isDisabled()).toBe(true);
  await page.getByLabel('バックアップコードを安全な場所に保管しました').check();
  await page.getByRole('button', { name: '完了' }).click();
  return totp;
}

describe('2段階認証 in the browser', () => {
  it('sets up from マイページ: QR code shown, code typed, backup codes shown and downloaded', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signIn(page, { path: '/login', companyCode: COMPANY.code, loginId: 'ichiro', landing: /\/home$/ });
    await page.getByRole('link', { name: 'マイページ' }).click();
    const panel = page.getByTestId('mfa-panel');
    await expect.poll(() => panel.getByTestId('mfa-status').textContent()).toBe('未設定');
    await shot(page, 'mfa-mypage-off');
    await panel.getByRole('link', { name: '2段階認証を設定する' }).click();
    await page.waitForURL(/\/mfa\/setup\?from=%2Fmypage$/);
    await shot(page, 'mfa-setup-start');
    apps.set('ichiro', await setUpOnScreen(t, 'mfa-setup', { download: true }));
    await page.waitForURL(/\/mypage$/);
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toBe('設定済');
    // The count is read again after the new codes are shown: wait for it, do not sample it once.
    await page.getByText('バックアップコードの残り: 10 個').waitFor();
    await shot(page, 'mfa-mypage-on');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('signs in with a code from the app, and with a backup code', async () => {
    const t = await openPage(browser);
    const { page } = t;
    const totp = apps.get('ichiro')!;
    await signInWithSecondFactor(
      page,
      'ichiro',
      async (p) => {
        await shot(p, 'mfa-sign-in-code');
        // A wrong code is said by the field; the page stays.
        await p.getByLabel('6桁のコード').fill(totp.wrong());
        await p.getByRole('button', { name: '認証してログイン' }).click();
        await expect.poll(() => p.locator('#signin-code-error').textContent()).toBe('コードが正しくありません。');
        await shot(p, 'mfa-sign-in-wrong-code');
        await p.getByLabel('6桁のコード').fill(await totp.next());
      },
      /\/home$/,
    );
    await signOut(page);

    await signInWithSecondFactor(
      page,
      'ichiro',
      async (p) => {
        await p.getByText('バックアップコード', { exact: true }).click();
        await p.getByLabel('10文字のバックアップコード').fill(backupCodes[0]!);
        await shot(p, 'mfa-sign-in-backup-code');
      },
      /\/home$/,
    );
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('warns on the home screen when 2 or fewer backup codes are left', async () => {
    // Seven more backup codes used (through the API, as seven sign-ins would): two left.
    for (const code of backupCodes.slice(1, 8)) {
      const first = await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'ichiro', password: demoPassword() });
      expect((await api().post('/api/auth/mfa', { session: first.body.session, backupCode: code })).status).toBe(200);
    }
    const t = await openPage(browser);
    const { page } = t;
    await signInWithSecondFactor(page, 'ichiro', async (p) => p.getByLabel('6桁のコード').fill(await apps.get('ichiro')!.next()), /\/home$/);
    const warning = page.getByRole('status').filter({ hasText: 'バックアップコードの残りが 2 個です' });
    await warning.waitFor();
    await shot(page, 'mfa-home-backup-low');
    // The way to new codes: マイページ › 2段階認証 › 再発行 (the old ones die).
    await warning.getByRole('link').click();
    await page.waitForURL(/\/mypage$/);
    await page.getByRole('button', { name: 'バックアップコードを再発行' }).click();
    await page.getByLabel('6桁のコード').fill(await apps.get('ichiro')!.next());
    await page.getByRole('button', { name: '再発行する' }).click();
    await page.getByTestId('backup-codes').waitFor();
    // The count is read again after the new codes are shown: wait for it, do not sample it once.
    await page.getByText('バックアップコードの残り: 10 個').waitFor();
    await shot(page, 'mfa-backup-codes-regenerated');
    const old = await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'ichiro', password: demoPassword() });
    expect((await api().post('/api/auth/mfa', { session: old.body.session, backupCode: backupCodes[8] })).status).toBe(401);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('forces setup after the admin turns enforcement on: the signed-in employee gets only the setup screen', async () => {
    // jiro is signed in before the policy changes.
    const employee = await openPage(browser);
    await signIn(employee.page, { path: '/login', companyCode: COMPANY.code, loginId: 'jiro', landing: /\/home$/ });

    // The admin sets up its own second factor first (個人設定), then requires it (基本設定 › セキュリティ設定).
    const admin = await openPage(browser);
    const { page } = admin;
    await signIn(page, { companyCode: COMPANY.code, loginId: 'admin', landing: /\/admin\/employees$/ });
    await page.getByRole('link', { name: '個人設定' }).click();
    await page.getByTestId('mfa-panel').getByRole('link', { name: '2段階認証を設定する' }).click();
    apps.set('admin', await setUpOnScreen(admin, 'mfa-admin-setup'));
    await page.waitForURL(/\/admin\/account$/);
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toBe('設定済');
    await shot(page, 'mfa-admin-account');
    await page.getByRole('link', { name: '基本設定' }).click();
    await page.getByText('従業員アカウント・管理アカウントは必須とする（外部アカウントは任意）').click();
    await page.getByRole('form', { name: 'セキュリティ設定' }).getByRole('button', { name: '保存する' }).click();
    const dialog = page.getByRole('dialog', { name: '2段階認証を必須にします' });
    await dialog.waitFor();
    await shot(page, 'mfa-enforce-confirm');
    await dialog.getByRole('button', { name: '必須にする' }).click();
    await page.getByRole('form', { name: 'セキュリティ設定' }).getByText('保存しました。').waitFor();
    await shot(page, 'mfa-settings-required');

    // The employee's next step lands on the setup screen, and nothing else opens.
    const e = employee.page;
    await e.getByRole('link', { name: 'マイページ' }).click();
    await e.waitForURL(/\/mfa\/setup$/);
    await e.getByText('会社の設定により、2段階認証の設定が必要です。').waitFor();
    expect(await e.getByRole('link', { name: 'マイページ' }).count()).toBe(0);
    expect(await e.getByRole('button', { name: 'キャンセル' }).count()).toBe(0);
    await shot(e, 'mfa-forced-setup');
    await e.goto('/home');
    await e.waitForURL(/\/mfa\/setup$/);
    apps.set('jiro', await setUpOnScreen(employee, 'mfa-forced'));
    await e.waitForURL(/\/home$/);
    await expect.poll(() => e.getByTestId('employee-name').textContent()).toContain('二郎');
    expectNoPageErrors(employee);
    await employee.context.close();

    // The list: the 2段階認証 column and, while required, who still has none.
    await page.getByRole('link', { name: '社員一覧' }).click();
    await page.locator('section[aria-busy="false"]').waitFor();
    await expect.poll(() => page.getByTestId('mfa-unset-count').textContent()).toBe('2段階認証が未設定のアカウント: 3 名（外部アカウントを除く）');
    const row = (login: string) => page.locator('tr', { has: page.getByText(login, { exact: true }) }).getByTestId('mfa-cell');
    expect(await row('jiro').textContent()).toBe('設定済');
    expect(await row('saburo').textContent()).toBe('未設定');
    await shot(page, 'mfa-list');
    await page.getByLabel('2段階認証').selectOption('none');
    await page.locator('section[aria-busy="false"]').waitFor();
    // viewer, saburo, shiro, and partner (external: 未設定, yet not counted above).
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(4);
    expectNoPageErrors(admin);
    await admin.context.close();
  });

  it('support: own sign-in page, forced setup at the first sign-in, console that unlocks and resets', async () => {
    // saburo locks his second factor with 20 wrong codes.
    const saburo = await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'saburo', password: demoPassword() });
    const token = saburo.body.idToken as string;
    const setup = await api(token).post('/api/me/mfa/setup');
    const saburoApp = authenticator(setup.body.secret);
    expect((await api(token).post('/api/me/mfa/confirm', { code: await saburoApp.next() })).status).toBe(200);
    const session = (await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'saburo', password: demoPassword() })).body.session;
    for (let i = 0; i < 20; i++) await api().post('/api/auth/mfa', { session, code: saburoApp.wrong() });

    const t = await openPage(browser);
    const { page } = t;
    await page.goto('/support/login');
    expect(await page.getByLabel('会社コード').count()).toBe(0);
    await shot(page, 'support-sign-in');
    await page.getByLabel('ログインID').fill(OPERATOR);
    await page.getByLabel('パスワード', { exact: true }).fill(demoPassword());
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(/\/mfa\/setup$/);
    await page.getByText('サポートアカウントは2段階認証が必須です。').waitFor();
    await shot(page, 'support-forced-setup');
    const operator = await setUpOnScreen(t, 'support-setup');
    await page.waitForURL(/\/support$/);

    await page.getByLabel('会社コード').fill(COMPANY.code);
    await page.getByRole('button', { name: '検索' }).first().click();
    await expect.poll(() => page.getByTestId('support-company').textContent()).toBe(`${COMPANY.name}（会社コード: ${COMPANY.code}）`);
    await page.getByLabel('ログインID・社員コード・氏名').fill('saburo');
    await page.getByRole('button', { name: '検索' }).nth(1).click();
    const row = page.getByTestId('support-account-saburo');
    await row.waitFor();
    expect(await row.textContent()).toContain('ロック中');
    await shot(page, 'support-console-locked');
    await row.getByRole('button', { name: 'ロック解除' }).click();
    await page.getByRole('dialog', { name: 'ロックを解除します' }).getByRole('button', { name: 'ロック解除' }).click();
    await page.getByRole('status').filter({ hasText: 'ロックを解除しました' }).waitFor();
    expect(await row.textContent()).toContain('なし');
    // Unlocked, saburo signs in with his code again.
    const again = await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'saburo', password: demoPassword() });
    expect((await api().post('/api/auth/mfa', { session: again.body.session, code: await saburoApp.next() })).status).toBe(200);

    // Reset: ichiro's second factor is forgotten; the company requires one, so he sets it up again.
    await page.getByLabel('ログインID・社員コード・氏名').fill('ichiro');
    await page.getByRole('button', { name: '検索' }).nth(1).click();
    const ichiro = page.getByTestId('support-account-ichiro');
    await ichiro.waitFor();
    await ichiro.getByRole('button', { name: '2段階認証をリセット' }).click();
    const confirm = page.getByRole('dialog', { name: '2段階認証をリセットします' });
    await confirm.waitFor();
    await shot(page, 'support-reset-confirm');
    await confirm.getByRole('button', { name: '2段階認証をリセット' }).click();
    await page.getByRole('status').filter({ hasText: '2段階認証をリセットしました' }).waitFor();
    expect(await ichiro.textContent()).toContain('未設定');
    await shot(page, 'support-console-reset');
    const forced = await api().post('/api/auth/login', { companyCode: COMPANY.code, loginId: 'ichiro', password: demoPassword() });
    expect(forced.body.result).toBe('signed-in');
    expect((await api(forced.body.idToken).get('/api/me')).body.mfa.setupRequired).toBe(true);

    // The next sign-in of the operator asks for the code.
    await signOut(page, /\/support\/login$/);
    await page.getByLabel('ログインID').fill(OPERATOR);
    await page.getByLabel('パスワード', { exact: true }).fill(demoPassword());
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByLabel('6桁のコード').fill(await operator.next());
    await page.getByRole('button', { name: '認証してログイン' }).click();
    await page.waitForURL(/\/support$/);
    expectNoPageErrors(t);
    await t.context.close();
  });
});
