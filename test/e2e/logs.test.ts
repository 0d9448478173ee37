import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, actionsOf } from '../../functions/core/audit/actions.js';
import type { AuditEntry } from '../../functions/core/audit/audit-entry.js';
import { demoLogCompany, generateEntries, writeEntries, type LogCompany } from '../support/audit-seed.js';
import { expectNoPageErrors, launchBrowser, openPage, shot, signInAsAdmin, signInAsViewer, type TestPage } from './browser.js';

let browser: Browser;
let demo: LogCompany & { names: Record<string, string> };
let seeded: AuditEntry[];

const EMPLOYEE_ACTIONS = new Set<string>(actionsOf('employees').map((a) => AUDIT_ACTIONS[a].ja));

beforeAll(async () => {
  browser = await launchBrowser();
  demo = await demoLogCompany();
  // Enough for more than one page of the last 30 days, spread over 40 days.
  seeded = generateEntries(demo, 260, 40, 23);
  await writeEntries(seeded);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function adminOnLogs(): Promise<TestPage> {
  const t = await openPage(browser);
  await signInAsAdmin(t.page);
  await t.page.getByRole('link', { name: 'ログ表示' }).click();
  await t.page.waitForURL(/\/admin\/logs/);
  await settled(t.page);
  return t;
}

/** Waits until the results have loaded (rows, or the empty message) and nothing is in flight. */
async function settled(page: Page) {
  await page.locator('section.audit-results[aria-busy="false"]').waitFor();
}

const column = (page: Page, n: number) => page.locator(`[data-testid="audit-results"] tbody tr td:nth-child(${n})`).allTextContents();

describe('ログ表示', () => {
  it('shows the last 30 days newest first, a page of 100, and searches with conditions', async () => {
    const t = await adminOnLogs();
    const { page } = t;
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ログ表示');
    expect(await page.getByLabel('記録日時').inputValue()).toBe('30');
    expect(await page.locator('[data-testid="audit-results"] tbody tr').count()).toBe(100);
    expect(await page.getByTestId('audit-range').textContent()).toBe('1〜100件目');
    const times = await column(page, 1);
    expect([...times].sort().reverse()).toEqual(times);
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(/^該当 [\d,]+ 件(以上)?$/);
    await shot(page, 'logs-full-page', { fullPage: true });

    // Next page and back.
    await page.getByRole('button', { name: '次へ' }).click();
    await settled(page);
    expect(await page.getByTestId('audit-range').textContent()).toMatch(/^101〜/);
    await page.getByRole('button', { name: '前へ' }).click();
    await settled(page);
    expect(await page.getByTestId('audit-range').textContent()).toBe('1〜100件目');

    // 操作内容: the whole 社員管理 group; 結果: 成功.
    expect(await page.getByRole('button', { name: '操作内容' }).textContent()).toContain('すべての操作');
    await page.getByRole('button', { name: '操作内容' }).click();
    await page.getByRole('group', { name: '操作内容' }).getByLabel('社員管理').check();
    await shot(page, 'logs-operations-picker', { fullPage: false });
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByLabel('結果', { exact: true }).selectOption('success');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('groups')).toBe('employees');
    // The earlier page stays drawn until the new one arrives (and is not busy before the request
    // starts): wait for rows of the group only, as a fast CI run read the old ones.
    await expect.poll(async () => {
      const actions = await column(page, 2);
      return actions.length > 0 && actions.every((a) => EMPLOYEE_ACTIONS.has(a));
    }).toBe(true);
    await settled(page);
    const actions = await column(page, 2);
    for (const a of actions) expect(EMPLOYEE_ACTIONS.has(a), a).toBe(true);
    expect(new Set(await column(page, 5))).toEqual(new Set(['成功']));

    // 操作ユーザー by name: pick the suggested employee.
    const who = demo.accounts.staff1!;
    await page.getByLabel('操作ユーザー').fill(demo.names.staff1!.split(' ')[0]!);
    await page.getByRole('button', { name: new RegExp(`${who.employeeCode} / ${who.loginId}`) }).click();
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('actor')).toBe(who.id);
    await settled(page);
    const mine = seeded.filter((e) => e.actorAccountId === who.id && e.result === 'success' && actionsOf('employees').includes(e.action) && Date.parse(e.at) > Date.now() - 30 * 86_400_000);
    expect(await page.locator('[data-testid="audit-results"] tbody tr').count()).toBe(mine.length);
    await shot(page, 'logs-conditions');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('opens the detail panel of an entry with every fact that may be shown', async () => {
    const t = await adminOnLogs();
    const { page } = t;
    const failed = seeded.filter((e) => e.result === 'failure' && e.action === 'employee.update' && Date.parse(e.at) > Date.now() - 30 * 86_400_000)[0]!;
    await page.goto(`/admin/logs?actions=employee.update&result=failure`);
    await settled(page);
    await page.locator('[data-testid="audit-results"] tbody tr', { hasText: failed.sourceIp! }).first().getByRole('button').click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    const text = await detail.textContent();
    for (const fact of ['社員管理', '社員情報変更', 'employee.update', '失敗', 'ロック中', failed.actor, failed.sourceIp!, '変更した項目', 'familyName,email1']) expect(text, fact).toContain(fact);
    expect(await page.getByRole('dialog').getByRole('heading').textContent()).toBe('ログの詳細');
    await shot(page, 'logs-detail', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: '閉じる' }).click();
    await detail.waitFor({ state: 'detached' });
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('saves the conditions under a name and runs them again', async () => {
    const t = await adminOnLogs();
    const { page } = t;
    await page.goto('/admin/logs?lastDays=7&groups=signin&result=failure');
    await settled(page);
    await page.getByRole('button', { name: 'この条件を保存' }).click();
    await page.getByLabel('名前', { exact: true }).fill('直近のサインイン失敗');
    expect(await page.getByLabel(/「過去7日間」として保存する/).isChecked()).toBe(true);
    await shot(page, 'logs-save-dialog', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: '保存する' }).click();
    const saved = page.getByTestId('saved-searches');
    await expect.poll(() => saved.textContent()).toContain('直近のサインイン失敗');
    expect(await saved.textContent()).toContain('過去7日間 ・ サインイン ・ 失敗');

    await page.getByRole('button', { name: '条件をクリア' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await settled(page);
    await page.getByRole('button', { name: '実行: 直近のサインイン失敗' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('groups')).toBe('signin');
    expect(new URL(page.url()).searchParams.get('lastDays')).toBe('7');
    await settled(page);
    expect(await page.getByLabel('記録日時').inputValue()).toBe('7');
    expect(new Set(await column(page, 5))).toEqual(new Set(['失敗']));

    // Rename, then delete.
    await page.getByRole('button', { name: '名前を変更: 直近のサインイン失敗' }).click();
    await page.getByLabel('名前', { exact: true }).fill('サインイン失敗（7日）');
    await page.getByRole('dialog').getByRole('button', { name: '保存する' }).click();
    await expect.poll(() => saved.textContent()).toContain('サインイン失敗（7日）');
    await page.getByRole('button', { name: '削除: サインイン失敗（7日）' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '削除' }).click();
    await expect.poll(() => saved.textContent()).not.toContain('サインイン失敗（7日）');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('exports what it shows as CSV', async () => {
    const t = await adminOnLogs();
    const { page } = t;
    await page.goto('/admin/logs?groups=employees');
    await settled(page);
    const count = Number((await page.getByTestId('audit-count').textContent())!.replace(/\D/g, ''));
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV出力', exact: true }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(/^audit-log-\d{8}\.csv$/);
    const bytes = readFileSync((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('日時,操作分類,操作内容,結果,操作ユーザー,操作ユーザーID,対象,対象ユーザーID,理由,送信元IP,詳細,ログID');
    expect(lines.length - 1).toBe(count);
    expect(lines.slice(1).every((l) => l.split(',')[1] === '社員管理')).toBe(true);
    await expect.poll(() => page.getByTestId('audit-export-link').isVisible()).toBe(true);
    await shot(page, 'logs-exported', { fullPage: false });
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('says so, finished, when nothing matches', async () => {
    const t = await adminOnLogs();
    const { page } = t;
    await page.getByLabel('操作ユーザー').fill('no-such-login');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('actorLogin')).toBe('no-such-login');
    await settled(page);
    expect(await page.getByTestId('audit-empty').textContent()).toContain('条件に合う記録はありません。');
    expect(await page.getByRole('button', { name: 'CSV出力', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '次へ' }).count()).toBe(0);
    await shot(page, 'logs-empty');
    // A span over 100 days is refused with the reason.
    await page.getByLabel('記録日時').selectOption('custom');
    await page.getByLabel('開始日').fill('2025-01-01');
    await page.getByLabel('終了日').fill('2025-06-30');
    await page.getByRole('button', { name: '検索', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/期間は100日以内で指定してください。|ログの保存期間は/);
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('ユーザー詳細ログ', () => {
  it('opens one person’s history from the employee list and from the employee page', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    const who = demo.accounts.staff2!;
    const name = demo.names.staff2!;
    await page.getByRole('link', { name: `${name}さんのログを表示` }).click();
    await page.waitForURL(new RegExp(`/admin/employees/${who.id}/logs$`));
    await settled(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ユーザー詳細ログ');
    expect(await page.getByTestId('user-log-who').textContent()).toContain(name);
    const expected = seeded.filter((e) => (e.actorAccountId === who.id || e.targetAccountId === who.id) && Date.parse(e.at) > Date.now() - 30 * 86_400_000);
    expect(expected.length).toBeGreaterThan(5);
    // Other test files act in the demo company too (a sign-in of this person may land meanwhile):
    // every seeded entry is listed, and the count is the rows'.
    const rows = await page.locator('[data-testid="audit-results"] tbody tr').count();
    expect(rows).toBeGreaterThanOrEqual(expected.length);
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toBe(`該当 ${rows} 件`);
    await shot(page, 'user-log');

    // From the employee page.
    await page.getByRole('link', { name: '社員情報に戻る' }).click();
    await page.waitForURL(new RegExp(`/admin/employees/${who.id}$`));
    await page.getByRole('link', { name: 'ユーザー詳細ログ' }).click();
    await page.waitForURL(new RegExp(`/admin/employees/${who.id}/logs$`));
    await settled(page);
    await page.getByLabel('結果', { exact: true }).selectOption('failure');
    await settled(page);
    const failures = expected.filter((e) => e.result === 'failure');
    await expect.poll(() => page.locator('[data-testid="audit-results"] tbody tr').count()).toBe(failures.length);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('reads the same for a viewer, who may export but keeps no saved searches', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsViewer(page);
    await page.getByRole('link', { name: 'ログ表示' }).click();
    await settled(page);
    expect(await page.getByTestId('saved-searches').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'CSV出力', exact: true }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Log');
    expect(await page.getByRole('button', { name: 'Export CSV', exact: true }).count()).toBe(1);
    await shot(page, 'logs-viewer-en');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
