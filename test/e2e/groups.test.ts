import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../bin/local/demo-data.js';
import { api, signIn as apiSignIn } from '../support/api.js';
import { TEST_DEMO_PASSWORD } from '../support/constants.js';
import { useLocalEnv } from '../support/fixtures.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listSettled, openPage, shot, signIn } from './browser.js';

// グループ設定 in the browser (issue 12 item 1): a group made and edited with the factor tiles, and
// employees put into it and taken out of it from 社員一覧 as one background job. A company of its
// own, so the rows and the groups are this file's alone; at the 1366 × 768 the list is laid out for.

const run = Date.now().toString(36).slice(-4).toUpperCase();
const code = `gr${run.toLowerCase()}`;
let browser: Browser;
let token: string;

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

function person(c: string, extra: Partial<DemoAccount> = {}): DemoAccount {
  return {
    employeeCode: c, familyName: '所属', givenName: c, familyNameKana: 'ショゾク', givenNameKana: 'タロウ', office: '本社', department: '総務部', birthDate: '',
    email1: `${c.toLowerCase()}@${run.toLowerCase()}.example.jp`, email2: '', email3: '', loginId: `u-${c.toLowerCase()}`, role: 'employee', enabled: true, ...extra,
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  await seedCompany(code, `株式会社${code.toUpperCase()}`, [
    person('ADM', { role: 'admin', signIn: true, familyName: '管理', givenName: '花子' }),
    person('G01', { email1: 'kazuhiro.yamanouchi-tanaka@hokkaido-branch.example.co.jp', familyName: '山之内', givenName: '和宏', department: '経営企画本部 デジタル推進室', office: '札幌支店' }),
    person('G02', { familyName: '髙橋', givenName: '大輔' }),
    person('G03', { familyName: '齋藤', givenName: '美咲' }),
    person('G04', { familyName: '渡邉', givenName: '彩香' }),
    person('VIEW', { role: 'viewer', signIn: true, familyName: '閲覧', givenName: '次郎' }),
  ], TEST_DEMO_PASSWORD);
  token = await apiSignIn(code, 'u-adm');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The list row of one employee code, matched exactly. */
const rowOf = (page: Page, c: string) => page.locator('table tbody tr').filter({ has: page.locator('td[data-col="code"]', { hasText: new RegExp(`^\\s*${c}\\s*$`) }) });
const groupOf = (page: Page, c: string) => rowOf(page, c).getByTestId('group-of').textContent();
/** The row of a group on グループ設定, by its exact name. */
const groupRow = (page: Page, name: string) => page.locator(`tr[data-group="${name}"]`);
const tile = (page: Page, name: string, value: string) => page.getByTestId(`${name}-${value}`);
const checked = (page: Page, name: string, value: string) => tile(page, name, value).locator('input').isChecked();

/** Whether the list table needs a sideways scroll at this size (as list-actions.test.ts checks it). */
const sidewaysScroll = (page: Page) => page.evaluate(() => {
  const problems: string[] = [];
  const wrap = document.querySelector('.table-wrap') as HTMLElement;
  if (wrap.scrollWidth > wrap.clientWidth + 1) problems.push(`the table scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth})`);
  return problems;
});

async function openList(page: Page) {
  await page.goto('/admin/employees');
  await listSettled(page);
  await poll(() => listedCodes(page)).toEqual(['ADM', 'G01', 'G02', 'G03', 'G04', 'VIEW']);
}

async function runAssignment(page: Page, button: 'group-add' | 'group-remove', codes: string[], group?: string) {
  for (const c of codes) await rowOf(page, c).getByRole('checkbox').check();
  await page.getByTestId(button).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  expect(await dialog.getByTestId('group-targets').locator('li .mono').allTextContents()).toEqual(codes);
  if (group) await dialog.getByText(group, { exact: true }).click();
  return dialog;
}

describe('グループ設定', () => {
  it('creates and edits a group with the factor tiles, assigns and removes employees from 社員一覧, and refuses to delete a group with members', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, { companyCode: code, loginId: 'u-adm', landing: /\/admin\/employees$/ });
    await listSettled(page);
    // No group yet: no group buttons, no group line.
    expect(await page.getByTestId('group-add').count()).toBe(0);
    expect(await page.getByTestId('group-of').count()).toBe(0);

    await page.goto('/admin/groups');
    await page.getByText('グループはまだありません。', { exact: false }).waitFor();
    // A tab of 基本設定: the menu's 基本設定 and the tab グループ設定 are marked current.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('基本設定');
    expect(await page.getByRole('heading', { level: 2, name: 'グループ設定', exact: true }).count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '基本設定', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('navigation', { name: '基本設定のページ' }).getByRole('link', { name: 'グループ設定', exact: true }).getAttribute('aria-current')).toBe('page');

    // A new group: password only, Asia/Tokyo, Japanese.
    await page.getByTestId('group-new').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await checked(page, 'first-factor', 'password')).toBe(true);
    expect(await checked(page, 'second-factor', 'none')).toBe(true);
    expect(await dialog.getByTestId('group-summary').textContent()).toBe('ログオン時の認証: パスワードのみ');
    expect(await dialog.getByLabel('タイムゾーン').inputValue()).toBe('Asia/Tokyo');
    expect(await dialog.getByLabel('表示言語').inputValue()).toBe('ja');
    // The name field is drawn like every other input of the site.
    const name = dialog.getByLabel('グループ名');
    expect(await name.evaluate((el) => [getComputedStyle(el).minHeight, getComputedStyle(el).borderTopStyle])).toEqual(['38px', 'solid']);
    await name.fill(`本社勤務${run}`);
    // ワンタイムパスワード first: the second factor offers なし or パスワード.
    await tile(page, 'first-factor', 'otp').click();
    expect(await tile(page, 'second-factor', 'password').textContent()).toContain('パスワード');
    expect(await tile(page, 'second-factor', 'otp').count()).toBe(0);
    await tile(page, 'second-factor', 'password').click();
    expect(await dialog.getByTestId('group-summary').textContent()).toBe('ログオン時の認証: ワンタイムパスワード＋パスワード');
    await dialog.getByLabel('タイムゾーン').selectOption('UTC');
    await shot(page, 'groups-dialog-new', { fullPage: false });
    await dialog.getByTestId('group-save').click();
    await page.getByText(`グループ「本社勤務${run}」を作成しました。`).waitFor();
    const head = groupRow(page, `本社勤務${run}`);
    expect(await head.locator('td[data-col="method"]').textContent()).toBe('ワンタイムパスワード＋パスワード');
    expect(await head.locator('td[data-col="timeZone"]').textContent()).toBe('UTC（UTC+00:00）');
    expect(await head.locator('td[data-col="language"]').textContent()).toBe('日本語');
    expect(await head.locator('td[data-col="members"]').textContent()).toBe('0人');

    // Edit: one factor, English.
    await head.getByRole('button', { name: '編集' }).click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('グループ名').inputValue()).toBe(`本社勤務${run}`);
    expect(await checked(page, 'first-factor', 'otp')).toBe(true);
    expect(await checked(page, 'second-factor', 'password')).toBe(true);
    await tile(page, 'second-factor', 'none').click();
    await dialog.getByLabel('表示言語').selectOption('en');
    await shot(page, 'groups-dialog-edit', { fullPage: false });
    await dialog.getByTestId('group-save').click();
    await page.getByText(`グループ「本社勤務${run}」を保存しました。`).waitFor();
    await poll(() => head.locator('td[data-col="method"]').textContent()).toBe('ワンタイムパスワードのみ');
    expect(await head.locator('td[data-col="language"]').textContent()).toBe('English（英語）');
    const stored = (await api(token).get('/api/admin/groups')).body.items.find((g: any) => g.name === `本社勤務${run}`);
    expect(stored).toMatchObject({ firstFactor: 'otp', secondFactor: null, timeZone: 'UTC', language: 'en' });

    // A second group, and a name already taken is refused by its field.
    await page.getByTestId('group-new').click();
    await dialog.getByLabel('グループ名').fill(`本社勤務${run}`);
    await dialog.getByTestId('group-save').click();
    await dialog.getByText('同じ名前のグループが既にあります。', { exact: false }).waitFor();
    await dialog.getByLabel('グループ名').fill(`工場${run}`);
    await dialog.getByTestId('group-save').click();
    await groupRow(page, `工場${run}`).waitFor();
    expect(await groupRow(page, `工場${run}`).locator('td[data-col="method"]').textContent()).toBe('パスワードのみ');
    await shot(page, 'groups-page');

    // 社員一覧: tick three → グループへ追加 → choose the group → 一括設定の実行.
    await openList(page);
    expect(await groupOf(page, 'G01')).toBe('未所属');
    const add = await runAssignment(page, 'group-add', ['G01', 'G02', 'G03'], `本社勤務${run}`);
    await shot(page, 'groups-assign-dialog', { fullPage: false });
    await add.getByTestId('group-run').click();
    const job = page.getByTestId('group-job');
    await job.getByText('グループ一括設定が完了しました').waitFor({ timeout: 30_000 });
    expect((await job.getByTestId('issuance-totals').locator('li').first().innerText()).replace(/\s+/g, ' ')).toBe('設定 3 件');
    for (const c of ['G01', 'G02', 'G03']) await poll(() => groupOf(page, c)).toBe(`本社勤務${run}`);
    expect(await groupOf(page, 'G04')).toBe('未所属');
    await shot(page, 'groups-list-assigned', { fullPage: false });
    expect(await sidewaysScroll(page)).toEqual([]);

    // The filter: exactly the three.
    await page.getByLabel('所属グループ').selectOption({ label: `本社勤務${run}` });
    await poll(() => listedCodes(page)).toEqual(['G01', 'G02', 'G03']);
    await page.getByLabel('所属グループ').selectOption({ label: '未所属' });
    await poll(() => listedCodes(page)).toEqual(['ADM', 'G04', 'VIEW']);
    await page.getByLabel('所属グループ').selectOption({ label: 'すべて' });
    await poll(() => listedCodes(page)).toEqual(['ADM', 'G01', 'G02', 'G03', 'G04', 'VIEW']);

    // グループから外す works the same way.
    await page.getByTestId('group-job').getByRole('button', { name: '閉じる' }).click();
    await page.getByTestId('group-job').waitFor({ state: 'detached' });
    await page.locator('table.table-employees').scrollIntoViewIfNeeded();
    await shot(page, 'groups-list-column', { fullPage: false });
    const remove = await runAssignment(page, 'group-remove', ['G01']);
    await remove.getByTestId('group-run').click();
    await page.getByTestId('group-job').getByText('グループ一括設定が完了しました').waitFor({ timeout: 30_000 });
    await poll(() => groupOf(page, 'G01')).toBe('未所属');
    expect(await groupOf(page, 'G02')).toBe(`本社勤務${run}`);

    // A group with members is not deleted; one without is.
    await page.goto('/admin/groups');
    await poll(() => groupRow(page, `本社勤務${run}`).locator('td[data-col="members"]').textContent()).toBe('2人');
    await groupRow(page, `本社勤務${run}`).getByRole('button', { name: '削除' }).click();
    await dialog.getByText('このグループには2人が所属しています。', { exact: false }).waitFor();
    await dialog.getByTestId('group-delete-confirm').click();
    await dialog.getByText('所属する社員がいるグループは削除できません。社員一覧で「グループから外す」か', { exact: false }).last().waitFor();
    await shot(page, 'groups-delete-refused', { fullPage: false });
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await groupRow(page, `工場${run}`).getByRole('button', { name: '削除' }).click();
    await dialog.getByTestId('group-delete-confirm').click();
    await page.getByText(`グループ「工場${run}」を削除しました。`).waitFor();
    await poll(() => groupRow(page, `工場${run}`).count()).toBe(0);

    // Everyone the filters match, with nobody ticked: 未所属 → グループへ追加 → 本社勤務.
    await page.goto('/admin/employees?groupId=none');
    await listSettled(page);
    await poll(() => listedCodes(page)).toEqual(['ADM', 'G01', 'G04', 'VIEW']);
    await page.getByTestId('group-add').click();
    await dialog.waitFor();
    expect(await dialog.getByRole('radio', { name: '選んだ社員（0人）' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('radio', { name: '検索条件に一致する社員すべて' }).isChecked()).toBe(true);
    await dialog.getByText(`本社勤務${run}`, { exact: true }).click();
    await shot(page, 'groups-assign-matching', { fullPage: false });
    await dialog.getByTestId('group-run').click();
    const matched = page.getByTestId('group-job');
    await matched.getByText('グループ一括設定が完了しました').waitFor({ timeout: 30_000 });
    expect((await matched.getByTestId('issuance-totals').locator('li').first().innerText()).replace(/\s+/g, ' ')).toBe('設定 4 件');
    await poll(() => listedCodes(page)).toEqual([]);
    expectNoPageErrors(t);
    await t.context.close();

    // A viewer reads the groups and the group line, and changes nothing.
    const v = await openPage(browser);
    await v.page.setViewportSize({ width: 1366, height: 768 });
    await signIn(v.page, { companyCode: code, loginId: 'u-view', landing: /\/admin\/employees$/ });
    await listSettled(v.page);
    await poll(() => groupOf(v.page, 'G02')).toBe(`本社勤務${run}`);
    expect(await v.page.getByTestId('group-add').count()).toBe(0);
    await v.page.goto('/admin/groups');
    await groupRow(v.page, `本社勤務${run}`).waitFor();
    expect(await groupRow(v.page, `本社勤務${run}`).locator('td[data-col="members"]').textContent()).toBe('6人');
    expect(await v.page.getByRole('button', { name: '編集' }).count()).toBe(0);
    expect(await v.page.getByTestId('group-new').count()).toBe(0);
    expectNoPageErrors(v);
    await v.context.close();
  });
});
