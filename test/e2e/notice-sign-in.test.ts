import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn as apiSignIn } from '../support/api.js';
import { baseUrl, expectNoPageErrors, launchBrowser, listSettled, openPage, shot, signInAsAdmin } from './browser.js';

// An employee who holds only the printed password notice: the admin issues it in the browser,
// the test reads the downloaded PDF as a person would (pdftotext), and a fresh browser — no
// company remembered from an earlier sign-in — follows the notice's URL.

const run = Date.now().toString(36).slice(-4).toUpperCase();
const CODE = `NTC${run}`;
const LOGIN_ID = `notice.${run.toLowerCase()}`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const token = await apiSignIn('demo', 'admin');
  const res = await api(token).post('/api/admin/employees', {
    employeeCode: CODE, familyName: '紙', givenName: '通知', familyNameKana: 'カミ', givenNameKana: 'ツウチ', office: '本社', department: '総務部',
    birthDate: '', email1: '', email2: '', email3: '', loginId: LOGIN_ID, role: 'employee', enabled: true,
  });
  expect(res.status, res.text).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

/** What is printed after a label on the notice (pdftotext -layout keeps label and value on one line). */
function printed(text: string, label: string): string {
  const value = new RegExp(`${label}\\s+(\\S+)`).exec(text)?.[1];
  expect(value, `${label} on the notice`).toBeTruthy();
  return value!;
}

describe('an employee with only the PDF notice', () => {
  it('opens its URL, finds the company filled in with its name, and signs in with the printed login ID and password', async () => {
    // The admin issues the notice from the list and saves the PDF.
    const admin = await openPage(browser);
    await signInAsAdmin(admin.page);
    await admin.page.goto(`/admin/employees?q=${CODE}`);
    await listSettled(admin.page);
    await admin.page.locator('table tbody tr', { hasText: CODE }).locator('td[data-col="password"]').getByRole('button', { name: '未発行' }).click();
    await admin.page.waitForURL(/\/admin\/issuance\?/);
    const saved = admin.page.waitForEvent('download');
    await admin.page.getByRole('button', { name: 'ダウンロード (1)' }).click();
    const download = await saved;
    expect(download.suggestedFilename()).toMatch(/^password-notices-\d{8}\.pdf$/);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', (await download.path())!, '-'], { encoding: 'utf8' });
    await admin.context.close();

    const company = printed(text, '会社コード');
    const loginId = printed(text, 'ログインID');
    const password = printed(text, '仮パスワード');
    const url = /https?:\/\/\S+\/login\?company=\S+/.exec(text)?.[0];
    expect(company).toBe('demo');
    expect(loginId).toBe(LOGIN_ID);
    expect(url).toBe(`${baseUrl()}/login?company=demo`);

    // The employee's own browser: nothing remembered, only the URL from the paper.
    const employee = await openPage(browser);
    const { page } = employee;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(url!);
    await expect.poll(() => page.getByLabel('会社コード').inputValue()).toBe('demo');
    await expect.poll(() => page.getByTestId('signin-company').textContent()).toBe('会社名株式会社デモ');
    await page.getByLabel('ログインID').fill(loginId);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await shot(page, 'notice-sign-in-prefilled', { fullPage: false });
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();

    // The printed password is temporary: a new one first, then home.
    await page.getByRole('heading', { name: '新しいパスワードの設定' }).waitFor();
    await page.getByLabel('新しいパスワード', { exact: true }).fill('kami-no-tsuuchi-2026');
    await page.getByLabel('新しいパスワード（確認）').fill('kami-no-tsuuchi-2026');
    await page.getByRole('button', { name: '設定してログイン' }).click();
    await page.waitForURL(/\/home$/);
    await expect.poll(() => page.getByTestId('employee-name').textContent()).toBe('紙 通知 さん');
    expect(await page.getByTestId('company-name').textContent()).toBe('株式会社デモ');
    expectNoPageErrors(employee);
    await employee.context.close();
  });

  it('shows no company name for a code that is not one, and the name once a real code is typed', async () => {
    const t = await openPage(browser);
    const { page } = t;
    const lookup = page.waitForResponse((r) => r.url().includes('/api/companies/no-such-company'));
    await page.goto('/login?company=no-such-company');
    expect(await page.getByLabel('会社コード').inputValue()).toBe('no-such-company');
    // The lookup has answered (404): still no name.
    expect((await lookup).status()).toBe(404);
    expect((await page.getByTestId('signin-company').textContent()) ?? '').toBe('');
    await page.getByLabel('会社コード').fill('other');
    await expect.poll(() => page.getByTestId('signin-company').textContent()).toBe('会社名株式会社アザー');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
