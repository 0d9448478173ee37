import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoPageErrors, launchBrowser, listedCodes, listSettled, openPage, shot, signInAsAdmin } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const HEADER = '社員コード,姓,名,姓（カナ）,名（カナ）,所属事業所,所属部署,生年月日,メールアドレス1,メールアドレス2,メールアドレス3,ログインID,権限,有効,アカウント種別';
const BOM = '\uFEFF';
const ROWS = 240;

/** New employees IMP1000… in a department of their own, so other tests' filters stay as they were. */
function importRows(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const code = `IMP${1000 + i}`;
    return `${code},取込,太郎${i},トリコミ,タロウ,本社,取込テスト部,1990/4/${(i % 28) + 1},imp${1000 + i}@demo.example.jp,,,,一般,1`;
  });
}

function csv(lines: string[]): Buffer {
  return Buffer.from(`${BOM}${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');
}

async function choose(page: Page, name: string, bytes: Buffer) {
  await page.getByLabel('CSV ファイル').setInputFiles({ name, mimeType: 'text/csv', buffer: bytes });
  await expect.poll(() => page.getByTestId('chosen-file').textContent()).toBe(name);
}

const totals = (page: Page) => page.getByTestId('import-totals').locator('li').allInnerTexts();

describe('CSV取込', () => {
  it('previews a file with a row error, then a fixed file, and commits it with progress', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await page.getByRole('link', { name: 'CSV取込' }).first().click();
    await page.waitForURL(/\/admin\/import$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('CSV取込');
    await page.getByText('Excel で保存した CSV').waitFor();

    // The template is the header row with a BOM.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'テンプレートをダウンロード' }).click()]);
    const templateBytes = readFileSync((await template.path())!);
    expect([...templateBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(templateBytes.subarray(3).toString('utf8').trim()).toBe(HEADER);
    await page.getByText('列の説明').click();
    await shot(page, 'admin-import');

    // プレビュー without a file: said next to the file field.
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await expect.poll(() => page.locator('#import-file-error').textContent()).toBe('CSV ファイルを選択してください。');

    // Row 3 has no family name: one error, and 取り込む stays disabled.
    const rows = importRows(ROWS);
    const broken = [...rows];
    broken[1] = broken[1]!.replace(',取込,', ',,');
    await choose(page, 'employees-broken.csv', csv(broken));
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await page.getByRole('heading', { name: /プレビュー/ }).waitFor();
    expect(await totals(page)).toEqual([`新規\n${ROWS - 1} 件`, '更新\n0 件', 'エラー\n1 件', '警告\n0 件']);
    const errors = page.getByTestId('import-errors');
    expect(await errors.locator('tbody tr td').allTextContents()).toEqual(['3 行目', '姓', '姓は必須です。']);
    expect(await page.getByRole('button', { name: '取り込む' }).isDisabled()).toBe(true);
    await page.getByText('エラーがあるため取り込めません').waitFor();
    await shot(page, 'admin-import-preview-error');

    // The fixed file replaces the preview.
    await choose(page, 'employees.csv', csv(rows));
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await expect.poll(() => totals(page)).toEqual([`新規\n${ROWS} 件`, '更新\n0 件', 'エラー\n0 件', '警告\n0 件']);
    expect(await errors.count()).toBe(0);
    const commit = page.getByRole('button', { name: '取り込む' });
    expect(await commit.isEnabled()).toBe(true);
    await shot(page, 'admin-import-preview-ok');

    await commit.click();
    const bar = page.getByRole('progressbar');
    await bar.waitFor();
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(ROWS));
    await shot(page, 'admin-import-progress');
    await expect.poll(() => page.getByText(`取り込み完了: ${ROWS} 件`).isVisible(), { timeout: 60_000, interval: 250 }).toBe(true);
    await shot(page, 'admin-import-done');

    await page.getByRole('link', { name: '社員一覧に戻る' }).last().click();
    await page.waitForURL(/\/admin\/employees$/);
    await listSettled(page);
    await page.getByLabel('所属部署').selectOption('取込テスト部');
    await listSettled(page);
    await expect.poll(() => listedCodes(page).then((c) => c.slice(0, 2))).toEqual(['IMP1000', 'IMP1001']);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('cancels a preview', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await page.goto('/admin/import');
    await choose(page, 'update.csv', csv(['0007,山本,拓也,ヤマモト,タクヤ,本社,開発部,,,,,,一般,1']));
    await page.getByRole('button', { name: 'プレビュー' }).click();
    await expect.poll(() => totals(page)).toEqual(['新規\n0 件', '更新\n1 件', 'エラー\n0 件', '警告\n0 件']);
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await expect.poll(() => page.getByTestId('import-totals').count()).toBe(0);
    expect(await page.getByTestId('chosen-file').textContent()).toBe('選択されていません');
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('CSV出力', () => {
  it('downloads employees-YYYYMMDD.csv with a BOM and the leading zeros kept', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await listSettled(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV出力' }).click()]);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date()).replaceAll('-', '');
    expect(download.suggestedFilename()).toBe(`employees-${today}.csv`);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split(/\r?\n/);
    expect(lines[0]).toBe(HEADER);
    // Codes stay text in Excel (="0001"), so the zeros survive a round trip.
    const first = lines.find((l) => l.includes('0001'));
    expect(first).toMatch(/^(="0001"|0001),佐藤,健太,/);
    expect(lines.some((l) => l.includes('髙橋,大輔'))).toBe(true);
    expect(lines.some((l) => l.includes('山﨑,誠'))).toBe(true);
    expectNoPageErrors(t);
    await t.context.close();
  });
});
