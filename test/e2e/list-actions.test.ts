import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../bin/local/demo-data.js';
import { api, signIn as apiSignIn } from '../support/api.js';
import { TEST_DEMO_PASSWORD } from '../support/constants.js';
import { useLocalEnv } from '../support/fixtures.js';
import { expectNoPageErrors, launchBrowser, listedCodes, listSettled, openPage, shot, signIn, signInAsAdmin, type TestPage } from './browser.js';
import { moveClockPast, resetClock, runSweep } from './mail-store.js';

// Issue 15 in the browser: accounts that sign in are 発行済 and the admin's own row cannot be
// ticked; 異体字 search; 選択して削除; パスワード一括発行 (N) in PDF and mail mode, with counts
// that match the job; every mail send asks first; the list at 1366 × 768 in both modes. The bulk
// issues and the mail mode run in companies of their own: the demo company stays as other files expect.

const run = Date.now().toString(36).slice(-4).toUpperCase();
let browser: Browser;

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000 });

/** The list row of one employee code: its code cell says exactly that (other cells may contain it, in an address or a name). */
function rowOf(page: Page, code: string) {
  return page.locator('table tbody tr').filter({ has: page.locator('td[data-col="code"]', { hasText: new RegExp(`^\\s*${code}\\s*$`) }) });
}

function person(code: string, extra: Partial<DemoAccount> = {}): DemoAccount {
  return {
    employeeCode: code, familyName: '一括', givenName: code, familyNameKana: 'イッカツ', givenNameKana: 'タロウ', office: '本社', department: '総務部', birthDate: '',
    email1: `${code.toLowerCase()}@${run.toLowerCase()}.example.jp`, email2: '', email3: '', loginId: `u-${code.toLowerCase()}`, role: 'employee', enabled: true, ...extra,
  };
}

/** A company of its own with an admin who signs in and the given employees (all at 未発行). */
async function company(code: string, people: DemoAccount[]): Promise<string> {
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  await seedCompany(code, `株式会社${code.toUpperCase()}`, [person('ADM', { role: 'admin', signIn: true, familyName: '管理', givenName: '花子' }), ...people], TEST_DEMO_PASSWORD);
  return apiSignIn(code, 'u-adm');
}

/** A page at the 1366 × 768 of a common laptop, the size these screens are laid out for. */
async function laptopPage(): Promise<TestPage> {
  const t = await openPage(browser);
  await t.page.setViewportSize({ width: 1366, height: 768 });
  return t;
}

async function companyAdmin(code: string): Promise<TestPage> {
  const t = await laptopPage();
  await signIn(t.page, { companyCode: code, loginId: 'u-adm', landing: /\/admin\/employees$/ });
  await listSettled(t.page);
  return t;
}

const counts = async (token: string) => (await api(token).get('/api/admin/employee-counts')).body as Record<string, number>;
const totals = (page: Page) => page.getByTestId('issuance-totals').locator('li').allInnerTexts();
/** 成功 4 件 / 失敗 0 件 / 対象外 1 件 → the sum of the three. */
const totalOf = (lines: string[]) => lines.map((l) => Number(/(\d+)\s*件/.exec(l)?.[1] ?? NaN)).reduce((a, b) => a + b, 0);

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await resetClock();
  await browser?.close();
});

describe('accounts that sign in, and the own row', () => {
  it('shows the demo admin and viewer as 発行済; the own row cannot be ticked, all-select skips it; reissuing the viewer warns', async () => {
    const t = await laptopPage();
    const { page } = t;
    await signInAsAdmin(page);
    await page.goto('/admin/employees?q=900');
    await listSettled(page);
    await poll(() => listedCodes(page)).toEqual(['9001', '9002']);
    const cell = (code: string, col: string) => rowOf(page, code).locator(`td[data-col="${col}"]`);
    expect(await cell('9001', 'password').textContent()).toBe('発行済');
    expect(await cell('9002', 'password').textContent()).toBe('発行済');
    const own = cell('9001', 'code').getByRole('checkbox');
    expect(await own.isDisabled()).toBe(true);
    expect(await own.getAttribute('title')).toContain('マイページ');
    await page.getByRole('checkbox', { name: 'このページの社員をすべて選択' }).check();
    await poll(() => page.getByRole('button', { name: /^選択してパスワード発行/ }).textContent()).toBe('選択してパスワード発行 (1)');
    expect(await own.isChecked()).toBe(false);

    // The viewer has a password: issuing is a reissue, and it warns first.
    await rowOf(page, '9002').locator('a.cell-main').click();
    await page.waitForURL(/\/admin\/employees\/[^/]+$/);
    await page.getByRole('button', { name: 'PDFで再発行' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワードの再発行' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('現在のパスワードはすぐに使えなくなります');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();

    // The own record offers no reissue: マイページ is the place for one's own password.
    await page.goto('/admin/employees?q=9001');
    await listSettled(page);
    await rowOf(page, '9001').locator('a.cell-main').click();
    await page.getByTestId('own-password').waitFor();
    expect(await page.getByTestId('own-password').textContent()).toContain('マイページで変更してください');
    expect(await page.getByRole('button', { name: 'PDFで再発行' }).count()).toBe(0);
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('search', () => {
  it('finds 髙橋 by 高橋 and 山﨑 by 山崎', async () => {
    const t = await laptopPage();
    const { page } = t;
    await signInAsAdmin(page);
    for (const [typed, shown] of [['高橋', '髙橋 大輔'], ['山崎', '山﨑 誠']] as const) {
      await page.getByLabel('キーワード').fill(typed);
      await page.getByRole('button', { name: '検索', exact: true }).click();
      await poll(() => new URL(page.url()).searchParams.get('q')).toBe(typed);
      await listSettled(page);
      await poll(() => page.locator('td[data-col="name"] a').allTextContents()).toEqual([shown]);
    }
    await shot(page, 'search-itaiji', { fullPage: false });
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('選択して削除', () => {
  it('asks with the count and the names, deletes exactly those, and says so', async () => {
    const token = await apiSignIn('demo', 'admin');
    for (const n of [1, 2, 3]) {
      const res = await api(token).post('/api/admin/employees', { ...person(`DL${run}${n}`), loginId: '' });
      expect(res.status, res.text).toBe(201);
    }
    const t = await laptopPage();
    const { page } = t;
    await signInAsAdmin(page);
    await page.goto(`/admin/employees?q=DL${run}`);
    await listSettled(page);
    await poll(() => listedCodes(page)).toEqual([1, 2, 3].map((n) => `DL${run}${n}`));
    const remove = (n: number) => page.getByRole('button', { name: `選択して削除 (${n})` });
    expect(await remove(0).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'このページの社員をすべて選択' }).check();
    await remove(3).click();
    const dialog = page.getByRole('dialog', { name: '3 人の社員の削除' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('delete-list').locator('li').allTextContents()).toEqual([1, 2, 3].map((n) => `DL${run}${n} 一括 DL${run}${n}`));
    await shot(page, 'bulk-delete-confirm', { fullPage: false });
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    expect(await listedCodes(page)).toHaveLength(3);
    await remove(3).click();
    await page.getByRole('dialog').getByRole('button', { name: '3 人を削除する' }).click();
    await poll(() => page.getByTestId('bulk-delete-result').textContent()).toBe('3 人の社員を削除しました。');
    await poll(() => page.getByText('条件に一致する社員はいません').count()).toBe(1);
    await shot(page, 'bulk-delete-done', { fullPage: false });
    expect((await api(token).get(`/api/admin/employees?q=DL${run}`)).body.items).toEqual([]);
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('パスワード一括発行 (N)', () => {
  it('PDF: N from the 未発行 counter; the confirmation and the job count the same N', async () => {
    const code = `bp${run.toLowerCase()}`;
    const token = await company(code, [person('P1'), person('P2'), person('P3'), person('P4', { enabled: false })]);
    const n = (await counts(token))['password#unissued']!;
    expect(n).toBe(4);
    const t = await companyAdmin(code);
    const { page } = t;
    await page.getByRole('button', { name: `パスワード一括発行 (${n})` }).click();
    await page.waitForURL(/\/admin\/issuance\?all=1$/);
    expect(await page.getByTestId('password-bulk-lead').textContent()).toContain(`${n} 人`);
    await page.getByRole('button', { name: `ダウンロード (${n})` }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワード一括発行' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('password-bulk-confirm').textContent()).toContain(`${n} 人`);
    await shot(page, 'password-bulk-pdf-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: `${n} 人分を発行する` }).click();
    await page.getByRole('heading', { name: '発行結果' }).waitFor({ timeout: 60_000 });
    const lines = await totals(page);
    expect(totalOf(lines)).toBe(n);
    expect(lines.join(' ')).toMatch(/成功\s*3 件/);
    expect(lines.join(' ')).toMatch(/対象外\s*1 件/);
    expect((await counts(token))['password#unissued']).toBe(1);
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('mail: N from the counter; the page and the confirmation give the count and the estimate; the job counts N', async () => {
    const code = `bm${run.toLowerCase()}`;
    const token = await company(code, [person('M1'), person('M2'), person('M3', { email1: '' }), person('M4', { email1: '', email2: `m4-second@${run.toLowerCase()}.example.jp` })]);
    expect((await api(token).call('PATCH', '/api/admin/settings', { notificationMethod: 'mail' })).status).toBe(200);
    const n = (await counts(token))['password#unissued']!;
    expect(n).toBe(4);
    const t = await companyAdmin(code);
    const { page } = t;
    await page.getByRole('button', { name: `パスワード一括発行 (${n})` }).click();
    await page.waitForURL(/\/admin\/mail-issuance\?all=1$/);
    await poll(() => page.getByTestId('password-bulk-lead').textContent()).toContain(`${n} 人`);
    expect(await page.getByTestId('mail-estimate').textContent()).toMatch(new RegExp(`^対象 ${n} 人・送信にかかる時間の目安: 約 \\d+ 秒`));
    // A preview of what goes out, from the bulk page.
    await page.getByTestId('bulk-preview-link').first().click();
    await poll(() => page.getByTestId('preview-subject').textContent()).toBe('【kagi】アカウント認証要求');
    await page.getByRole('button', { name: `「認証要求メール」を送信 (${n})` }).click();
    const confirm = page.getByTestId('mail-confirm');
    await confirm.waitFor();
    expect(await confirm.getByTestId('mail-confirm-count').textContent()).toContain(`${n} 人`);
    expect(await confirm.getByTestId('mail-confirm-time').textContent()).toMatch(/^約 \d+ 秒（1 秒あたり \d+ 件）$/);
    await shot(page, 'password-bulk-mail-confirm', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: `${n} 件送信する` }).click();
    await page.getByRole('heading', { name: '送信結果' }).waitFor({ timeout: 60_000 });
    const lines = await totals(page);
    expect(totalOf(lines)).toBe(n);
    expect(lines.join(' ')).toMatch(/送信\s*3 件/);
    expect((await counts(token))['verification#pending']).toBe(3);
    expectNoPageErrors(t);
    await t.context.close();
  });
});

describe('every mail send asks first', () => {
  it('one employee: send and resend each ask with 1 件 and the estimate; nothing goes out on cancel', async () => {
    const code = `ms${run.toLowerCase()}`;
    const token = await company(code, [person('S1')]);
    expect((await api(token).call('PATCH', '/api/admin/settings', { notificationMethod: 'mail' })).status).toBe(200);
    const t = await companyAdmin(code);
    const { page } = t;
    const cell = () => rowOf(page, 'S1').locator('td[data-col="verification"]');
    await cell().getByRole('link', { name: '未' }).click();
    await page.waitForURL(/\/admin\/mail-issuance\/[^/?]+$/);
    await page.getByRole('button', { name: '「認証要求メール」を送信' }).click();
    const dialog = page.getByRole('dialog', { name: '「認証要求メール」の送信' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('mail-confirm-count').textContent()).toBe('1 件');
    expect(await dialog.getByTestId('mail-confirm-time').textContent()).toMatch(/^約 1 秒/);
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    expect((await counts(token))['verification#pending'] ?? 0).toBe(0);
    await page.getByRole('button', { name: '「認証要求メール」を送信' }).click();
    await shot(page, 'mail-send-confirm', { fullPage: false });
    await page.getByRole('dialog').getByRole('button', { name: '送信する' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'にメールを送信しました' }).count()).toBe(1);

    // 認証待ち in the list leads to the same page, where the resend asks too.
    await page.goto('/admin/employees');
    await listSettled(page);
    await cell().getByRole('link', { name: '認証待ち' }).click();
    await page.waitForURL(/\/admin\/mail-issuance\/[^/?]+$/);
    await page.getByRole('button', { name: '「認証要求メール」を再送信' }).click();
    const again = page.getByRole('dialog', { name: '「認証要求メール」の再送信' });
    await again.waitFor();
    expect(await again.getByTestId('mail-confirm-count').textContent()).toBe('1 件');
    await again.getByRole('button', { name: '送信する' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'にメールを送信しました' }).count()).toBe(1);
    expectNoPageErrors(t);
    await t.context.close();
  });
});

/** Where each address cell wraps: the characters on both sides of every line break. */
async function addressBreaks(page: Page): Promise<Array<{ address: string; before: string; after: string }>> {
  return page.evaluate(() => {
    const breaks: Array<{ address: string; before: string; after: string }> = [];
    for (const td of document.querySelectorAll('td[data-col="email"]')) {
      const chars: Array<{ c: string; top: number }> = [];
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if ((node.parentElement as HTMLElement).closest('.more')) continue;
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          chars.push({ c: text[i]!, top: Math.round(range.getBoundingClientRect().top) });
        }
      }
      const address = chars.map((x) => x.c).join('');
      for (let i = 1; i < chars.length; i++) if (chars[i]!.top > chars[i - 1]!.top) breaks.push({ address, before: chars[i - 1]!.c, after: chars[i]!.c });
    }
    return breaks;
  });
}

/** Headers that wrap or are cut, and whether the table needs a horizontal scroll. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const wrap = document.querySelector('.table-wrap') as HTMLElement;
    if (wrap.scrollWidth > wrap.clientWidth + 1) problems.push(`the table scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth})`);
    for (const th of document.querySelectorAll('thead th')) {
      const el = th as HTMLElement;
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`header cut: ${el.textContent}`);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) problems.push(`header wraps: ${node.textContent}`);
      }
    }
    return problems;
  });
}

describe('社員一覧 at 1366 × 768', () => {
  it('fits in both modes: whole headers, addresses wrapped only between words (looked at in the screenshots)', async () => {
    const code = `ly${run.toLowerCase()}`;
    const people = [
      person('L01', { email1: 'kazuhiro.yamanouchi-tanaka@hokkaido-branch.example.co.jp', email2: 'k.yamanouchi@home.example.jp', familyName: '山之内', givenName: '和宏', familyNameKana: 'ヤマノウチ', givenNameKana: 'カズヒロ', department: '経営企画本部 デジタル推進室', office: '札幌支店' }),
      person('L02', { email1: 'bounce@simulator.amazonses.com', familyName: '齋藤', givenName: '美咲' }),
      person('L03', { email1: 'takahashi.daisuke.sales-division@tokyo-head-office.example.jp', familyName: '髙橋', givenName: '大輔' }),
      person('L04', { email1: 'ito@example.jp', familyName: '伊藤', givenName: '翔太' }),
      person('L05', { familyName: '渡邉', givenName: '彩香', department: '人事部' }),
      person('L06', { email1: '', familyName: '濵田', givenName: '結衣' }),
    ];
    const token = await company(code, people);
    const t = await laptopPage();
    const { page } = t;
    await signIn(page, { companyCode: code, loginId: 'u-adm', landing: /\/admin\/employees$/ });
    await listSettled(page);
    await poll(() => listedCodes(page)).toHaveLength(7);

    expect(await layoutProblems(page)).toEqual([]);
    const breaks = await addressBreaks(page);
    for (const b of breaks) expect(b.after === '@' || b.before === '.', `${b.address} breaks between "${b.before}" and "${b.after}"`).toBe(true);
    // The long address needs to wrap at 1366 px: it does, between words.
    expect(breaks.map((b) => b.address)).toContain('kazuhiro.yamanouchi-tanaka@hokkaido-branch.example.co.jp');
    await shot(page, 'list-1366-pdf', { fullPage: false });

    // Mail mode, with 認証待ち, 有効期限切れ and a bounce on screen.
    expect((await api(token).call('PATCH', '/api/admin/settings', { notificationMethod: 'mail', verificationValidityDays: 1 })).status).toBe(200);
    const ids = Object.fromEntries(((await api(token).get('/api/admin/employees?limit=20')).body.items as Array<{ id: string; employeeCode: string }>).map((e) => [e.employeeCode, e.id]));
    const send = async (codes: string[]) => {
      const started = await api(token).post('/api/admin/issuance/mail', { targets: codes.map((c) => ({ employeeId: ids[c], address: 1 })) });
      expect(started.status, started.text).toBe(202);
      await poll(async () => (await api(token).get(`/api/admin/jobs/${started.body.jobId}`)).body.state).toBe('done');
    };
    await send(['L01', 'L03']);
    await moveClockPast(new Date(Date.now() + 86_400_000).toISOString());
    await runSweep();
    await resetClock();
    await send(['L02', 'L04']);
    await poll(async () => (await counts(token))['verification#expired']).toBe(2);

    await page.reload();
    await listSettled(page);
    const cell = (c: string) => rowOf(page, c).locator('td[data-col="verification"]');
    await poll(() => cell('L01').textContent()).toBe('有効期限切れ');
    await poll(() => cell('L02').textContent()).toContain('不達');
    // 有効期限切れ and 認証待ち lead to the mail page, like 未.
    expect(await cell('L01').getByRole('link', { name: '有効期限切れ' }).getAttribute('href')).toBe(`/admin/mail-issuance/${ids.L01}`);
    expect(await cell('L04').getByRole('link', { name: '認証待ち' }).getAttribute('href')).toBe(`/admin/mail-issuance/${ids.L04}`);
    expect(await layoutProblems(page)).toEqual([]);
    for (const b of await addressBreaks(page)) expect(b.after === '@' || b.before === '.', `${b.address} breaks between "${b.before}" and "${b.after}"`).toBe(true);
    await shot(page, 'list-1366-mail', { fullPage: false });
    await page.getByRole('checkbox', { name: 'このページの社員をすべて選択' }).check();
    await shot(page, 'list-1366-mail-selected', { fullPage: false });
    expectNoPageErrors(t);
    await t.context.close();
  });
});
