import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn as apiSignIn } from '../support/api.js';
import { OTHER_COMPANY } from '../support/constants.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listSettled, openPage, shot, signIn, type TestPage } from './browser.js';
import { linkOf, mailsTo, moveClockPast, NOTICE_SUBJECT, REQUEST_SUBJECT, resetClock, runSweep, valueOf, waitForMail } from './mail-store.js';

// The mail flow runs in the second tenant, switched to mail mode for this file and back after, so
// the demo company's PDF-mode screens of the other files stay as they are and the counts are ours.
const COMPANY = OTHER_COMPANY.code;
const run = Date.now().toString(36).slice(-4).toUpperCase();
const code = (n: number) => `ML${run}${n}`;
const address = (n: number, which = 1) => `ml-${run.toLowerCase()}-${n}-${which}@example.jp`;
const SHARED = `ml-${run.toLowerCase()}-shared@example.jp`;
const GIVEN = ['一郎', '二郎', '三郎', '四郎', '五郎', '六郎'];
const name = (n: number) => `送信 ${GIVEN[n - 1]}`;
const NEW_PASSWORD = 'mori-no-oku-no-mizuumi-2026';
const NEWER_PASSWORD = 'yama-no-ue-no-hoshizora-2027';

/** M1: two addresses (single flow, verify, first sign-in, reissue A). M2: none (typed inline).
 * M3 and M4: one shared address (duplicate warning; M3 goes on to reissue B). M5: expires. M6: left at 未. */
const EMAILS: Array<[string, string]> = [
  [address(1), address(1, 2)],
  ['', ''],
  [SHARED, ''],
  [SHARED, ''],
  [address(5), ''],
  [address(6), ''],
];

/** Polls for what a background job changes (the default second is too short for a job and its history). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

let browser: Browser;
let token: string;
const ids: Record<number, string> = {};

/** Mail mode with one-day links for this file (the clock moves one day, not seven); PDF and 7 after. */
async function setMethod(method: 'pdf' | 'mail') {
  const res = await api(token).call('PATCH', '/api/admin/settings', { notificationMethod: method, verificationValidityDays: method === 'mail' ? 1 : 7 });
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  browser = await launchBrowser();
  token = await apiSignIn(COMPANY, 'admin');
  await setMethod('mail');
  for (let n = 1; n <= 6; n++) {
    const res = await api(token).post('/api/admin/employees', {
      employeeCode: code(n),
      familyName: '送信',
      givenName: GIVEN[n - 1],
      familyNameKana: 'ソウシン',
      givenNameKana: 'タロウ',
      office: '本社',
      department: '営業部',
      birthDate: '',
      email1: EMAILS[n - 1]![0],
      email2: EMAILS[n - 1]![1],
      email3: '',
      loginId: `ml${run.toLowerCase()}.${n}`,
      role: 'employee',
      enabled: true,
      confirmDuplicates: true,
    });
    expect(res.status, res.text).toBe(201);
    ids[n] = res.body.id;
  }
});

afterAll(async () => {
  // Every file shares one backend: the second tenant goes back to PDF even after a failure.
  if (token) await setMethod('pdf');
  await resetClock();
  await browser?.close();
});

const listUrl = `/admin/employees?q=ML${run}`;
const row = (page: Page, n: number) => page.locator('table tbody tr', { hasText: code(n) });
/** The 認証状態 cell (the 11th column in mail mode: after パスワード). */
const verificationCell = (page: Page, n: number) => row(page, n).locator('td[data-col="verification"]');
const employee = async (n: number) => (await api(token).get(`/api/admin/employees/${ids[n]}`)).body;
const statusOf = async (n: number) => {
  const e = await employee(n);
  return `${e.passwordStatus}/${e.verificationStatus}`;
};
const loginId = (n: number) => `ml${run.toLowerCase()}.${n}`;
/** What the sign-in API says to a password: 'new-password-required', 'signed-in', or the refusal status. */
async function tryPassword(n: number, password: string): Promise<string> {
  const res = await api().post('/api/auth/login', { companyCode: COMPANY, loginId: loginId(n), password });
  return res.status === 200 ? res.body.result : String(res.status);
}

async function admin(): Promise<TestPage> {
  const t = await openPage(browser);
  await signIn(t.page, { companyCode: COMPANY, loginId: 'admin', landing: /\/admin\/employees$/ });
  return t;
}

async function adminList(): Promise<TestPage> {
  const t = await admin();
  await t.page.goto(listUrl);
  await listSettled(t.page);
  await poll(() => listedCodes(t.page)).toEqual([1, 2, 3, 4, 5, 6].map(code));
  return t;
}

/** Opens a verify link in a fresh context (the employee's mail client, not the admin's tab). */
async function openLink(link: string): Promise<TestPage> {
  const t = await openPage(browser);
  await t.page.goto(link);
  return t;
}

/** The same link in its other accepted form: /verify?token=… */
const queryForm = (link: string) => {
  const url = new URL(link);
  return `${url.origin}/verify?token=${encodeURIComponent(url.pathname.split('/').pop()!)}`;
};

/** 認証する on a link, as the employee; answers the notice mail that follows. */
async function verifyByLink(link: string, to: string, notices: number) {
  const t = await openLink(link);
  await t.page.getByRole('button', { name: '認証する' }).click();
  await t.page.getByRole('heading', { name: '認証が完了しました' }).waitFor();
  expectNoPageErrors(t);
  await t.context.close();
  return waitForMail(to, NOTICE_SUBJECT, notices);
}

/** Every send asks first: the dialog names the count and the estimated time; its button sends. */
async function confirmSend(page: Page, count = 1) {
  const dialog = page.getByTestId('mail-confirm');
  await dialog.waitFor();
  expect(await dialog.getByTestId('mail-confirm-count').textContent()).toBe(`${count} 件`);
  expect(await dialog.getByTestId('mail-confirm-time').textContent()).toMatch(/^約 \d+ 秒（1 秒あたり \d+ 件）$/);
  await page.getByRole('dialog').getByRole('button', { name: count === 1 ? '送信する' : `${count} 件送信する` }).click();
}

/** The first sign-in through the API: the temporary password, then a new one. */
async function firstSignInByApi(n: number, temporary: string, newPassword = NEW_PASSWORD) {
  const res = await api().post('/api/auth/login', { companyCode: COMPANY, loginId: loginId(n), password: temporary });
  expect(res.body.result, res.text).toBe('new-password-required');
  const done = await api().post('/api/auth/new-password', { session: res.body.session, newPassword });
  expect(done.status, done.text).toBe(200);
}

describe('パスワード発行 by mail', () => {
  let firstLink = '';
  let newestLink = '';

  it('one employee: 未 opens パスワード発行 with the address choice, previews, send, send again and the history', async () => {
    const t = await adminList();
    const { page } = t;
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers.slice(-4)).toEqual(['パスワード', '認証状態', 'パスコード', 'ログ']);
    expect(new Set(await Promise.all([1, 2, 3, 4, 5, 6].map((n) => verificationCell(page, n).textContent())))).toEqual(new Set(['未']));
    await shot(page, 'mail-list');

    await verificationCell(page, 1).getByRole('link', { name: '未' }).click();
    await page.waitForURL(/\/admin\/mail-issuance\//);
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスワード発行');
    // Address 1 preselected; 2 offered because it is there; 3 is empty and not offered.
    expect(await page.getByRole('radio', { name: /メールアドレス1/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /メールアドレス2/ }).isChecked()).toBe(false);
    expect(await page.getByRole('radio', { name: /メールアドレス3/ }).count()).toBe(0);

    // Both previews, as they will be sent: subject, recipient, the HTML in a sandboxed frame and the text.
    await poll(() => page.getByTestId('preview-subject').textContent()).toBe(REQUEST_SUBJECT);
    expect(await page.getByTestId('preview-to').textContent()).toBe(address(1));
    const frame = page.getByTestId('preview-html');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('srcdoc')).toContain(OTHER_COMPANY.name);
    const text = (await page.getByTestId('preview-text').textContent()) ?? '';
    expect(text).toContain(OTHER_COMPANY.name);
    expect(text).toContain(name(1));
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(await page.frameLocator('[data-testid="preview-html"]').locator('body').textContent()).toContain(name(1));
    // Headless Chromium paints an out-of-process (sandboxed) frame only inside the viewport.
    await frame.scrollIntoViewIfNeeded();
    await shot(page, 'mail-single-preview', { fullPage: false });
    await page.getByRole('tab', { name: 'アカウント通知メール' }).click();
    await poll(() => page.getByTestId('preview-subject').textContent()).toBe(NOTICE_SUBJECT);
    expect(await page.getByTestId('preview-text').textContent()).toContain(loginId(1));
    // Choosing address 2 changes the preview's recipient.
    await page.getByRole('radio', { name: /メールアドレス2/ }).check();
    await poll(() => page.getByTestId('preview-to').textContent()).toBe(address(1, 2));
    await page.getByRole('radio', { name: /メールアドレス1/ }).check();
    await page.getByRole('tab', { name: '認証要求メール' }).click();
    await page.getByText('この社員にはまだメールを送信していません。').waitFor();
    // The switch to PDF for this employee opens the PDF flow with them alone; back, nothing changed.
    await page.getByRole('link', { name: 'メールではなく PDF で発行する' }).click();
    await page.waitForURL(/\/admin\/issuance\?ids=/);
    await page.getByTestId('issuance-targets').waitFor();
    expect(await page.locator('[data-testid="issuance-targets"] tbody tr td:nth-child(2)').allTextContents()).toEqual([code(1)]);
    await page.goBack();
    await page.getByRole('button', { name: '「認証要求メール」を送信' }).waitFor();
    expect(await statusOf(1)).toBe('unissued/none');

    await page.getByRole('button', { name: '「認証要求メール」を送信' }).click();
    // Nothing is sent before the question is answered.
    await page.getByTestId('mail-confirm').waitFor();
    expect(await mailsTo(address(1), REQUEST_SUBJECT)).toEqual([]);
    await shot(page, 'mail-single-confirm', { fullPage: false });
    await confirmSend(page);
    await page.getByText(`${address(1)} にメールを送信しました。`).waitFor();
    const first = await waitForMail(address(1), REQUEST_SUBJECT, 1);
    firstLink = linkOf(first);
    expect(first.body.text).toContain(OTHER_COMPANY.name);
    expect(await mailsTo(address(1, 2), REQUEST_SUBJECT)).toEqual([]);
    await poll(() => page.getByTestId('current-status').textContent()).toContain('認証待ち');
    await poll(() => page.getByTestId('mail-history').locator('tbody tr').count()).toBe(1);
    expect(await page.getByTestId('mail-history').locator('tbody tr').first().textContent()).toContain('認証要求メール');

    // Sending again (until the first sign-in) makes only the newest link work.
    await page.getByRole('button', { name: '「認証要求メール」を再送信' }).click();
    await confirmSend(page);
    await poll(() => page.getByTestId('mail-history').locator('tbody tr').count()).toBe(2);
    newestLink = linkOf(await waitForMail(address(1), REQUEST_SUBJECT, 2));
    expect(newestLink).not.toBe(firstLink);
    expect(await statusOf(1)).toBe('issuing/pending');
    await shot(page, 'mail-single-sent');

    // Back in the list, 認証待ち tells when the request went out.
    await page.goto(listUrl);
    await listSettled(page);
    const pending = verificationCell(page, 1).getByTestId('verification-pending');
    await poll(() => pending.textContent()).toBe('認証待ち');
    // …and, a link like 未, leads to the page that sends it again.
    expect(await pending.getAttribute('title')).toMatch(new RegExp(`^認証要求メール送信日時: \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}\n${name(1)} さんの認証要求メールを再送信$`));
    expect(await pending.getAttribute('href')).toBe(`/admin/mail-issuance/${ids[1]}`);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('verify: the superseded link is refused, opening the newest changes nothing, 認証する sends the notice, and the first sign-in completes', async () => {
    const old = await openLink(firstLink);
    await old.page.getByRole('heading', { name: 'アカウント認証URL有効期限切れ' }).waitFor();
    await old.page.getByText('担当者にお問い合わせください').waitFor();
    // No admin chrome on the employee's page.
    expect(await old.page.getByRole('navigation').count()).toBe(0);
    // An unknown token reads exactly the same.
    await old.page.goto('/verify?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await old.page.getByRole('heading', { name: 'アカウント認証URL有効期限切れ' }).waitFor();
    expectNoPageErrors(old);
    await old.context.close();

    const t = await openLink(newestLink);
    const { page } = t;
    await page.getByRole('button', { name: '認証する' }).waitFor();
    expect(await page.getByTestId('verify-company').textContent()).toBe(OTHER_COMPANY.name);
    expect(await page.getByTestId('verify-name').textContent()).toContain(name(1));
    await shot(page, 'mail-verify');
    // Opening (and opening again) uses nothing.
    await page.reload();
    await page.getByRole('button', { name: '認証する' }).waitFor();
    expect(await statusOf(1)).toBe('issuing/pending');
    expect(await mailsTo(address(1), NOTICE_SUBJECT)).toEqual([]);

    await page.getByRole('button', { name: '認証する' }).click();
    await page.getByRole('heading', { name: '認証が完了しました' }).waitFor();
    expect(await page.getByTestId('verify-done').textContent()).toMatch(/ログインIDとパスワード.*メール/);
    await shot(page, 'mail-verify-done');
    expect(await statusOf(1)).toBe('issuing/verified_pending_login');

    const notice = await waitForMail(address(1), NOTICE_SUBJECT, 1);
    expect(valueOf(notice, 'ログインID')).toBe(loginId(1));
    const temporary = valueOf(notice, '仮パスワード');
    expect(notice.body.text).toContain('初回ログイン');

    // A used link is refused like any other.
    await page.goto(newestLink);
    await page.getByRole('heading', { name: 'アカウント認証URL有効期限切れ' }).waitFor();
    expectNoPageErrors(t);
    await t.context.close();

    // The first sign-in with the password from the mail asks for a new one, then lands at home.
    const e = await openPage(browser);
    await e.page.goto('/login');
    await e.page.getByLabel('会社コード').fill(COMPANY);
    await e.page.getByLabel('ログインID').fill(valueOf(notice, 'ログインID'));
    await e.page.getByLabel('パスワード', { exact: true }).fill(temporary);
    await e.page.getByRole('button', { name: 'ログイン', exact: true }).click();
    await e.page.getByRole('heading', { name: '新しいパスワードの設定' }).waitFor();
    await e.page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await e.page.getByLabel('新しいパスワード（確認）').fill(NEW_PASSWORD);
    await e.page.getByRole('button', { name: '設定してログイン' }).click();
    await e.page.waitForURL(/\/home$/);
    expectNoPageErrors(e);
    await e.context.close();
    await poll(() => statusOf(1)).toBe('issued/verified');
  });

  it('bulk: the confirmation list with inline address entry, the duplicate warning and the estimate; progress, the result with reasons, its CSV, and 発行ジョブ', async () => {
    const t = await adminList();
    const { page } = t;
    for (const n of [1, 2, 3, 4, 5]) await row(page, n).getByRole('checkbox').check();
    await page.getByRole('button', { name: '選択してパスワード発行 (5)' }).click();
    await page.waitForURL(/\/admin\/mail-issuance\?ids=/);
    const targets = page.getByTestId('mail-targets');
    await targets.waitFor();
    const target = (n: number) => targets.locator('tbody tr', { hasText: code(n) });

    // No address: 未設定 and unticked (it cannot be ticked until one is typed).
    await target(2).getByText('未設定').waitFor();
    expect(await target(2).getByRole('checkbox').isChecked()).toBe(false);
    expect(await target(2).getByRole('checkbox').isDisabled()).toBe(true);
    // Several targets share one address: warned, with both named.
    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(SHARED);
    expect(await warning.textContent()).toContain(code(3));
    expect(await warning.textContent()).toContain(code(4));
    // M1 is issued already: listed, but it cannot be ticked and is not counted.
    await page.getByText(/未発行・認証状態「未」以外の社員（1 人）/).waitFor();
    expect(await target(1).getByRole('checkbox').isDisabled()).toBe(true);
    expect(await target(1).getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: '「認証要求メール」を送信 (3)' }).isEnabled()).toBe(true);
    await shot(page, 'mail-bulk-confirm');

    // An address typed inline is saved as address 1, and the row is ticked.
    await target(2).getByLabel(`${code(2)} ${name(2)} のメールアドレス`).fill(address(2));
    await target(2).getByRole('button', { name: '登録' }).click();
    await poll(() => target(2).getByRole('checkbox').isChecked()).toBe(true);
    expect(await target(2).getByRole('combobox').inputValue()).toBe('1');
    expect((await employee(2)).email1).toBe(address(2));
    // Unticking one of the two sharing an address ends the warning.
    await target(4).getByRole('checkbox').uncheck();
    await warning.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '「認証要求メール」を送信 (3)' }).waitFor();
    expect(await page.getByTestId('mail-estimate').textContent()).toMatch(/送信件数 3 件・送信にかかる時間の目安: 約 \d+ (秒|分)/);
    await shot(page, 'mail-bulk-ready');

    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[role="progressbar"]')) w.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    // A preview of a ticked row's mail, from the list itself.
    await target(5).getByRole('button', { name: `${code(5)} ${name(5)} さんへのメールをプレビュー` }).click();
    await poll(() => page.getByTestId('preview-to').textContent()).toBe(address(5));
    await page.getByRole('button', { name: '「認証要求メール」を送信 (3)' }).click();
    await shot(page, 'mail-bulk-send-confirm', { fullPage: false });
    await confirmSend(page, 3);
    await page.getByRole('heading', { name: '送信結果' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
    // The job took exactly the three counted.
    expect(await page.getByTestId('issuance-totals').locator('li').allInnerTexts()).toEqual(['送信\n3 件', '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'mail-bulk-result');
    const csv = page.waitForEvent('download');
    await page.getByTestId('results-csv').click();
    expect((await csv).suggestedFilename()).toMatch(/^job-results-\d{8}\.csv$/);

    // 発行ジョブ lists the mail job; 開く shows its result again.
    const listed = (await api(token).get('/api/admin/jobs')).body.items as Array<{ jobId: string; kind: string; counts: { succeeded: number; excluded: number } }>;
    const bulkJob = listed.find((j) => j.kind === 'mail-request' && j.counts.succeeded === 3 && j.counts.excluded === 0);
    expect(bulkJob).toBeTruthy();
    await page.goto('/admin/jobs');
    const jobRow = page.getByTestId(`job-${bulkJob!.jobId}`);
    expect(await jobRow.locator('td').nth(1).textContent()).toBe('認証要求メールの送信');
    await jobRow.getByRole('link', { name: '開く' }).click();
    await page.getByRole('heading', { name: '送信結果' }).waitFor();
    expect(await page.getByTestId('issuance-totals').locator('li').allInnerTexts()).toEqual(['送信\n3 件', '失敗\n0 件', '対象外\n0 件']);

    for (const to of [address(2), SHARED, address(5)]) await waitForMail(to, REQUEST_SUBJECT, 1);
    expect(await statusOf(4)).toBe('unissued/none');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reissue (A) from the employee page: the old password stops at once, the new request mail leads to a new password', async () => {
    const t = await admin();
    const { page } = t;
    await page.goto(`/admin/employees/${ids[1]}`);
    await page.getByRole('heading', { name: /^パスワード再発行/ }).waitFor();
    // Address 1 was verified: its 認証済み mark, and (B) recommended for it.
    const picker = page.locator('.address-picker');
    expect(await picker.getByRole('radio', { name: /メールアドレス1.*認証済み/ }).isChecked()).toBe(true);
    await page.getByText('おすすめ').waitFor();
    // Address 2 was never verified: (B) is not recommended for it.
    await picker.getByRole('radio', { name: /メールアドレス2/ }).check();
    await page.getByTestId('notice-not-recommended').waitFor();
    await picker.getByRole('radio', { name: /メールアドレス1/ }).check();
    await shot(page, 'mail-reissue');

    await page.getByRole('button', { name: '認証要求メールを再送信' }).click();
    const dialog = page.getByRole('dialog', { name: '認証要求メールの再送信' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('現在のパスワードはすぐに使えなくなり');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await statusOf(1)).toBe('issued/verified');
    await page.getByRole('button', { name: '認証要求メールを再送信' }).click();
    await dialog.getByRole('button', { name: '送信する' }).click();
    await page.getByText(`${address(1)} にメールを送信しました。`).waitFor();
    await poll(() => statusOf(1)).toBe('reissuing/pending');
    await poll(() => page.locator('#reissue-title').textContent()).toContain('再発行中 ／ 認証待ち');
    expect(await tryPassword(1, NEW_PASSWORD)).not.toBe('signed-in');

    // This time the link is opened in its query form.
    const link = linkOf(await waitForMail(address(1), REQUEST_SUBJECT, 3));
    const notice = await verifyByLink(queryForm(link), address(1), 2);
    await firstSignInByApi(1, valueOf(notice, '仮パスワード'), NEWER_PASSWORD);
    await poll(() => statusOf(1)).toBe('issued/verified');
    expect(await tryPassword(1, NEWER_PASSWORD)).toBe('signed-in');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reissue (B): the account-notice mail directly, with the 認証済み address; the old password stops at once', async () => {
    // M3 verifies its bulk request and signs in first.
    const link = linkOf(await waitForMail(SHARED, REQUEST_SUBJECT, 1));
    const notice = await verifyByLink(link, SHARED, 1);
    await firstSignInByApi(3, valueOf(notice, '仮パスワード'));
    await poll(() => statusOf(3)).toBe('issued/verified');

    const t = await admin();
    const { page } = t;
    await page.goto(`/admin/employees/${ids[3]}`);
    await page.getByRole('heading', { name: /^パスワード再発行/ }).waitFor();
    await page.locator('.address-picker').getByText('認証済み').waitFor();
    await page.getByRole('button', { name: 'アカウント通知メールを直接送信' }).click();
    const dialog = page.getByRole('dialog', { name: 'アカウント通知メールの直接送信' });
    await dialog.waitFor();
    // A verified address: no warning in the dialog.
    expect(await dialog.locator('.alert-warning').count()).toBe(0);
    await shot(page, 'mail-reissue-notice-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: '送信する' }).click();
    await page.getByText(`${SHARED} にアカウント通知メールを送信しました。`).waitFor();
    await poll(() => statusOf(3)).toBe('reissuing/verified_pending_login');
    expect(await tryPassword(3, NEW_PASSWORD)).not.toBe('signed-in');
    const direct = await waitForMail(SHARED, NOTICE_SUBJECT, 2);
    expect(valueOf(direct, 'ログインID')).toBe(loginId(3));
    expect(await tryPassword(3, valueOf(direct, '仮パスワード'))).toBe('new-password-required');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('expired link: refused past the deadline (injected clock), the sweep shows 有効期限切れ, and sending again renews it', async () => {
    const link = linkOf(await waitForMail(address(5), REQUEST_SUBJECT, 1));
    const e = await employee(5);
    expect(e.verificationExpiresAt).toBeTruthy();
    await moveClockPast(e.verificationExpiresAt);

    const t = await openLink(link);
    await t.page.getByRole('heading', { name: 'アカウント認証URL有効期限切れ' }).waitFor();
    await t.page.getByTestId('verify-invalid').waitFor();
    await t.page.getByText('お手数ですが、担当者にお問い合わせください。').waitFor();
    expect(await t.page.getByRole('button', { name: '認証する' }).count()).toBe(0);
    await shot(t.page, 'mail-verify-expired');
    expectNoPageErrors(t);
    await t.context.close();

    await runSweep();
    await poll(() => statusOf(5)).toBe('issuing/expired');
    const a = await adminList();
    await poll(() => verificationCell(a.page, 5).textContent()).toBe('有効期限切れ');
    await a.page.goto(`/admin/mail-issuance/${ids[5]}`);
    await a.page.getByText('認証要求メールのリンクの有効期限が切れました').waitFor();
    expect(await a.page.getByRole('button', { name: '「認証要求メール」を再送信' }).isEnabled()).toBe(true);
    await shot(a.page, 'mail-single-expired');

    // M2's bulk link passed its deadline too: sent again from its page, it waits with a new deadline.
    await poll(() => statusOf(2)).toBe('issuing/expired');
    await a.page.goto(`/admin/mail-issuance/${ids[2]}`);
    await a.page.getByRole('button', { name: '「認証要求メール」を再送信' }).click();
    await confirmSend(a.page);
    await a.page.getByText(`${address(2)} にメールを送信しました。`).waitFor();
    await waitForMail(address(2), REQUEST_SUBJECT, 2);
    await poll(() => statusOf(2)).toBe('issuing/pending');
    expectNoPageErrors(a);
    await a.context.close();
  });

  it('認証状態の集計情報: each count as the API keeps it, each a link to the list filtered by that status', async () => {
    const counts = (await api(token).get('/api/admin/employee-counts')).body as Record<string, number>;
    const t = await adminList();
    const { page } = t;
    await page.getByRole('button', { name: '認証状態の集計情報を表示' }).click();
    const panel = page.getByTestId('verification-counts');
    await panel.waitFor();
    const labels: Array<[string, string]> = [
      ['未', 'none'],
      ['認証待ち', 'pending'],
      ['有効期限切れ', 'expired'],
      ['済(未ログイン)', 'verified_pending_login'],
      ['済', 'verified'],
    ];
    expect(await panel.locator('li').allInnerTexts()).toEqual(labels.map(([label, key]) => `${label}\n${counts[`verification#${key}`] ?? 0} 件`));
    await shot(page, 'mail-counts');

    // Our six: M1 済, M2 認証待ち, M3 済(未ログイン), M4 未, M5 有効期限切れ, M6 未.
    const ours = async () => (await listedCodes(page)).filter((c) => c.startsWith(`ML${run}`));
    const expected: Record<string, number[]> = { none: [4, 6], pending: [2], expired: [5], verified_pending_login: [3], verified: [1] };
    for (const [label, key] of labels) {
      await panel.getByRole('link', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s`) }).click();
      await poll(() => new URL(page.url()).searchParams.get('verificationStatus')).toBe(key);
      await listSettled(page);
      await poll(ours).toEqual(expected[key]!.map(code));
      expect(await page.getByLabel('認証状態', { exact: true }).inputValue()).toBe(key);
      // Every row shown holds that status.
      expect(new Set(await page.locator('table tbody tr td[data-col="verification"]').allTextContents())).toEqual(new Set([label]));
    }
    await shot(page, 'mail-counts-filtered');

    // 社員検索 by 認証状態 from the filter itself.
    await page.goto(listUrl);
    await listSettled(page);
    await page.getByLabel('認証状態', { exact: true }).selectOption({ label: '未' });
    await poll(() => new URL(page.url()).searchParams.get('verificationStatus')).toBe('none');
    await poll(() => listedCodes(page)).toEqual([4, 6].map(code));
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('メール送信履歴: every mail of the employee, newest first, with its kind and address', async () => {
    const t = await admin();
    const { page } = t;
    await page.goto(`/admin/mail-issuance/${ids[1]}`);
    const history = page.getByTestId('mail-history');
    await poll(() => history.locator('tbody tr').count()).toBe(5);
    const kinds = await history.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(kinds).toEqual(['アカウント通知メール', '認証要求メール', 'アカウント通知メール', '認証要求メール', '認証要求メール']);
    expect(new Set(await history.locator('tbody tr td:nth-child(4)').allTextContents())).toEqual(new Set([REQUEST_SUBJECT, NOTICE_SUBJECT]));
    for (const to of await history.locator('tbody tr td:nth-child(3)').allTextContents()) expect(to).toContain(address(1));
    // Issued again: no request mail to send from here; the way to reissue is named.
    await page.getByText('パスワードは発行済です。再発行は社員情報の画面から行ってください。').waitFor();
    await shot(page, 'mail-history');
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('delivery events', () => {
  it('a bounce (SES mailbox simulator) shows in the history, on the issue page and in the list', async () => {
    const BOUNCE = 'bounce@simulator.amazonses.com';
    const created = await api(token).post('/api/admin/employees', {
      employeeCode: `MB${run}`, familyName: '不達', givenName: '太郎', familyNameKana: 'フタツ', givenNameKana: 'タロウ', office: '本社', department: '営業部',
      birthDate: '', email1: BOUNCE, email2: `mb-${run.toLowerCase()}@example.jp`, email3: '', loginId: `mb${run.toLowerCase()}`, role: 'employee', enabled: true,
      confirmDuplicates: true,
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id as string;
    expect((await api(token).post('/api/admin/issuance/mail', { targets: [{ employeeId: id, address: 1 }] })).status).toBe(202);
    await poll(async () => (await api(token).get(`/api/admin/employees/${id}`)).body.bouncedAddresses).toEqual([1]);

    const t = await admin();
    const { page } = t;
    await page.goto(`/admin/mail-issuance/${id}`);
    const history = page.getByTestId('mail-history');
    await poll(() => history.locator('tbody tr').count()).toBe(1);
    expect(await history.locator('tbody tr td:nth-child(5)').textContent()).toBe('不達');
    expect(await history.locator('tbody tr td:nth-child(5) span').getAttribute('title')).toContain('550 5.1.1');
    expect(await page.getByRole('radio', { name: /メールアドレス1.*不達/ }).count()).toBe(1);
    expect(await page.getByRole('radio', { name: /メールアドレス2.*不達/ }).count()).toBe(0);
    await page.frameLocator('[data-testid="preview-html"]').getByText('不達 太郎 様').waitFor();
    await shot(page, 'mail-bounced');

    await page.goto(`/admin/employees?q=MB${run}`);
    await listSettled(page);
    await poll(() => listedCodes(page)).toEqual([`MB${run}`]);
    expect(await page.locator('table tbody tr td[data-col="verification"]').textContent()).toBe('認証待ち不達');
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('viewer in mail mode', () => {
  it('a viewer issued by mail sees the 認証状態 column, but no link into the flow', async () => {
    // A viewer of this tenant gets the account the way every employee here does: by mail.
    const to = `mv-${run.toLowerCase()}@example.jp`;
    const viewerLogin = `mv${run.toLowerCase()}`;
    const created = await api(token).post('/api/admin/employees', {
      employeeCode: `MV${run}`, familyName: '閲覧', givenName: '花子', familyNameKana: 'エツラン', givenNameKana: 'ハナコ', office: '本社', department: '営業部',
      birthDate: '', email1: to, email2: '', email3: '', loginId: viewerLogin, role: 'viewer', enabled: true,
    });
    expect(created.status, created.text).toBe(201);
    expect((await api(token).post('/api/admin/issuance/mail', { targets: [{ employeeId: created.body.id, address: 1 }] })).status).toBe(202);
    const link = linkOf(await waitForMail(to, REQUEST_SUBJECT, 1));
    expect((await api().post(`/api/verification/${link.split('/').pop()}`)).status).toBe(200);
    const notice = await waitForMail(to, NOTICE_SUBJECT, 1);
    const first = await api().post('/api/auth/login', { companyCode: COMPANY, loginId: viewerLogin, password: valueOf(notice, '仮パスワード') });
    expect(first.body.result, first.text).toBe('new-password-required');
    expect((await api().post('/api/auth/new-password', { session: first.body.session, newPassword: NEW_PASSWORD })).status).toBe(200);

    const t = await openPage(browser);
    await signIn(t.page, { companyCode: COMPANY, loginId: viewerLogin, password: NEW_PASSWORD, landing: /\/admin\/employees$/ });
    await t.page.goto(listUrl);
    await listSettled(t.page);
    await poll(() => listedCodes(t.page)).toEqual([1, 2, 3, 4, 5, 6].map(code));
    // The viewer learns the method from their own account after the settings refuse them.
    await poll(async () => (await t.page.locator('table thead th').allTextContents()).slice(-4)).toEqual(['パスワード', '認証状態', 'パスコード', 'ログ']);
    expect(await verificationCell(t.page, 6).textContent()).toBe('未');
    expect(await t.page.locator('table tbody').getByRole('link', { name: '未' }).count()).toBe(0);
    expect(await t.page.locator('table input[type="checkbox"]').count()).toBe(0);
    await shot(t.page, 'mail-viewer-list');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
