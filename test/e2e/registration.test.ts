import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../functions/core/employees/csv/parse.js';
import { api, signIn as apiSignIn } from '../support/api.js';
import { seedRegistrationCompany } from '../support/fixtures.js';
import { expectNoPageErrors, launchBrowser, listColumn, listSettled, openPage, PHONE, shot, signIn, type TestPage } from './browser.js';
import { mailsTo, waitForMail } from './mail-store.js';

// DESIGN.md §5b in the browser: the admin picks the targets with 詳細検索, issues registration
// passwords, gets the CSV through the mailed link; one employee registers from the company URL on
// a phone, sets a password from the mailed link and signs in. A company of its own (the demo
// company's 30 employees), so the other files' screens and counts stay as they are.

const COMPANY = 'reg9w';
const ADMIN_ADDRESS = `k.ogawa@${COMPANY}.example.jp`;
const CSV_SUBJECT = '【kagi】CSVファイルのダウンロードリンクのお知らせ';
const CONFIRM_SUBJECT = '【kagi】メールアドレスの確認';
const PRIVATE_ADDRESS = `private-${Date.now().toString(36)}@example.net`;
const NEW_PASSWORD = 'Sakura-no-Hana-2026';

let browser: Browser;
let token: string;
/** The employee the PDF notice reaches between ticking and issuing: refused with its reason. */
let issuedMeanwhile: any;
/** How many the admin ticked on the list. */
let ticked: number;
/** The employee who registered from the company URL on a phone; later changes the address on マイページ. */
let registered: { loginId: string; employeeCode: string; id: string } | undefined;
/** code → registration password, from the CSV the mailed link downloaded. */
const passwords = new Map<string, string>();

/** Polls what the page shows (a background job or a fetch may still be on its way). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

const targetsUrl = '/admin/employees?privateEmail=no&accountIssued=no&limit=50';
const row = (page: Page, code: string) => page.locator('table tbody tr', { has: page.locator('td[data-col="code"]', { hasText: code }) });

async function waitForJob(jobId: string) {
  await expect.poll(async () => (await api(token).get(`/api/admin/jobs/${jobId}`)).body.state, { timeout: 60_000 }).toMatch(/done|failed/);
}

beforeAll(async () => {
  browser = await launchBrowser();
  await seedRegistrationCompany(COMPANY, '株式会社ブラウザ登録');
  token = await apiSignIn(COMPANY, 'admin');
});

afterAll(async () => {
  await browser?.close();
});

describe('registration passwords, admin side', () => {
  let t: TestPage;
  beforeAll(async () => {
    t = await openPage(browser);
  });
  afterAll(async () => {
    await t.context.close();
  });

  it('finds the targets with 詳細検索 (私用メールアドレス:無 + アカウント発行:無) and shows both facts and the password status', async () => {
    const { page } = t;
    await signIn(page, { companyCode: COMPANY, loginId: 'admin', landing: /\/admin\/employees$/ });
    await page.getByText('詳細検索', { exact: true }).click();
    await page.getByLabel('私用メールアドレス', { exact: true }).selectOption('no');
    await page.waitForURL(/privateEmail=no/);
    await page.getByLabel('アカウント発行', { exact: true }).selectOption('no');
    await page.waitForURL(/accountIssued=no/);
    await page.getByLabel('表示件数').selectOption('50');
    await page.waitForURL(/limit=50/);
    await listSettled(page);
    // The admin and the viewer sign in already: 30 of the 32 are targets.
    await expect.poll(async () => (await listColumn(page, 'code')).length).toBe(30);
    expect(new Set(await listColumn(page, 'privateEmail'))).toEqual(new Set(['無']));
    expect(new Set(await listColumn(page, 'account'))).toEqual(new Set(['無']));
    expect(new Set(await listColumn(page, 'registration'))).toEqual(new Set(['未発行']));
    await expect.poll(() => page.getByTestId('self-registration-counts').textContent()).toContain('アカウント発行 有 2 人・無 30 人');
    await shot(page, 'registration-01-list-filtered');
    expectNoPageErrors(t);
  });

  it('issues them from the list: confirmation with the company-address warning, progress, a refused row with its reason, the mailed CSV link', async () => {
    const { page } = t;
    await page.getByLabel('このページの社員をすべて選択').check();
    // Everyone but the signed-in admin's own row, which is never ticked.
    await poll(() => page.getByTestId('registration-codes').textContent()).toMatch(/^私用メールアドレス登録用パスワードを発行 \((29|30)\)$/);
    ticked = Number(/\((\d+)\)/.exec((await page.getByTestId('registration-codes').textContent())!)![1]);

    // Between ticking and issuing, someone hands one of them a PDF notice: the job refuses them.
    const listed = (await api(token).get('/api/admin/employees?privateEmail=no&accountIssued=no&limit=50')).body.items as any[];
    issuedMeanwhile = listed.find((e) => e.employeeCode === '0005');
    const pdf = await api(token).post('/api/admin/issuance/pdf', { employeeIds: [issuedMeanwhile.id] });
    expect(pdf.status, pdf.text).toBe(202);
    await waitForJob(pdf.body.jobId);

    await page.getByTestId('registration-codes').click();
    await page.waitForURL(/\/admin\/registration-codes\?ids=/);
    await page.getByRole('heading', { name: '発行する社員の確認' }).waitFor();
    await poll(() => page.getByTestId('registration-targets').locator('tbody tr').count()).toBe(ticked);
    // Those with a company address are better served by mail verification (the help page's warning).
    await poll(() => page.getByTestId('company-address-warning').textContent()).toContain('会社のメールアドレスが登録されている社員が');
    await shot(page, 'registration-02-confirm');

    await page.getByRole('button', { name: `発行する（${ticked} 人）` }).click();
    await page.getByRole('heading', { name: '発行結果' }).waitFor({ timeout: 60_000 });
    await poll(() => page.getByTestId('issuance-totals').textContent()).toContain(`発行${ticked - 1} 件`);
    const refused = page.getByTestId('issuance-results').locator('tbody tr');
    await poll(() => refused.count()).toBe(1);
    await poll(() => refused.textContent()).toContain('0005');
    await poll(() => refused.textContent()).toContain('アカウント発行済み');
    await page.getByText('CSV ファイルのダウンロードリンクを、あなたのメールアドレスにお送りしました').waitFor();
    await shot(page, 'registration-03-result');

    await page.goto(targetsUrl.replace('accountIssued=no', 'accountIssued=no&registrationStatus=issued'));
    await listSettled(page);
    await expect.poll(async () => (await listColumn(page, 'code')).length).toBe(ticked - 1);
    await poll(() => row(page, '0001').locator('[data-testid="registration-expiry"]').textContent()).toContain('まで');
    expectNoPageErrors(t);
  });

  it('downloads the CSV through the mailed link, after signing in again, with every password intact', async () => {
    const mail = await waitForMail(ADMIN_ADDRESS, CSV_SUBJECT);
    const link = /https?:\/\/\S+\/admin\/registration-codes\/download\/[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
    expect(link).toBeTruthy();

    // A browser with no session: sign in first, then back to the link's page.
    const fresh = await openPage(browser);
    try {
      const { page } = fresh;
      await page.goto(new URL(link!).pathname);
      await page.waitForURL(/\/admin\/login\?next=/);
      await signIn(page, { path: page.url().replace(/^https?:\/\/[^/]+/, ''), companyCode: COMPANY, loginId: 'admin', landing: /\/admin\/registration-codes\/download\// });
      await page.getByRole('heading', { name: 'CSV ファイルのダウンロード' }).waitFor();
      await shot(page, 'registration-04-csv-link');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-link-download').click()]);
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString('utf8').slice(1)).map((r) => r.cells);
      expect(rows[0]).toEqual(['社員コード', '姓名', 'セイメイ', '私用メールアドレス登録用パスワード', '有効期限', '所属事業所', '所属部署']);
      expect(rows).toHaveLength(ticked);
      for (const [code, , , password] of rows.slice(1)) {
        // A leading tab keeps Excel from reading 012345 as the number 12345; it shows as nothing.
        expect(password).toMatch(/^\t?\d{6}$/);
        passwords.set(code!.trim(), password!.trim());
      }
      expect(passwords.has('0005')).toBe(false);
      expectNoPageErrors(fresh);
    } finally {
      await fresh.context.close();
    }
  });
});

describe('registration, employee side (a phone)', () => {
  let t: TestPage;
  let employee: any;
  beforeAll(async () => {
    t = await openPage(browser, PHONE);
    const all = (await api(token).get('/api/admin/employees?registrationStatus=issued&limit=50')).body.items as any[];
    // One without a company address: the person the help page has in mind.
    employee = all.find((e) => e.email1 === '' && e.birthDate);
    expect(employee).toBeTruthy();
    registered = employee;
  });
  afterAll(async () => {
    await t.context.close();
  });

  it('registers a private address from the company URL; a wrong field gets the one answer', async () => {
    const { page } = t;
    const url = (await api(token).get('/api/admin/company/registration-url')).body.url as string;
    await page.goto(new URL(url).pathname);
    await page.getByRole('heading', { name: '私用メールアドレスの登録' }).waitFor();
    await shot(page, 'registration-05-form-phone');

    const fill = async (birthDate: string) => {
      await page.getByLabel('社員コード').fill(employee.employeeCode);
      await page.getByLabel('生年月日').fill(birthDate);
      await page.getByLabel('私用メールアドレス登録用パスワード').fill(passwords.get(employee.employeeCode)!);
      await page.getByLabel('メールアドレス', { exact: true }).fill(PRIVATE_ADDRESS);
      await page.getByLabel('メールアドレス（確認）').fill(PRIVATE_ADDRESS);
      await page.getByRole('button', { name: '登録する' }).click();
    };
    await fill('19000101');
    await poll(() => page.getByTestId('register-error').textContent()).toContain('入力内容に誤りがあるか');
    await shot(page, 'registration-06-form-wrong-phone');

    await fill(employee.birthDate.replaceAll('-', ''));
    await poll(() => page.getByTestId('register-sent').textContent()).toContain('【kagi】メールアドレスの確認');
    await shot(page, 'registration-07-sent-phone');
    expectNoPageErrors(t);
  });

  it('sets the first password from the mailed link with the registration password as 元のパスワード, then signs in', async () => {
    const { page } = t;
    const mail = await waitForMail(PRIVATE_ADDRESS, CONFIRM_SUBJECT);
    const link = /https?:\/\/\S+\/register\/link\/[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
    expect(link).toBeTruthy();
    await page.goto(new URL(link!).pathname);
    await page.getByRole('heading', { name: 'パスワードの設定' }).waitFor();
    await poll(() => page.getByTestId('register-login-id').textContent()).toBe(employee.loginId);
    await shot(page, 'registration-08-set-password-phone');

    await page.getByLabel('元のパスワード').fill(passwords.get(employee.employeeCode)!);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '変更する' }).click();
    await page.getByTestId('register-done').waitFor();
    await poll(() => page.getByTestId('register-done-login-id').textContent()).toBe(employee.loginId);
    await shot(page, 'registration-09-done-phone');

    // The link is used up: opening it again says so.
    await page.goto(new URL(link!).pathname);
    await page.getByTestId('register-link-invalid').waitFor();

    await signIn(page, { path: `/login?company=${COMPANY}`, companyCode: COMPANY, loginId: employee.loginId, password: NEW_PASSWORD, landing: /\/home$/ });
    await shot(page, 'registration-10-home-phone');
    expectNoPageErrors(t);
  });

  it('shows the admin 私用メールアドレス 有 and アカウント発行 有, and never the address', async () => {
    const admin = await openPage(browser);
    try {
      const { page } = admin;
      await signIn(page, { companyCode: COMPANY, loginId: 'admin', landing: /\/admin\/employees$/ });
      await page.goto(`/admin/employees?q=${employee.employeeCode}`);
      await listSettled(page);
      await poll(() => row(page, employee.employeeCode).locator('td[data-col="privateEmail"]').textContent()).toBe('有');
      await poll(() => row(page, employee.employeeCode).locator('td[data-col="account"]').textContent()).toBe('有');
      await poll(() => row(page, employee.employeeCode).locator('td[data-col="registration"]').textContent()).toBe('使用済');
      await shot(page, 'registration-11-list-registered');
      for (const path of ['/admin/employees?limit=50', `/admin/employees/${employee.id}`, '/admin/jobs']) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        expect(await page.content(), path).not.toContain(PRIVATE_ADDRESS);
      }
      expect((await mailsTo(ADMIN_ADDRESS, CONFIRM_SUBJECT)).length).toBe(0);
      expectNoPageErrors(admin);
    } finally {
      await admin.context.close();
    }
  });
});

describe('マイページ: the employee changes the private address, confirmed from the mail on a phone', () => {
  const CHANGED_SUBJECT = '【kagi】私用メールアドレス変更のお知らせ';
  const NEW_ADDRESS = `changed-${Date.now().toString(36)}@example.net`;

  it('shows the address, mails the new one a link, and the link (after signing in on the phone) changes it; the old address is told', async () => {
    expect(registered, 'the employee of the registration flow').toBeTruthy();
    const desk = await openPage(browser);
    const phone = await openPage(browser, PHONE);
    try {
      const { page } = desk;
      await signIn(page, { path: `/login?company=${COMPANY}`, companyCode: COMPANY, loginId: registered!.loginId, password: NEW_PASSWORD, landing: /\/home$/ });
      await page.getByRole('link', { name: 'マイページ' }).click();
      await page.waitForURL(/\/mypage$/);
      await poll(() => page.getByTestId('private-email-current').textContent()).toBe(PRIVATE_ADDRESS);
      await shot(page, 'private-email-01-mypage');

      await page.getByRole('button', { name: '私用メールアドレスを変更' }).click();
      // A malformed address: the API's answer stands under the field.
      await page.getByLabel('新しい私用メールアドレス', { exact: true }).fill('not-an-address');
      await page.getByLabel('新しい私用メールアドレス（確認）').fill('not-an-address');
      await page.getByRole('button', { name: '確認メールを送信' }).click();
      await poll(() => page.getByText('メールアドレスの形式が正しくありません。').count()).toBe(1);
      await page.getByLabel('新しい私用メールアドレス', { exact: true }).fill(NEW_ADDRESS);
      await page.getByLabel('新しい私用メールアドレス（確認）').fill(`x${NEW_ADDRESS}`);
      await page.getByRole('button', { name: '確認メールを送信' }).click();
      await poll(() => page.getByText('確認用のメールアドレスが一致しません。').count()).toBe(1);
      await page.getByLabel('新しい私用メールアドレス（確認）').fill(NEW_ADDRESS);
      await shot(page, 'private-email-02-form');
      await page.getByRole('button', { name: '確認メールを送信' }).click();
      await poll(() => page.getByTestId('private-email-sent').textContent()).toContain(NEW_ADDRESS);
      // Nothing changes before the link is confirmed.
      expect(await page.getByTestId('private-email-current').textContent()).toBe(PRIVATE_ADDRESS);
      await shot(page, 'private-email-03-sent');

      const mail = await waitForMail(NEW_ADDRESS, CONFIRM_SUBJECT);
      const link = /https?:\/\/\S+\/mypage\/private-email\/[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
      expect(link, 'a /mypage/private-email/<token> link').toBeTruthy();
      expect(mail.body.html ?? '').toContain(link!);

      // The phone is not signed in: the link asks for it, then comes back to the same page.
      const p = phone.page;
      await p.goto(new URL(link!).pathname);
      await p.waitForURL(/\/login\?next=/);
      await p.getByLabel('会社コード').fill(COMPANY);
      await p.getByLabel('ログインID').fill(registered!.loginId);
      await p.getByLabel('パスワード', { exact: true }).fill(NEW_PASSWORD);
      await p.getByRole('button', { name: 'ログイン', exact: true }).click();
      await p.waitForURL(/\/mypage\/private-email\//);
      await poll(() => p.getByTestId('private-email-new').textContent()).toBe(NEW_ADDRESS);
      await shot(p, 'private-email-04-confirm-phone');
      await p.getByRole('button', { name: '確認する' }).click();
      await poll(() => p.getByTestId('private-email-done').textContent()).toContain(NEW_ADDRESS);
      await shot(p, 'private-email-05-done-phone');

      // Used up: opening it again says so.
      await p.goto(new URL(link!).pathname);
      await poll(() => p.getByTestId('private-email-invalid').textContent()).toContain('有効期限が切れているか、すでに使用されています');
      await shot(p, 'private-email-06-used-phone');

      await p.getByRole('link', { name: 'マイページへ' }).click();
      await p.waitForURL(/\/mypage$/);
      await poll(() => p.getByTestId('private-email-current').textContent()).toBe(NEW_ADDRESS);
      await shot(p, 'private-email-07-mypage-phone');

      const notice = await waitForMail(PRIVATE_ADDRESS, CHANGED_SUBJECT);
      expect(`${notice.body.text}${notice.body.html}`).not.toContain(NEW_ADDRESS);
      // The admin still sees only 有.
      const listed = await api(token).get(`/api/admin/employees/${registered!.id}`);
      expect(listed.body.privateEmailRegistered).toBe(true);
      expect(listed.text).not.toContain(NEW_ADDRESS);
      expectNoPageErrors(desk);
      expectNoPageErrors(phone);
    } finally {
      await desk.context.close();
      await phone.context.close();
    }
  });
});

describe('企業情報 and 基本設定', () => {
  it('shows the company URL with its QR code on 企業情報, and the birth-date option states its risk before saving', async () => {
    const t = await openPage(browser);
    try {
      const { page } = t;
      await signIn(page, { companyCode: COMPANY, loginId: 'admin', landing: /\/admin\/employees$/ });
      // 基本設定 (the menu's one entry) › 企業情報 (a tab): the registration URL card lives there.
      await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '基本設定' }).click();
      await page.getByRole('navigation', { name: '基本設定のページ' }).getByRole('link', { name: '企業情報' }).click();
      await page.waitForURL(/\/admin\/company$/);
      const url = (await api(token).get('/api/admin/company/registration-url')).body.url as string;
      await poll(() => page.getByTestId('registration-url').inputValue()).toBe(url);
      await page.getByTestId('registration-qr').waitFor();
      const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'QR コード（SVG）' }).click()]);
      expect(readFileSync((await svg.path())!, 'utf8')).toContain('<svg');
      await shot(page, 'registration-12-company');

      await page.getByRole('navigation', { name: '基本設定のページ' }).getByRole('link', { name: '基本設定' }).click();
      await page.waitForURL(/\/admin\/settings$/);
      const option = page.getByLabel('私用メールアドレスの登録用パスワードに従業員の誕生日を設定する');
      expect(await option.isChecked()).toBe(false);
      await poll(() => page.getByTestId('birthdate-warning').count()).toBe(0);
      await option.check();
      await poll(() => page.getByTestId('birthdate-warning').textContent()).toContain('なりすまして');
      await shot(page, 'registration-13-settings-warning');
      expectNoPageErrors(t);
    } finally {
      await t.context.close();
    }
  });
});
