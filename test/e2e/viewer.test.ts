import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoPageErrors, launchBrowser, listSettled, openPage, shot, signInAsViewer } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('閲覧者 (viewer)', () => {
  it('reads the list and an employee, with no way to change anything', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsViewer(page);
    await listSettled(page);
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain('村上 聡');
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
    for (const name of ['新規登録', 'CSV取込']) {
      expect(await page.getByRole('link', { name }).count(), name).toBe(0);
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    // Reading tools stay: refresh, paging, and CSV出力 (the API lets viewers export).
    expect(await page.getByRole('button', { name: 'CSV出力' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '更新' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '次へ' }).count()).toBe(1);
    await shot(page, 'viewer-employees');

    await page.getByRole('link', { name: '髙橋 大輔', exact: true }).click();
    await page.waitForURL(/\/admin\/employees\/[^/]+$/);
    await expect.poll(() => page.getByLabel('社員コード').inputValue()).toBe('0003');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('社員情報');
    await page.getByText('閲覧者の権限では変更できません。').waitFor();
    expect(await page.getByLabel('姓', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByLabel('権限').isDisabled()).toBe(true);
    for (const name of ['保存する', '登録する', '削除']) expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    await shot(page, 'viewer-employee');

    // Typing the address of a write screen shows a refusal, not a form.
    await page.goto('/admin/import');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('この画面を利用する権限がありません。');
    expect(await page.getByLabel('CSV ファイル').count()).toBe(0);
    await page.goto('/admin/employees/new');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('この画面を利用する権限がありません。');
    await shot(page, 'viewer-forbidden');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
