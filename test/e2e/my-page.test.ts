import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { setTemporaryPassword } from '../support/fixtures.js';
import { expectNoPageErrors, launchBrowser, openPage, shot, signIn } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const previousSignIn = (page: Page) => page.getByTestId('previous-sign-in');

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.waitForURL(/\/login$/);
}

/** 2026年11月21日 18:05 in Japan time, as the home shows it. */
function japanTime(date: Date): string {
  const jst = new Date(date.getTime() + 9 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${jst.getUTCFullYear()}年${jst.getUTCMonth() + 1}月${jst.getUTCDate()}日 ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
}

describe('前回ログイン日時 and マイページ', () => {
  it('shows the previous sign-in, and changes the own login ID, password and mail addresses', async () => {
    const temporary = 'Tmp-Ishikawa-8Kp2';
    const chosen = 'aoi-sora-no-shita-2026';
    const changed = 'fuyu-no-hoshizora-2027';
    await setTemporaryPassword({ loginId: 'ishikawa.koji', password: temporary });
    const t = await openPage(browser);
    const { page } = t;

    // First sign-in (with the new-password step): nothing before it.
    await page.goto('/login');
    await page.getByLabel('会社コード').fill('demo');
    await page.getByLabel('ログインID').fill('ishikawa.koji');
    await page.getByLabel('パスワード', { exact: true }).fill(temporary);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.getByRole('heading', { name: '新しいパスワードの設定' }).waitFor();
    await page.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
    await page.getByLabel('新しいパスワード（確認）').fill(chosen);
    const firstAt = new Date();
    await page.getByRole('button', { name: '設定してログイン' }).click();
    await page.waitForURL(/\/home$/);
    await expect.poll(() => previousSignIn(page).textContent()).toBe('初めてのログインです');
    await page.getByText('前回ログイン日時', { exact: true }).waitFor();
    await shot(page, 'mypage-home-first');

    // Second sign-in: the first one, in Japan time.
    await signOut(page);
    await signIn(page, { path: '/login', loginId: 'ishikawa.koji', password: chosen, landing: /\/home$/ });
    await expect.poll(() => previousSignIn(page).textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    const shown = await previousSignIn(page).textContent();
    // The minute the first sign-in happened (or the next, if the clock ticked over meanwhile).
    expect([japanTime(firstAt), japanTime(new Date(firstAt.getTime() + 60_000))]).toContain(shown);
    await shot(page, 'mypage-home-second');

    // マイページ: who and where, with the actions at hand.
    await page.getByRole('link', { name: 'マイページ' }).click();
    await page.waitForURL(/\/mypage$/);
    await expect.poll(() => page.getByTestId('mypage-login-id').textContent()).toBe('ishikawa.koji');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('マイページ');
    expect(await page.getByTestId('mypage-company').textContent()).toBe('株式会社デモ');
    expect(await page.getByTestId('mypage-name').textContent()).toBe('石川 浩二');
    expect(await page.title()).toBe('マイページ | kagi');
    expect(await page.getByLabel('メールアドレス1').inputValue()).not.toBe('');
    await shot(page, 'mypage');

    // ログインIDを変更: a taken one and a malformed one are refused by the field.
    await page.getByRole('button', { name: 'ログインIDを変更' }).click();
    const newLoginId = page.getByLabel('新しいログインID');
    await newLoginId.fill('admin');
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.locator('#mypage-loginId-error').textContent()).toBe('このログインIDは既に使われています。');
    expect(await newLoginId.getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'mypage-login-id-taken');
    await newLoginId.fill('has space');
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.locator('#mypage-loginId-error').count()).toBe(1);
    expect(await page.getByTestId('mypage-login-id').textContent()).toBe('ishikawa.koji');
    await newLoginId.fill('koji.ishikawa');
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.getByTestId('mypage-login-id').textContent()).toBe('koji.ishikawa');
    expect(await page.getByRole('status').filter({ hasText: 'ログインID' }).textContent()).toContain('次回のログインからは新しいログインIDを使ってください');
    await shot(page, 'mypage-login-id-changed');

    // The next sign-in uses the new login ID; the old one no longer works.
    await signOut(page);
    const old = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'ishikawa.koji', password: chosen });
    expect(old.status).toBe(401);
    await signIn(page, { path: '/login', loginId: 'koji.ishikawa', password: chosen, landing: /\/home$/ });
    await page.getByRole('link', { name: 'マイページ' }).click();
    await expect.poll(() => page.getByTestId('mypage-login-id').textContent()).toBe('koji.ishikawa');

    // パスワードを変更: a wrong current password is said by that field, and nobody is signed out.
    await page.getByRole('button', { name: 'パスワードを変更' }).click();
    await page.getByText('10文字以上、ログインIDや推測されやすいパスワードは使えません').waitFor();
    await page.getByLabel('現在のパスワード').fill('not-my-password');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(changed);
    await page.getByLabel('新しいパスワード（確認）').fill(changed);
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.locator('#mypage-currentPassword-error').textContent()).toBe('現在のパスワードが正しくありません。');
    expect(await page.getByLabel('現在のパスワード').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/mypage$/);
    await shot(page, 'mypage-password-wrong');

    // Too short: the policy, under the new password.
    await page.getByLabel('現在のパスワード').fill(chosen);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('short-pw');
    await page.getByLabel('新しいパスワード（確認）').fill('short-pw');
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.locator('#mypage-newPassword-error').textContent()).toContain('10文字以上');
    expect(await page.locator('#mypage-currentPassword-error').count()).toBe(0);

    await page.getByLabel('新しいパスワード', { exact: true }).fill(changed);
    await page.getByLabel('新しいパスワード（確認）').fill(changed);
    await page.getByRole('button', { name: '変更する' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'パスワードを変更しました' }).count()).toBe(1);
    expect(await page.getByLabel('現在のパスワード').count()).toBe(0);
    await shot(page, 'mypage-password-changed');

    // メールアドレス: one already used by 0001 asks first, naming no one, then saves.
    await page.getByLabel('メールアドレス2').fill('sato.kenta@demo.example.jp');
    await page.getByRole('button', { name: '保存する' }).click();
    const dialog = page.getByRole('dialog', { name: 'メールアドレスの重複' });
    await dialog.waitFor();
    const warning = (await dialog.textContent()) ?? '';
    expect(warning).toContain('このメールアドレスは既に他の方が使用しています。');
    expect(warning).not.toContain('0001');
    expect(warning).not.toContain('佐藤');
    await shot(page, 'mypage-duplicate');
    await dialog.getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'メールアドレスを保存しました' }).count()).toBe(1);
    await shot(page, 'mypage-emails-saved');
    await page.reload();
    await expect.poll(() => page.getByLabel('メールアドレス2').inputValue()).toBe('sato.kenta@demo.example.jp');

    // The new password is the one that works now.
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'koji.ishikawa', password: chosen })).status).toBe(401);
    await signOut(page);
    await signIn(page, { path: '/login', loginId: 'koji.ishikawa', password: changed, landing: /\/home$/ });
    await expect.poll(() => previousSignIn(page).textContent()).toMatch(/^\d{4}年/);
    expectNoPageErrors(t);
    await t.context.close();
  });
});
