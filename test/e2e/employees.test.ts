import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, editableFields, signIn as apiSignIn } from '../support/api.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listColumn, listSettled, openPage, shot, signInAsAdmin, type TestPage } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function adminPage(): Promise<TestPage> {
  const t = await openPage(browser);
  await signInAsAdmin(t.page);
  await listSettled(t.page);
  return t;
}


async function search(page: Page, q: string) {
  await page.getByLabel('キーワード').fill(q);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q') ?? '').toBe(q);
  await listSettled(page);
}

/** Opens an employee's form from the list by searching for the code. */
async function openEmployee(page: Page, code: string, name: string) {
  await page.goto('/admin/employees');
  await listSettled(page);
  await search(page, code);
  await page.getByRole('link', { name, exact: true }).click();
  await page.waitForURL(/\/admin\/employees\/[^/]+$/);
  await expect.poll(() => page.getByLabel('社員コード').inputValue()).toBe(code);
}

describe('社員一覧', () => {
  it('shows the rows of the last filters asked for when an earlier answer comes later', async () => {
    const t = await adminPage();
    const { page } = t;
    // Hold back the answer for 20 a page until the one for 50 has been shown.
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    await page.route(/\/api\/admin\/employees\?/, async (route) => {
      const limit = new URL(route.request().url()).searchParams.get('limit');
      if (limit === '20') await firstHeld;
      await route.continue();
    });
    await page.getByRole('button', { name: '更新', exact: true }).click();
    await page.getByLabel('表示件数').selectOption('50');
    await page.waitForURL(/limit=50/);
    await expect.poll(async () => (await listedCodes(page)).length).toBeGreaterThan(20);
    releaseFirst();
    await page.waitForTimeout(500);
    await listSettled(page);
    expect((await listedCodes(page)).length).toBeGreaterThan(20);
    await page.unroute(/\/api\/admin\/employees\?/);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('pages forward and back with the cursor, in employee-code order', async () => {
    const t = await adminPage();
    const { page } = t;
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('社員一覧');
    const first = await listedCodes(page);
    expect(first).toHaveLength(20);
    expect(first.slice(0, 3)).toEqual(['0001', '0002', '0003']);
    expect([...first].sort()).toEqual(first);
    expect(await page.getByTestId('pager-range').textContent()).toBe('1 ページ目（1〜20 件目）');
    expect(await page.getByRole('button', { name: '前へ' }).isDisabled()).toBe(true);
    // The demo data's kanji come through intact, and the status and role columns read in Japanese.
    expect(await listColumn(page, 'name')).toEqual(expect.arrayContaining(['髙橋 大輔', '山﨑 誠']));
    expect(new Set(await listColumn(page, 'enabled'))).toEqual(new Set(['有効']));
    expect(await listColumn(page, 'role')).toContain('一般');
    await shot(page, 'admin-employees');

    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(() => listedCodes(page).then((c) => c[0])).toBe('0021');
    expect(await page.getByTestId('pager-range').textContent()).toMatch(/^2 ページ目（21〜\d+ 件目）$/);
    const second = await listedCodes(page);
    expect(second.some((c) => first.includes(c))).toBe(false);
    expect(second).toEqual(expect.arrayContaining(['0030', '9001', '9002']));
    await shot(page, 'admin-employees-page2');

    await page.getByRole('button', { name: '前へ' }).click();
    await expect.poll(() => listedCodes(page)).toEqual(first);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('searches by code, name or kana and filters by department', async () => {
    const t = await adminPage();
    const { page } = t;

    await search(page, '髙橋');
    expect(await listColumn(page, 'name')).toEqual(['髙橋 大輔']);
    await search(page, 'ヤマザキ');
    expect(await listColumn(page, 'name')).toEqual(['山﨑 誠']);
    await search(page, '0012');
    expect(await listedCodes(page)).toEqual(['0012']);
    await shot(page, 'admin-employees-search');

    await search(page, '該当者なしの検索語');
    await expect.poll(() => page.getByText('条件に一致する社員はいません。').isVisible()).toBe(true);
    await shot(page, 'admin-employees-empty');

    await search(page, '');
    const departmentSelect = page.getByLabel('所属部署');
    const options = await departmentSelect.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['すべての部署', '営業部', '開発部', '経理部', '人事部', '総務部']));
    await departmentSelect.selectOption('経理部');
    await expect.poll(() => new URL(page.url()).searchParams.get('department')).toBe('経理部');
    await listSettled(page);
    const departments = await listColumn(page, 'department');
    expect(departments.length).toBeGreaterThan(0);
    expect(new Set(departments)).toEqual(new Set(['経理部']));
    await shot(page, 'admin-employees-department');

    // 更新 fetches again and keeps the filter.
    await page.getByRole('button', { name: '更新' }).click();
    await listSettled(page);
    expect(new Set(await listColumn(page, 'department'))).toEqual(new Set(['経理部']));
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('社員の登録・編集・削除', () => {
  it('shows field errors from the API, registers with a generated login ID, and deletes', async () => {
    const t = await adminPage();
    const { page } = t;
    await page.getByRole('link', { name: '新規登録' }).click();
    await page.waitForURL(/\/admin\/employees\/new$/);
    await page.getByText('空欄の場合は自動で発行されます').waitFor();
    await shot(page, 'admin-employee-new');

    // Nothing filled in but a bad address: every problem appears under its own field.
    await page.getByLabel('メールアドレス1').fill('not-an-address');
    await page.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.locator('#emp-employeeCode-error').textContent()).toBe('社員コードは必須です。');
    expect(await page.locator('#emp-familyName-error').textContent()).toBe('姓は必須です。');
    expect(await page.locator('#emp-givenName-error').textContent()).toBe('名は必須です。');
    expect(await page.locator('#emp-email1-error').textContent()).toContain('メールアドレス1の形式が正しくありません');
    expect(await page.getByRole('alert').first().textContent()).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    await shot(page, 'admin-employee-new-errors');

    await page.getByLabel('社員コード').fill('00770');
    await page.getByLabel('姓', { exact: true }).fill('齋藤');
    await page.getByLabel('名', { exact: true }).fill('晴美');
    await page.getByLabel('姓（フリガナ）').fill('さいとう');
    await page.getByLabel('名（フリガナ）').fill('ハルミ');
    await page.getByLabel('所属事業所').fill('本社');
    await page.getByLabel('所属部署').fill('総務部');
    await page.getByLabel('生年月日').fill('1990/4/1');
    await page.getByLabel('メールアドレス1').fill('harumi.saito@demo.example.jp');
    await page.getByLabel('権限').selectOption({ label: '閲覧者' });
    await page.getByRole('button', { name: '登録する' }).click();

    await page.waitForURL(/\/admin\/employees\/(?!new$)[^/]+$/);
    const notice = page.getByRole('status').filter({ hasText: '登録しました' });
    await expect.poll(() => notice.textContent()).toMatch(/^登録しました（社員コード 00770、ログインID \S+）。$/);
    // Leading zero kept; kana normalized to katakana by the API; login ID generated.
    expect(await page.getByLabel('社員コード').inputValue()).toBe('00770');
    expect(await page.getByLabel('姓（フリガナ）').inputValue()).toBe('サイトウ');
    expect(await page.getByLabel('生年月日').inputValue()).toBe('1990-04-01');
    const loginId = await page.getByLabel('ログインID').inputValue();
    expect(loginId).not.toBe('');
    expect(await notice.textContent()).toContain(loginId);
    expect(await page.getByLabel('権限').inputValue()).toBe('viewer');
    await shot(page, 'admin-employee-created');

    await page.goto('/admin/employees?q=00770');
    await listSettled(page);
    expect(await listedCodes(page)).toEqual(['00770']);
    expect(await listColumn(page, 'loginId')).toEqual([loginId]);
    expect(await listColumn(page, 'role')).toEqual(['閲覧者']);

    // Delete asks first; キャンセル keeps the employee.
    await page.getByRole('link', { name: '齋藤 晴美', exact: true }).click();
    await page.getByRole('button', { name: '削除' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('社員コード 00770 齋藤 晴美 さんを削除します');
    await shot(page, 'admin-employee-delete-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: '削除する' }).click();
    // Back to the list as it was left (searched for 00770).
    await page.waitForURL(/\/admin\/employees\?q=00770$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('齋藤 晴美 さんを削除しました。');
    await search(page, '00770');
    expect(await listedCodes(page)).toEqual([]);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('warns about an address another employee uses, and saves after 登録する', async () => {
    const t = await adminPage();
    const { page } = t;
    await openEmployee(page, '0003', '髙橋 大輔');
    expect(await page.getByLabel('メールアドレス3').inputValue()).toBe('');
    await shot(page, 'admin-employee-edit');

    // 0001 佐藤 健太 holds this address.
    await page.getByLabel('メールアドレス3').fill('Sato.Kenta@demo.example.jp');
    await page.getByRole('button', { name: '保存する' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('このメールアドレスは既に 社員コード 0001 佐藤 健太 さんが使用しています。');
    expect(await dialog.textContent()).toContain('登録してよろしいですか？');
    await shot(page, 'admin-employee-duplicate-dialog', { fullPage: false });

    // キャンセル: nothing saved.
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const token = await apiSignIn('demo', 'admin');
    const id = page.url().split('/').pop()!;
    expect((await api(token).get(`/api/admin/employees/${id}`)).body.email3).toBe('');

    await page.getByRole('button', { name: '保存する' }).click();
    await dialog.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: '保存しました' }).count()).toBe(1);
    const saved = (await api(token).get(`/api/admin/employees/${id}`)).body;
    expect(saved.email3.toLowerCase()).toBe('sato.kenta@demo.example.jp');

    await page.reload();
    await expect.poll(() => page.getByLabel('メールアドレス3').inputValue()).toBe(saved.email3);
    await page.goto('/admin/employees?q=0003');
    await listSettled(page);
    // Three addresses now: the list shows the first and "他 2 件".
    expect((await listColumn(page, 'email'))[0]).toContain('他 2 件');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('says when someone else saved first, and reloads the latest version', async () => {
    const t = await adminPage();
    const { page } = t;
    await openEmployee(page, '0005', '伊藤 翔太');
    const id = page.url().split('/').pop()!;

    // Another admin changes the department meanwhile.
    const token = await apiSignIn('demo', 'admin');
    const current = (await api(token).get(`/api/admin/employees/${id}`)).body;
    const changed = await api(token).put(`/api/admin/employees/${id}`, { ...editableFields(current), department: '経営企画部', version: current.version });
    expect(changed.status).toBe(200);

    await page.getByLabel('所属事業所').fill('名古屋営業所');
    await page.getByRole('button', { name: '保存する' }).click();
    const warning = page.getByRole('status').filter({ hasText: '他の人がこの社員情報を変更しました' });
    await expect.poll(() => warning.count()).toBe(1);
    await shot(page, 'admin-employee-version-conflict');

    await page.getByRole('button', { name: '最新の内容を読み込む' }).click();
    await expect.poll(() => page.getByLabel('所属部署').inputValue()).toBe('経営企画部');
    expect(await warning.count()).toBe(0);
    expectNoPageErrors(t);
    await t.context.close();
  });
});
