import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/api.js';
import { setTemporaryPassword } from '../support/fixtures.js';
import { demoPassword, expectNoPageErrors, launchBrowser, openPage, shot, signIn, signInAsAdmin } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('employee sign-in with a temporary password', () => {
  it('asks for a new password, refuses a weak one, then lands on the employee home', async () => {
    const temporary = 'Tmp-Yamazaki-7Q4x';
    const chosen = 'shizuka-na-mori-2026';
    await setTemporaryPassword({ loginId: 'yamazaki.makoto', password: temporary });
    const t = await openPage(browser);
    const { page } = t;

    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('社員ログイン');
    await shot(page, 'employee-login');

    await page.getByLabel('会社コード').fill('demo');
    await page.getByLabel('ログインID').fill('yamazaki.makoto');
    await page.getByLabel('パスワード', { exact: true }).fill(temporary);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();

    await page.getByRole('heading', { name: '新しいパスワードの設定' }).waitFor();
    await page.getByText('10文字以上、ログインIDや推測されやすいパスワードは使えません').waitFor();

    // The two entries must match: said under the confirmation field, nothing sent.
    await page.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
    await page.getByLabel('新しいパスワード（確認）').fill(`${chosen}x`);
    await page.getByRole('button', { name: '設定してログイン' }).click();
    await expect.poll(() => page.locator('#confirmPassword-error').textContent()).toBe('確認用のパスワードが一致しません。');

    // Too short: the API's policy message appears under the new password.
    await page.getByLabel('新しいパスワード', { exact: true }).fill('short-pw');
    await page.getByLabel('新しいパスワード（確認）').fill('short-pw');
    await page.getByRole('button', { name: '設定してログイン' }).click();
    await expect.poll(() => page.locator('#newPassword-error').textContent()).toContain('10文字以上');
    expect(await page.getByLabel('新しいパスワード', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot(page, 'employee-new-password-error');

    await page.getByLabel('新しいパスワード', { exact: true }).fill(chosen);
    await page.getByLabel('新しいパスワード（確認）').fill(chosen);
    await page.getByRole('button', { name: '設定してログイン' }).click();
    await page.waitForURL(/\/home$/);
    await expect.poll(() => page.getByTestId('employee-name').textContent()).toBe('山﨑 誠 さん');
    expect(await page.getByTestId('company-name').textContent()).toBe('株式会社デモ');
    await shot(page, 'employee-home');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/login$/);
    // Signed out for real: the home page sends us back to sign in.
    await page.goto('/home');
    await page.waitForURL(/\/login$/);

    // The new password works directly; the temporary one no longer does.
    const again = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'yamazaki.makoto', password: temporary });
    expect(again.status).toBe(401);
    await signIn(page, { path: '/login', loginId: 'yamazaki.makoto', password: chosen, landing: /\/home$/ });
    await expect.poll(() => page.getByTestId('employee-name').textContent()).toBe('山﨑 誠 さん');

    // An employee who uses the admin sign-in still lands on the employee home.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/login$/);
    await signIn(page, { path: '/admin/login', loginId: 'yamazaki.makoto', password: chosen, landing: /\/home$/ });
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('admin sign-in', () => {
  it('shows the API message for a wrong password, then signs in to 社員一覧', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto('/admin/employees');
    // Not signed in: sent to the admin sign-in.
    await page.waitForURL(/\/admin\/login$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('管理者ログイン');

    // Empty fields are caught next to each field before anything is sent.
    await page.getByLabel('会社コード').fill('');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => page.locator('#companyCode-error').textContent()).toBe('会社コードを入力してください。');
    expect(await page.locator('#password-error').textContent()).toBe('パスワードを入力してください。');
    await shot(page, 'admin-login-empty');

    await page.getByLabel('会社コード').fill('demo');
    await page.getByLabel('ログインID').fill('admin');
    await page.getByLabel('パスワード', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('会社コード、ログインID、またはパスワードが正しくありません。');
    // The password is cleared after a failure.
    expect(await page.getByLabel('パスワード', { exact: true }).inputValue()).toBe('');
    await shot(page, 'admin-login-401');

    await page.getByLabel('パスワード', { exact: true }).fill(demoPassword());
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await page.waitForURL(/\/admin\/employees$/);
    expect(await page.getByTestId('company-name').textContent()).toBe('株式会社デモ');
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain('小川 恵子');

    // ログアウト revokes the refresh token and returns to the admin sign-in.
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/admin\/login$/);
    await page.goto('/admin/employees');
    await page.waitForURL(/\/admin\/login$/);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('shows the lock message from the API once an account is locked', async () => {
    const t = await openPage(browser);
    const { page } = t;
    // Nine failures over the API; the tenth, through the page, locks the account.
    for (let i = 0; i < 9; i++) {
      const res = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'kato.mayumi', password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    await page.goto('/login');
    await page.getByLabel('会社コード').fill('demo');
    await page.getByLabel('ログインID').fill('kato.mayumi');
    await page.getByLabel('パスワード', { exact: true }).fill('wrong-again');
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('ロックしています');
    await shot(page, 'employee-login-locked');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('switches to English, keeps the choice, and gets API messages in English', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto('/admin/login');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin sign-in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByLabel('Company code').fill('demo');
    await page.getByLabel('Login ID').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('still-not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // Accept-Language: en reaches the API, which answers in English.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The company code, login ID or password is incorrect.');
    await shot(page, 'admin-login-en');

    // Stored in localStorage: a reload stays in English.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin sign-in');
    await page.getByLabel('Company code').fill('demo');
    await page.getByLabel('Login ID').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(demoPassword());
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/employees$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Employees');
    await page.locator('table tbody tr').first().waitFor();
    await shot(page, 'admin-employees-en');
    await page.getByRole('button', { name: '日本語' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('社員一覧');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('refreshes an expired ID token once and carries on', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await page.locator('table tbody tr').first().waitFor();
    // Spoil the ID token: the next call answers 401, the page refreshes with the refresh token.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('kagi.session')!);
      session.idToken = 'expired.token.value';
      sessionStorage.setItem('kagi.session', JSON.stringify(session));
    });
    await page.reload();
    await page.locator('table tbody tr').first().waitFor();
    expect(page.url()).toMatch(/\/admin\/employees$/);
    const idToken = await page.evaluate(() => JSON.parse(sessionStorage.getItem('kagi.session')!).idToken as string);
    expect(idToken).not.toBe('expired.token.value');

    // Without a usable refresh token the page goes back to the sign-in, saying why.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('kagi.session')!);
      session.idToken = 'expired.token.value';
      session.refreshToken = 'revoked.refresh.token';
      sessionStorage.setItem('kagi.session', JSON.stringify(session));
    });
    await page.reload();
    await page.waitForURL(/\/admin\/login$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('ログインの有効期限が切れました。もう一度ログインしてください。');
    await shot(page, 'admin-login-session-expired');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
