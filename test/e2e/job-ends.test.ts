import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { RETRY_DELAYS_MS } from '../../functions/adapters/queue/local-queue.js';
import { STALL_AFTER_MS } from '../../functions/core/jobs/delivery.js';
import { api, signIn as apiSignIn } from '../support/api.js';
import { claimsOf } from '../support/claims.js';
import { expectNoPageErrors, launchBrowser, openPage, shot, signInAsAdmin } from './browser.js';

// A job whose chunk fails on every delivery, as the admin meets it: 発行ジョブ says it failed and
// why, its result screen lists the employees it could not process with the reason, and one
// button, 未処理の社員で再実行, issues exactly them. The fault (a failing S3 put of chunk 1's pages)
// is injected through the local runtime's test controls, never through the code under test.

const run = Date.now().toString(36).slice(-4).toUpperCase();
const code = (n: number) => `JE${run}${String(n).padStart(2, '0')}`;
const UNPROCESSED = '処理に失敗しました。再実行してください。';
/** Chunk 0 (40 employees) is issued; chunk 1 (the last two) fails every time. */
const EMPLOYEES = 42;

let browser: Browser;
let token: string;
const ids: string[] = [];

async function local(path: 'clock' | 'faults' | 'sweep', body: unknown = {}) {
  const res = await fetch(`${inject('baseUrl')}/__local/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}
const resetControls = async () => {
  await local('faults', { faults: [] });
  await local('clock', { offsetMs: 0 });
};

beforeAll(async () => {
  browser = await launchBrowser();
  token = await apiSignIn('demo', 'admin');
  for (let n = 1; n <= EMPLOYEES; n++) {
    const res = await api(token).post('/api/admin/employees', { employeeCode: code(n), familyName: '再実行', givenName: `${n}号`, loginId: `je${run.toLowerCase()}.${n}` });
    expect(res.status, res.text).toBe(201);
    ids.push(res.body.id);
  }
});

afterEach(resetControls);
afterAll(async () => {
  await resetControls();
  await browser?.close();
});

const getJob = async (jobId: string) => (await api(token).get(`/api/admin/jobs/${jobId}`)).body;

describe('a job that ended with employees not processed', () => {
  it('shows why on 発行ジョブ and the result screen; 未処理の社員で再実行 issues exactly the two', { timeout: 300_000 }, async () => {
    await local('faults', { faults: [{ command: 'PutObjectCommand', inputContains: '/part-1.pdf', effect: 'fail' }] });
    const started = await api(token).post('/api/admin/issuance/pdf', { employeeIds: ids });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.jobId as string;

    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    // The result screen follows the job while it runs: 40 of 42 done, the last chunk retried.
    await page.goto(`/admin/issuance?job=${encodeURIComponent(jobId)}`);
    await expect.poll(async () => (await getJob(jobId)).progress.done, { timeout: 60_000 }).toBe(40);

    // The queue retries after a second, then only after a long wait: the service's clock moves
    // on past it, a step at a time, until the chunk is dead-lettered and its job ended.
    for (let step = 1; step <= 4 && (await getJob(jobId)).state !== 'failed'; step++) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
      await local('clock', { offsetMs: step * (RETRY_DELAYS_MS.at(-1)! + 60_000) });
      await expect.poll(async () => (await getJob(jobId)).state, { timeout: 15_000 }).toBe('failed').catch(() => undefined);
    }
    expect(await getJob(jobId)).toMatchObject({ state: 'failed', stopReason: 'chunk-failed', canRerun: true });
    await resetControls();

    // The result screen: the failure in words, the totals, the two employees with the reason, one button.
    const end = page.getByTestId('job-end');
    await end.getByText('一部の社員を処理できないまま、ジョブが終了しました。').waitFor({ timeout: 30_000 });
    expect(await end.innerText()).toContain('3 回試みても処理できなかった部分があります。');
    expect(await page.getByTestId('issuance-totals').locator('li').allInnerTexts()).toEqual(['成功\n40 件', '失敗\n2 件', '対象外\n0 件']);
    const rows = page.getByTestId('issuance-results').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    for (const [i, n] of [41, 42].entries()) {
      const cells = await rows.nth(i).locator('td').allInnerTexts();
      expect(cells[0]).toBe(code(n));
      expect(cells.join(' ')).toContain(UNPROCESSED);
    }
    // What was issued stands: its notices can be downloaded.
    await page.getByTestId('issuance-download').waitFor();
    const rerun = page.getByRole('button', { name: '未処理の社員で再実行（2 人）' });
    expect(await rerun.isEnabled()).toBe(true);
    await shot(page, 'job-ends-result-failed');

    // 発行ジョブ: 失敗, and which way it ended.
    await page.getByRole('link', { name: '発行ジョブ' }).click();
    await page.waitForURL(/\/admin\/jobs$/);
    const jobRow = page.getByTestId(`job-${jobId}`);
    await jobRow.waitFor();
    expect(await jobRow.getByTestId('stop-reason').innerText()).toBe('一部の社員を処理できずに終了');
    expect(await jobRow.innerText()).toContain('失敗');
    await jobRow.getByRole('button', { name: '未処理の社員で再実行' }).waitFor();
    await shot(page, 'job-ends-jobs-list');

    // Back to the result, and the one button: a new job for exactly the two, issued at once.
    await jobRow.getByRole('link', { name: '開く' }).click();
    await page.getByTestId('job-end').getByRole('button', { name: '未処理の社員で再実行（2 人）' }).click();
    await page.waitForURL((url) => url.searchParams.has('job') && url.searchParams.get('job') !== jobId);
    const rerunId = new URL(page.url()).searchParams.get('job')!;
    await page.getByRole('heading', { name: '発行結果' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('issuance-totals').locator('li').allInnerTexts(), { timeout: 60_000 }).toEqual(['成功\n2 件', '失敗\n0 件', '対象外\n0 件']);
    expect(await page.getByTestId('job-end').innerText()).toContain('このジョブは、前のジョブで失敗・未処理だった社員の再実行です。');
    expect(await page.getByRole('button', { name: /未処理の社員で再実行/ }).count()).toBe(0);
    await shot(page, 'job-ends-rerun-result');
    expect(await getJob(rerunId)).toMatchObject({ state: 'done', rerunOf: jobId, progress: { total: 2 }, counts: { succeeded: 2, failed: 0 } });
    const issued = await Promise.all(ids.map(async (id) => (await api(token).get(`/api/admin/employees/${id}`)).body.passwordStatus));
    expect(issued.every((s) => s === 'issued')).toBe(true);

    // The old job now points at its re-run, and offers it no more.
    await page.getByRole('link', { name: '元のジョブを開く' }).click();
    await page.getByTestId('open-rerun').waitFor();
    expect(await page.getByRole('button', { name: /未処理の社員で再実行/ }).count()).toBe(0);
    await shot(page, 'job-ends-original-after-rerun');
    expectNoPageErrors(t);
    await t.context.close();
  });

  it('says plainly when a job stopped making progress and the sweep ended it', { timeout: 300_000 }, async () => {
    // The worker takes the chunk and never comes back (its S3 put hangs).
    await local('faults', { faults: [{ command: 'PutObjectCommand', inputContains: '/part-0.pdf', effect: 'hang' }] });
    const targets = ids.slice(0, 3);
    // The first test issued them: this is a reissue.
    const started = await api(token).post('/api/admin/issuance/pdf', { employeeIds: targets, reissue: true });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.jobId as string;
    // Once the chunk began (its beat is the job's last sign of life), the stall time passes.
    await expect.poll(() => claimsOf(targets), { timeout: 60_000 }).toEqual(targets.map(() => jobId));
    await local('clock', { offsetMs: STALL_AFTER_MS + 60_000 });
    await local('sweep');
    await expect.poll(async () => (await getJob(jobId)).state, { timeout: 30_000 }).toBe('failed');
    await resetControls();

    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await page.getByRole('link', { name: '発行ジョブ' }).click();
    const jobRow = page.getByTestId(`job-${jobId}`);
    await jobRow.waitFor();
    expect(await jobRow.getByTestId('stop-reason').innerText()).toBe('処理が止まったため終了');
    await shot(page, 'job-ends-jobs-list-stalled');
    await jobRow.getByRole('link', { name: '開く' }).click();
    const end = page.getByTestId('job-end');
    await end.getByText('処理が止まったため、ジョブを終了しました。').waitFor();
    expect(await end.innerText()).toContain('35 分以上進まなかったため');
    expect(await page.getByTestId('issuance-totals').locator('li').allInnerTexts()).toEqual(['成功\n0 件', '失敗\n3 件', '対象外\n0 件']);
    expect(await page.getByTestId('issuance-results').locator('tbody tr').count()).toBe(3);
    expect(await end.getByRole('button', { name: '未処理の社員で再実行（3 人）' }).isEnabled()).toBe(true);
    await shot(page, 'job-ends-result-stalled');
    expectNoPageErrors(t);
    await t.context.close();
  });
});
