import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn as apiSignIn } from '../support/api.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listColumn, listSettled, openPage, shot, signInAsAdmin, signInAsViewer, type TestPage } from './browser.js';

// Employees of their own (the e2e backend is shared by every file): ISS<run>1 … ISS<run>5.
const run = Date.now().toString(36).slice(-4).toUpperCase();
const GIVEN = ['一郎', '二郎', '三郎', '四郎', '五郎'];
const GIVEN_KANA = ['イチロウ', 'ジロウ', 'サブロウ', 'シロウ', 'ゴロウ'];
const code = (n: number) => `ISS${run}${n}`;
const name = (n: number) => `発行 ${GIVEN[n - 1]}`;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const token = await apiSignIn('demo', 'admin');
  for (let n = 1; n <= 5; n++) {
    const res = await api(token).post('/api/admin/employees', {
      employeeCode: code(n),
      familyName: '発行',
      givenName: GIVEN[n - 1],
      familyNameKana: 'ハッコウ',
      givenNameKana: GIVEN_KANA[n - 1],
      office: '本社',
      department: '総務部',
      birthDate: '',
      email1: '',
      email2: '',
      email3: '',
      loginId: `iss${run.toLowerCase()}.${n}`,
      role: 'employee',
      enabled: true,
    });
    expect(res.status, res.text).toBe(201);
  }
});

afterAll(async () => {
  await browser?.close();
});

const listUrl = `/admin/employees?q=ISS${run}`;
/** The cells of column `n` (1-based) of a table. */
const column = (page: Page, n: number, table = 'table') => page.locator(`${table} tbody tr td:nth-child(${n})`).allTextContents();
const row = (page: Page, n: number) => page.locator('table tbody tr', { hasText: code(n) });
/** The パスワード cell of a row (the パスコード cell has a 未発行 link of its own). */
const passwordCell = (page: Page, n: number) => row(page, n).locator('td[data-col="password"]');

async function adminList(): Promise<TestPage> {
  const t = await openPage(browser);
  await signInAsAdmin(t.page);
  await t.page.goto(listUrl);
  await listSettled(t.page);
  await expect.poll(() => listedCodes(t.page)).toEqual([1, 2, 3, 4, 5].map(code));
  return t;
}

/** Records whether a progress bar was ever on screen (it may show for only a second). */
async function watchProgress(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: string[] };
    w.sawProgress = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="progress-text"]')?.textContent;
      if (text && document.querySelector('[role="progressbar"]')) w.sawProgress.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}
const sawProgress = (page: Page) => page.evaluate(() => (window as unknown as { sawProgress: string[] }).sawProgress);

/** Presses ダウンロード (n) and waits for the result screen; answers the saved file and the link's PDF. */
async function download(page: Page, n: number) {
  await watchProgress(page);
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: `ダウンロード (${n})` }).click();
  await page.getByRole('heading', { name: '発行結果' }).waitFor();
  const progress = await sawProgress(page);
  expect(progress.length, 'the progress bar was shown').toBeGreaterThan(0);
  expect(progress[0]).toMatch(new RegExp(`^\\d+ / ${n} 件（\\d+%）$`));
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  const href = await page.getByTestId('issuance-download').getAttribute('href');
  expect(href).toBeTruthy();
  const bytes = new Uint8Array(await (await fetch(href!)).arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  return PDFDocument.load(bytes);
}

const totals = (page: Page) => page.getByTestId('issuance-totals').locator('li').allInnerTexts();

describe('パスワード発行 (PDF)', () => {
  it('bulk: ticks three, unticks one on the confirmation, and downloads a two-page PDF', async () => {
    const t = await adminList();
    const { page } = t;
    const issueButton = (n: number) => page.getByRole('button', { name: `選択してパスワード発行 (${n})` });
    expect(await issueButton(0).isDisabled()).toBe(true);
    // The status columns read in Japanese.
    expect(new Set(await listColumn(page, 'password'))).toEqual(new Set(['未発行']));
    expect(new Set(await listColumn(page, 'passcode'))).toEqual(new Set(['未発行']));

    // Select-all ticks the page and clears it again.
    await page.getByLabel('このページの社員をすべて選択').check();
    await issueButton(5).waitFor();
    await page.getByLabel('このページの社員をすべて選択').uncheck();
    await issueButton(0).waitFor();

    for (const n of [1, 2, 3]) await page.getByLabel(`${code(n)} ${name(n)} を選択`).check();
    expect(await issueButton(3).isEnabled()).toBe(true);
    await shot(page, 'issuance-list-selected');
    await issueButton(3).click();
    await page.waitForURL(/\/admin\/issuance\?/);

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスワード発行');
    await page.getByTestId('issuance-targets').waitFor();
    expect(await column(page, 2, '[data-testid="issuance-targets"]')).toEqual([1, 2, 3].map(code));
    expect(await column(page, 3, '[data-testid="issuance-targets"]')).toEqual([1, 2, 3].map(name));
    expect(new Set(await column(page, 5, '[data-testid="issuance-targets"]'))).toEqual(new Set(['未発行']));
    await page.getByText('仮パスワードが記載されるのはこの PDF だけです').waitFor();
    await page.getByLabel(`${code(3)} ${name(3)} を対象にする`).uncheck();
    await page.getByRole('button', { name: 'ダウンロード (2)' }).waitFor();
    await shot(page, 'issuance-confirm');

    const pdf = await download(page, 2);
    expect(pdf.getPageCount()).toBe(2);
    expect(await totals(page)).toEqual(['成功\n2 件', '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'issuance-result');

    await page.getByRole('link', { name: '社員一覧に戻る', exact: true }).click();
    await page.waitForURL(/\/admin\/employees\?q=/);
    await listSettled(page);
    await expect.poll(() => listColumn(page, 'password')).toEqual(['発行済', '発行済', '未発行', '未発行', '未発行']);
    // 発行済 is no longer a link into the flow; 未発行 is.
    expect(await passwordCell(page, 1).getByRole('button', { name: '未発行' }).count()).toBe(0);
    expect(await passwordCell(page, 3).getByRole('button', { name: '未発行' }).count()).toBe(1);
    await shot(page, 'issuance-list-after');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('single: 未発行 in the パスワード column issues one employee, and the status filters find them', async () => {
    const t = await adminList();
    const { page } = t;
    await passwordCell(page, 4).getByRole('button', { name: '未発行' }).click();
    await page.waitForURL(/\/admin\/issuance\?/);
    await page.getByTestId('issuance-targets').waitFor();
    expect(await column(page, 2, '[data-testid="issuance-targets"]')).toEqual([code(4)]);
    const pdf = await download(page, 1);
    expect(pdf.getPageCount()).toBe(1);
    expect(await totals(page)).toEqual(['成功\n1 件', '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'issuance-single-result');

    await page.goto(listUrl);
    await listSettled(page);
    await page.getByLabel('パスワード', { exact: true }).selectOption({ label: '発行済' });
    await expect.poll(() => new URL(page.url()).searchParams.get('passwordStatus')).toBe('issued');
    await listSettled(page);
    await expect.poll(() => listedCodes(page)).toEqual([1, 2, 4].map(code));
    await page.getByLabel('パスワード', { exact: true }).selectOption({ label: '未発行' });
    await expect.poll(() => listedCodes(page)).toEqual([3, 5].map(code));
    await page.getByLabel('パスコード', { exact: true }).selectOption({ label: '発行済' });
    await expect.poll(() => new URL(page.url()).searchParams.get('passcodeStatus')).toBe('issued');
    await listSettled(page);
    await expect.poll(() => page.getByText('条件に一致する社員はいません。').isVisible()).toBe(true);
    await page.getByLabel('パスコード', { exact: true }).selectOption({ label: 'すべて' });
    await expect.poll(() => listedCodes(page)).toEqual([3, 5].map(code));
    await shot(page, 'issuance-list-filtered');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reissue: パスワード再発行 on the edit page confirms, then issues a new one-page PDF', async () => {
    const t = await adminList();
    const { page } = t;
    // Issued by the bulk test, or by this run's API call when this test runs alone.
    const token = await apiSignIn('demo', 'admin');
    const one = (await api(token).get(`/api/admin/employees?q=${code(5)}`)).body.items[0];
    expect((await api(token).post('/api/admin/issuance/pdf', { employeeIds: [one.id] })).status).toBe(202);
    await expect.poll(async () => (await api(token).get(`/api/admin/employees/${one.id}`)).body.passwordStatus, { timeout: 15_000 }).toBe('issued');

    await page.goto(`/admin/employees/${encodeURIComponent(one.id)}`);
    await page.getByRole('heading', { name: /^パスワード再発行/ }).waitFor();
    await shot(page, 'issuance-edit-reissue');
    await page.getByRole('button', { name: 'PDFで再発行' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワードの再発行' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('現在のパスワードはすぐに使えなくなります。');
    await shot(page, 'issuance-reissue-dialog', { fullPage: false });
    // キャンセル leaves everything as it was.
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'PDFで再発行' }).click();
    await dialog.getByRole('button', { name: '再発行する' }).click();
    await page.waitForURL(/\/admin\/issuance\?.*reissue=1/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスワード再発行');
    await page.getByTestId('issuance-targets').waitFor();
    expect(await column(page, 5, '[data-testid="issuance-targets"]')).toEqual(['発行済']);
    await shot(page, 'issuance-reissue-confirm');
    const pdf = await download(page, 1);
    expect(pdf.getPageCount()).toBe(1);
    expect(await totals(page)).toEqual(['成功\n1 件', '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'issuance-reissue-result');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('an issued employee cannot be ticked; one issued meanwhile is excluded with the reason, listed in 発行ジョブ and the results CSV', async () => {
    const t = await adminList();
    const { page } = t;
    const token = await apiSignIn('demo', 'admin');
    const [three, five] = await Promise.all([3, 5].map(async (n) => (await api(token).get(`/api/admin/employees?q=${code(n)}`)).body.items[0]));
    await expect.poll(async () => (await api(token).get(`/api/admin/employees/${five.id}`)).body.passwordStatus, { timeout: 15_000 }).toBe('issued');
    // The confirmation counts only who will be issued: an issued employee is shown, unticked.
    await page.goto(`/admin/issuance?ids=${encodeURIComponent(five.id)}`);
    await page.getByTestId('issuance-targets').waitFor();
    await page.getByText('発行済の社員は対象外になります').waitFor();
    const box = page.getByRole('checkbox', { name: `${code(5)} ${name(5)} を対象にする` });
    expect([await box.isChecked(), await box.isDisabled()]).toEqual([false, true]);
    expect(await page.getByRole('button', { name: 'ダウンロード (0)' }).isDisabled()).toBe(true);
    await shot(page, 'issuance-single-refused');

    // Someone issues one of the two while the confirmation is open: the job excludes them, with why.
    const late = await api(token).post('/api/admin/employees', {
      employeeCode: `ISL${run}`, familyName: '発行', givenName: '遅太郎', familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部',
      birthDate: '', email1: '', email2: '', email3: '', loginId: `isl${run.toLowerCase()}`, role: 'employee', enabled: true,
    });
    expect(late.status, late.text).toBe(201);
    const startedAt = new Date().toISOString();
    await page.goto(`/admin/issuance?ids=${encodeURIComponent(late.body.id)},${encodeURIComponent(three.id)}`);
    await page.getByTestId('issuance-targets').waitFor();
    expect(await page.getByRole('button', { name: 'ダウンロード (2)' }).isEnabled()).toBe(true);
    expect((await api(token).post('/api/admin/issuance/pdf', { employeeIds: [late.body.id] })).status).toBe(202);
    await expect.poll(async () => (await api(token).get(`/api/admin/employees/${late.body.id}`)).body.passwordStatus, { timeout: 15_000 }).toBe('issued');
    const pdf = await download(page, 2);
    expect(pdf.getPageCount()).toBe(1);
    expect(await totals(page)).toEqual(['成功\n1 件', '失敗\n0 件', '対象外\n1 件']);
    expect(await column(page, 1, '[data-testid="issuance-results"]')).toEqual([`ISL${run}`]);
    expect((await column(page, 4, '[data-testid="issuance-results"]'))[0]).toContain('発行済');
    await shot(page, 'issuance-excluded-result');
    const csvSaved = page.waitForEvent('download');
    await page.getByTestId('results-csv').click();
    const csvPath = await (await csvSaved).path();
    const csv = readFileSync(csvPath!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(csv[0]).toBe('社員コード,氏名,結果,理由,理由コード');
    expect(csv.slice(1)).toHaveLength(2);
    expect(csv.slice(1)).toEqual(expect.arrayContaining([`${code(3)},${name(3)},成功,,`, expect.stringMatching(new RegExp(`^ISL${run},発行 遅太郎,対象外,パスワードは発行済みです.*,already-issued$`))]));

    // 発行ジョブ lists the job with its counts; 開く shows its result again without downloading.
    const job = (await api(token).get('/api/admin/jobs')).body.items.find((j: any) => j.createdAt >= startedAt && j.progress.total === 2 && j.counts.excluded === 1);
    expect(job).toBeDefined();
    await page.getByRole('link', { name: '発行ジョブ' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    const jobRow = page.getByTestId(`job-${job.jobId}`);
    await jobRow.waitFor();
    expect((await jobRow.locator('td').allInnerTexts()).slice(1, 7)).toEqual(['PDF でパスワード発行', 'admin', '完了', '1', '0', '1']);
    await shot(page, 'jobs-list');
    await jobRow.getByRole('link', { name: '開く' }).click();
    await page.getByRole('heading', { name: '発行結果' }).waitFor();
    expect(await totals(page)).toEqual(['成功\n1 件', '失敗\n0 件', '対象外\n1 件']);
    await page.getByTestId('issuance-download').waitFor();
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('パスワード発行 as a viewer', () => {
  it('shows the status columns, but no checkboxes, issue button or 未発行 link', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsViewer(page);
    await page.goto(listUrl);
    await listSettled(page);
    await expect.poll(() => listedCodes(page)).toEqual([1, 2, 3, 4, 5].map(code));
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers.slice(-3)).toEqual(['パスワード', 'パスコード', 'ログ']);
    expect((await listColumn(page, 'password')).every((s) => ['未発行', '発行済'].includes(s))).toBe(true);
    expect(await page.locator('table input[type="checkbox"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: /選択してパスワード発行/ }).count()).toBe(0);
    expect(await page.locator('table tbody').getByRole('button').count()).toBe(0);
    await shot(page, 'issuance-viewer-list');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
