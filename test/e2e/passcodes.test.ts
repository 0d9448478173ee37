import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signIn as apiSignIn } from '../support/api.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listColumn, listSettled, openPage, shot, signIn, signInAsAdmin, type TestPage } from './browser.js';

// Employees of their own in demo (PCE<run>1 … 3), and two in the other company for the bulk
// issue, which takes every unissued employee of a company: there it touches no other test's rows.
const run = Date.now().toString(36).slice(-4).toUpperCase();
const GIVEN = ['一子', '二子', '三子'];
const code = (n: number) => `PCE${run}${n}`;
const name = (n: number) => `打刻 ${GIVEN[n - 1]}`;

let browser: Browser;
let demoToken: string;
let otherToken: string;
const ids = new Map<number, string>();

const employee = (employeeCode: string, givenName: string, loginId: string) => ({
  employeeCode, familyName: '打刻', givenName, familyNameKana: '', givenNameKana: '', office: '本社', department: '製造部', birthDate: '',
  email1: '', email2: '', email3: '', loginId, role: 'employee', enabled: true,
});

beforeAll(async () => {
  browser = await launchBrowser();
  [demoToken, otherToken] = await Promise.all([apiSignIn('demo', 'admin'), apiSignIn('other', 'admin')]);
  for (let n = 1; n <= 3; n++) {
    const res = await api(demoToken).post('/api/admin/employees', employee(code(n), GIVEN[n - 1]!, `pce${run.toLowerCase()}.${n}`));
    expect(res.status, res.text).toBe(201);
    ids.set(n, res.body.id);
  }
  for (let n = 1; n <= 2; n++) {
    const res = await api(otherToken).post('/api/admin/employees', employee(`PCO${run}${n}`, GIVEN[n - 1]!, `pco${run.toLowerCase()}.${n}`));
    expect(res.status, res.text).toBe(201);
  }
});

afterAll(async () => {
  await browser?.close();
});

const listUrl = `/admin/employees?q=PCE${run}`;
const column = (page: Page, n: number, table = 'table') => page.locator(`${table} tbody tr td:nth-child(${n})`).allTextContents();
const passcodeCell = (page: Page, n: number) => page.locator('table tbody tr', { hasText: code(n) }).locator('td[data-col="passcode"]');
const totals = (page: Page) => page.getByTestId('issuance-totals').locator('li').allInnerTexts();

function pdfText(bytes: Uint8Array): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kagi-e2e-passcodes-')), 'passcodes.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}
const passcodeOf = (text: string) => text.match(/パスコード\s+(\d{4})\s/)?.[1];

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

/** Presses ダウンロード (n), waits for the result screen; answers the PDF's pages and text. */
async function download(page: Page, n: number) {
  await watchProgress(page);
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: `ダウンロード (${n})` }).click();
  await page.getByRole('heading', { name: '発行結果' }).waitFor();
  const progress = await page.evaluate(() => (window as unknown as { sawProgress: string[] }).sawProgress);
  expect(progress.length, 'the progress bar was shown').toBeGreaterThan(0);
  expect(progress[0]).toMatch(new RegExp(`^\\d+ / ${n} 件（\\d+%）$`));
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/^passcode-notices-\d{8}\.pdf$/);
  const href = await page.getByTestId('issuance-download').getAttribute('href');
  const bytes = new Uint8Array(await (await fetch(href!)).arrayBuffer());
  return { pages: (await PDFDocument.load(bytes)).getPageCount(), text: pdfText(bytes) };
}

async function adminList(): Promise<TestPage> {
  const t = await openPage(browser);
  await signInAsAdmin(t.page);
  await t.page.goto(listUrl);
  await listSettled(t.page);
  await expect.poll(() => listedCodes(t.page)).toEqual([1, 2, 3].map(code));
  return t;
}

const verify = (employeeCode: string, passcode: string) => api().post('/api/timeclock/verify', { companyCode: 'demo', employeeCode, passcode });

describe('パスコード発行 (PDF)', () => {
  it('single: 未発行 in the パスコード column confirms, downloads one page, and the passcode works', async () => {
    const t = await adminList();
    const { page } = t;
    expect(new Set(await listColumn(page, 'passcode'))).toEqual(new Set(['未発行']));
    await passcodeCell(page, 1).getByRole('button', { name: '未発行' }).click();
    await page.waitForURL(/\/admin\/issuance\?.*kind=passcode/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスコード発行');
    await page.getByTestId('issuance-targets').waitFor();
    expect(await column(page, 2, '[data-testid="issuance-targets"]')).toEqual([code(1)]);
    expect(await column(page, 5, '[data-testid="issuance-targets"]')).toEqual(['未発行']);
    await page.getByText('パスコードが記載されるのはこの PDF だけです').waitFor();
    await shot(page, 'passcode-confirm');

    const pdf = await download(page, 1);
    expect(pdf.pages).toBe(1);
    expect(pdf.text.replace(/\s+/g, '')).toContain(`${name(1).replace(' ', '')}様`);
    expect(pdf.text).toContain(code(1));
    const passcode = passcodeOf(pdf.text)!;
    expect(passcode).toMatch(/^\d{4}$/);
    expect(await totals(page)).toEqual(['成功\n1 件', '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'passcode-single-result');
    expect((await verify(code(1), passcode)).status).toBe(200);

    await page.getByRole('link', { name: '社員一覧に戻る', exact: true }).click();
    await page.waitForURL(/\/admin\/employees\?q=/);
    await listSettled(page);
    await expect.poll(() => listColumn(page, 'passcode')).toEqual(['発行済', '未発行', '未発行']);
    expect(await passcodeCell(page, 1).getByRole('button').count()).toBe(0);
    // The パスワード column is untouched.
    expect(new Set(await listColumn(page, 'password'))).toEqual(new Set(['未発行']));
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('bulk: 「パスコード一括発行 (N)」 confirms N, shows the progress bar and the result, and leaves none unissued', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signIn(page, { companyCode: 'other', loginId: 'admin', landing: /\/admin\/employees$/ });
    await listSettled(page);
    const n = (await api(otherToken).get('/api/admin/employee-counts')).body['passcode#unissued'] as number;
    expect(n).toBeGreaterThanOrEqual(2);
    const bulk = page.getByRole('button', { name: `パスコード一括発行 (${n})` });
    await bulk.waitFor();
    await shot(page, 'passcode-bulk-list');
    await bulk.click();
    await page.waitForURL(/\/admin\/issuance\?kind=passcode&all=1/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスコード一括発行');
    expect(await page.getByTestId('passcode-bulk-lead').textContent()).toContain(`${n} 人`);
    await shot(page, 'passcode-bulk-confirm');

    const pdf = await download(page, n);
    expect(pdf.pages).toBe(n);
    expect(pdf.text).toContain(`PCO${run}1`);
    expect(pdf.text).toContain('株式会社アザー');
    expect(await totals(page)).toEqual([`成功\n${n} 件`, '失敗\n0 件', '対象外\n0 件']);
    await shot(page, 'passcode-bulk-result');

    await page.getByRole('link', { name: '社員一覧に戻る', exact: true }).click();
    await listSettled(page);
    const none = page.getByRole('button', { name: 'パスコード一括発行 (0)' });
    await none.waitFor();
    expect(await none.isDisabled()).toBe(true);
    expect(new Set(await listColumn(page, 'passcode'))).toEqual(new Set(['発行済']));
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reissue: a locked passcode shows ロック中; パスコード再発行 confirms, unlocks and gives a working new one', async () => {
    // Issued and locked through the API: five wrong passcodes at the time clock.
    const id = ids.get(3)!;
    const started = await api(demoToken).post('/api/admin/issuance/passcodes', { employeeIds: [id] });
    expect(started.status).toBe(202);
    let job: any;
    await expect.poll(async () => (job = (await api(demoToken).get(`/api/admin/jobs/${started.body.jobId}`)).body).state, { timeout: 15_000 }).toBe('done');
    const old = passcodeOf(pdfText(new Uint8Array(await (await fetch(job.download.url)).arrayBuffer())))!;
    const wrong = String((Number(old) + 1) % 10_000).padStart(4, '0');
    for (let i = 0; i < 5; i++) expect((await verify(code(3), wrong)).status).toBe(401);
    expect((await verify(code(3), old)).status).toBe(423);

    const t = await adminList();
    const { page } = t;
    expect((await passcodeCell(page, 3).textContent())?.replace(/\s+/g, '')).toBe('発行済ロック中');
    await page.goto(`/admin/employees/${encodeURIComponent(id)}`);
    const card = page.getByTestId('passcode-card');
    await card.waitFor();
    await card.getByText('ロック中', { exact: true }).waitFor();
    await shot(page, 'passcode-locked-employee');
    await card.getByRole('button', { name: 'パスコード再発行' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスコードの再発行' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('現在のパスコードはすぐに使えなくなります。');
    await dialog.getByRole('button', { name: '再発行する' }).click();
    await page.waitForURL(/\/admin\/issuance\?.*reissue=1.*kind=passcode/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('パスコード再発行');
    await page.getByTestId('issuance-targets').waitFor();
    expect((await column(page, 5, '[data-testid="issuance-targets"]'))[0]?.replace(/\s+/g, '')).toBe('発行済ロック中');
    const pdf = await download(page, 1);
    expect(pdf.pages).toBe(1);
    const fresh = passcodeOf(pdf.text)!;
    await shot(page, 'passcode-reissue-result');
    expect((await verify(code(3), fresh)).status).toBe(200);

    await page.goto(`/admin/employees/${encodeURIComponent(id)}`);
    await page.getByTestId('passcode-card').waitFor();
    expect(await page.getByTestId('passcode-card').getByText('ロック中', { exact: true }).count()).toBe(0);
    expectNoPageErrors(t);
    await t.context.close();
  });
});
