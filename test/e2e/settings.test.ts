import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn as apiSignIn } from '../support/api.js';
import { expectNoPageErrors, launchBrowser, listSettled, openPage, shot, signInAsAdmin, signInAsViewer } from './browser.js';

const DEFAULTS = { notificationMethod: 'pdf', verificationValidityDays: 7, temporaryPasswordValidityDays: 14 };

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

// Every test and test file shares one backend: put the demo company's settings back even after a failure.
afterEach(async () => {
  const token = await apiSignIn('demo', 'admin');
  const res = await api(token).call('PATCH', '/api/admin/settings', DEFAULTS);
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
});

const verification = (page: Page) => page.getByLabel('認証要求メールの有効期限');
const temporaryPassword = (page: Page) => page.getByLabel('仮パスワードの有効期限');
const radio = (page: Page, name: string) => page.getByRole('radio', { name, exact: true });

/** Waits for the form to load and reads it back: method and both day counts. */
async function shown(page: Page) {
  await verification(page).waitFor();
  return {
    pdf: await radio(page, 'PDF で通知').isChecked(),
    mail: await radio(page, 'メールで通知').isChecked(),
    verification: await verification(page).inputValue(),
    temporaryPassword: await temporaryPassword(page).inputValue(),
  };
}

describe('基本設定 › アカウント', () => {
  it('shows the defaults, saves a change that survives a reload, and puts a range error by its field', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await listSettled(page);

    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '基本設定' }).click();
    await page.waitForURL(/\/admin\/settings$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('基本設定');
    // The tabs show at once, the form once the settings are in.
    await page.getByRole('form', { name: 'アカウント' }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['アカウント', 'ログイン設定', '言語', 'ログ', 'セキュリティ設定']);
    expect(await shown(page)).toEqual({ pdf: true, mail: false, verification: '7', temporaryPassword: '14' });
    expect(await page.title()).toBe('基本設定 | kagi');
    // Each method says what it does, and the 14 days say why.
    await page.getByText('管理者がログイン情報のお知らせ（PDF）を印刷して').waitFor();
    await page.getByText('社員に認証要求メールを送ります').waitFor();
    await page.getByText('送信日時から数えます').waitFor();
    expect(await page.locator('#settings-temporaryPasswordValidityDays-hint').textContent()).toMatch(/休暇や連休.*再発行してください/);
    await shot(page, 'settings-defaults');

    await page.getByText('メールで通知', { exact: true }).click();
    await verification(page).fill('3');
    await page.getByRole('form', { name: 'アカウント' }).getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '保存しました' }).textContent()).toBe('保存しました。');
    await shot(page, 'settings-saved');

    await page.reload();
    expect(await shown(page)).toEqual({ pdf: false, mail: true, verification: '3', temporaryPassword: '14' });
    expect(await page.getByRole('status').count()).toBe(0);

    // min/max on a number input do not stop typing (the form is noValidate): the API refuses 99,
    // and its 400 lands under the field it names, the others untouched.
    await temporaryPassword(page).fill('99');
    await page.getByRole('form', { name: 'アカウント' }).getByRole('button', { name: '保存する' }).click();
    const error = page.locator('#settings-temporaryPasswordValidityDays-error');
    await expect.poll(() => error.textContent()).toBe('1〜90 の整数で入力してください。');
    expect(await temporaryPassword(page).getAttribute('aria-invalid')).toBe('true');
    expect(await temporaryPassword(page).getAttribute('aria-describedby')).toContain('settings-temporaryPasswordValidityDays-error');
    expect(await page.locator('#settings-verificationValidityDays-error').count()).toBe(0);
    expect(await page.getByRole('alert').textContent()).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    await shot(page, 'settings-error');

    // Nothing of the refused change was kept.
    await page.reload();
    expect(await shown(page)).toEqual({ pdf: false, mail: true, verification: '3', temporaryPassword: '14' });

    // Back to the defaults through the form itself.
    await radio(page, 'PDF で通知').check();
    await verification(page).fill('7');
    await page.getByRole('form', { name: 'アカウント' }).getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '保存しました' }).count()).toBe(1);
    await page.reload();
    expect(await shown(page)).toEqual({ pdf: true, mail: false, verification: '7', temporaryPassword: '14' });
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reads in English', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await listSettled(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/admin\/settings$/);
    await page.getByLabel('Verification email valid for').waitFor();
    expect(await page.getByRole('radio', { name: 'Notify by PDF' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Temporary password valid for').inputValue()).toBe('14');
    await shot(page, 'settings-en');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('is not offered to a viewer, and refuses one who types the address', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsViewer(page);
    await listSettled(page);
    const nav = page.getByRole('navigation');
    expect(await nav.getByRole('link', { name: '社員一覧' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: '基本設定' }).count()).toBe(0);

    await page.goto('/admin/settings');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('この画面を利用する権限がありません。');
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('button', { name: '保存する' }).count()).toBe(0);
    await shot(page, 'settings-viewer');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
