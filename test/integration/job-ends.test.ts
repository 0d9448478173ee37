import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, signIn, waitForJob } from '../support/api.js';
import { claimsOf } from '../support/claims.js';
import { pdfText } from '../support/pdf-text.js';
import { expectCountsEqualRecount } from '../support/recount.js';
import { STALL_AFTER_MS } from '../../functions/core/jobs/delivery.js';
import { RETRY_DELAYS_MS } from '../../functions/adapters/queue/local-queue.js';
import { CHUNK_ROWS } from '../../functions/core/imports/employee-import.js';

// Every bulk job ends. Faults are injected through the local runtime's test controls (a failing or
// hanging S3 put of one chunk's pages, as a broken worker would meet), never through the code
// under test; the queue and the sweep follow the service's clock, which the tests move.

const UNPROCESSED = '処理に失敗しました。再実行してください。';
let admin: string;

async function local(path: 'clock' | 'sweep' | 'idle' | 'faults', body?: unknown) {
  const res = await fetch(`${inject('baseUrl')}/__local/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

const fault = (inputContains: string, effect: 'fail' | 'hang') => local('faults', { faults: [{ command: 'PutObjectCommand', inputContains, effect }] });

async function createEmployees(prefix: string, n: number) {
  const created = [];
  for (let i = 1; i <= n; i++) {
    const res = await api(admin).post('/api/admin/employees', { employeeCode: `${prefix}-${String(i).padStart(2, '0')}`, familyName: '終了', givenName: `${prefix}${i}` });
    expect(res.status, res.text).toBe(201);
    created.push(res.body);
  }
  return created;
}

/** Polls until `ok` or the deadline: generous, as a busy machine runs 40 notices slowly. */
async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, { withinMs = 120_000, everyMs = 100 } = {}): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting (${withinMs / 1000} s): ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const getJob = async (jobId: string) => (await api(admin).get(`/api/admin/jobs/${jobId}`)).body;
const csvLines = async (jobId: string) => (await api(admin).get(`/api/admin/jobs/${jobId}/results`)).text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

beforeAll(async () => {
  admin = await signIn('demo', 'admin');
});

afterEach(async () => {
  // Whatever happened, the next test meets no fault and the real time.
  await local('faults', { faults: [] });
  await local('clock', { offsetMs: 0 });
});

describe('a chunk that fails on every delivery', () => {
  it('ends its job after the delivery limit: its employees failed with the reason, their claims let go; 再実行 issues exactly them', { timeout: 300_000 }, async () => {
    // 42 employees: chunk 0 (40) succeeds, chunk 1 (2) fails every time its pages are stored.
    const targets = await createEmployees('DLQ', 42);
    const failing = targets.slice(40);
    await fault('/part-1.pdf', 'fail');
    const started = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: targets.map((e) => e.id) });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId as string;
    await until('chunk 0 recorded', () => getJob(jobId), (j) => j.progress.done === 40);

    // The first retry comes a second later; the next only after the long wait: move the clock on
    // past it, a step at a time, until the queue has given up and the dead-letter path ended the job.
    let job = await getJob(jobId);
    for (let step = 1; step <= 4 && job.state !== 'failed'; step++) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
      await local('clock', { offsetMs: step * (RETRY_DELAYS_MS.at(-1)! + 60_000) });
      job = await until('the job ended', () => getJob(jobId), (j) => j.state === 'failed', { withinMs: 20_000 }).catch(() => getJob(jobId));
    }
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: 0 });

    expect(job).toMatchObject({
      state: 'failed', stopReason: 'chunk-failed', canRerun: true, rerunBy: null,
      progress: { done: 42, total: 42 }, counts: { succeeded: 40, failed: 2, excluded: 0 },
    });
    expect(job.results).toEqual(
      failing.map((e) => ({ employeeId: e.id, employeeCode: e.employeeCode, name: `${e.familyName} ${e.givenName}`, outcome: 'failed', reason: 'chunk-failed', message: UNPROCESSED })),
    );
    // What was issued stands, and its notices are in the job's file.
    const pdf = pdfText(new Uint8Array(await (await fetch(job.download.url)).arrayBuffer()));
    for (const e of targets.slice(0, 40)) expect(pdf).toContain(e.loginId);
    for (const e of failing) expect(pdf).not.toContain(e.loginId);
    const csv = await csvLines(jobId);
    expect(csv.filter((l) => l.endsWith(`,失敗,${UNPROCESSED},chunk-failed`))).toHaveLength(2);
    expect(await claimsOf(failing.map((e) => e.id))).toEqual([undefined, undefined]);
    for (const e of failing) expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.passwordStatus).toBe('unissued');
    const listed = (await api(admin).get('/api/admin/jobs')).body.items.find((j: any) => j.jobId === jobId);
    expect(listed).toMatchObject({ state: 'failed', stopReason: 'chunk-failed', canRerun: true });
    await expectCountsEqualRecount(admin);

    // 未処理の社員で再実行: a new job for exactly the two, issued at once (nothing holds them).
    const rerun = await api(admin).post(`/api/admin/jobs/${jobId}/rerun`);
    expect(rerun.status, rerun.text).toBe(202);
    const again = await waitForJob(admin, rerun.body.jobId);
    expect(again).toMatchObject({ state: 'done', stopReason: null, rerunOf: jobId, canRerun: false, progress: { total: 2 }, counts: { succeeded: 2, failed: 0, excluded: 0 } });
    expect((await csvLines(again.jobId)).slice(1).sort()).toEqual(failing.map((e) => `${e.employeeCode},${e.familyName} ${e.givenName},成功,,`).sort());
    for (const e of targets) expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.passwordStatus).toBe('issued');
    expect(await getJob(jobId)).toMatchObject({ rerunBy: again.jobId, canRerun: false });
    await expectCountsEqualRecount(admin);

    // Once per job.
    const twice = await api(admin).post(`/api/admin/jobs/${jobId}/rerun`);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'ALREADY_RERUN', details: { jobId: again.jobId } });
  });

  it('ends a CSV import as failed and says why: the rows it never reached listed with the reason, the others saved', { timeout: 300_000 }, async () => {
    // CHUNK_ROWS + 1 rows: chunk 0 is saved, chunk 1 (the last row) fails every time it writes its row.
    const tag = `IMP${Date.now().toString(36).toUpperCase()}`;
    const total = CHUNK_ROWS + 1;
    const rows = Array.from({ length: total }, (_, i) => `${tag}-${String(i + 1).padStart(3, '0')},取込,${i + 1}`);
    const csv = new TextEncoder().encode(`社員コード,姓,名\r\n${rows.join('\r\n')}\r\n`);
    const preview = await api(admin).post('/api/admin/employee-imports', csv, { 'Content-Type': 'application/octet-stream' });
    expect(preview.status, preview.text).toBe(200);
    await local('faults', { faults: [{ command: 'TransactWriteItemsCommand', inputContains: `${tag}-${total}`, effect: 'fail' }] });
    const importId = preview.body.importId as string;
    expect((await api(admin).post(`/api/admin/employee-imports/${importId}/commit`)).status).toBe(202);
    const getImport = async () => (await api(admin).get(`/api/admin/employee-imports/${importId}`)).body;
    await until('chunk 0 saved', getImport, (i) => i.succeeded === CHUNK_ROWS);

    let record = await getImport();
    for (let step = 1; step <= 4 && record.state !== 'failed'; step++) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
      await local('clock', { offsetMs: step * (RETRY_DELAYS_MS.at(-1)! + 60_000) });
      record = await until('the import ended', getImport, (i) => i.state === 'failed', { withinMs: 20_000 }).catch(() => getImport());
    }
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: 0 });

    expect(record).toMatchObject({ state: 'failed', stopReason: 'chunk-failed', succeeded: CHUNK_ROWS, failed: 1, progress: { done: total, total } });
    expect(record.failedRows).toEqual([{ line: total + 1, code: 'CHUNK_FAILED', message: expect.stringContaining('この行をもう一度取り込んでください') }]);
    const listed: string[] = [];
    let cursor = '';
    do {
      const page = (await api(admin).get(`/api/admin/employees?q=${tag}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
      listed.push(...page.items.map((e: any) => e.employeeCode));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(listed).toHaveLength(CHUNK_ROWS);
    expect(listed).not.toContain(`${tag}-${total}`);
    await expectCountsEqualRecount(admin);
  });

  it('refuses to re-run a job with nothing failed, a running job, an unknown job, and a viewer', { timeout: 300_000 }, async () => {
    const [one] = await createEmployees('RRN', 1);
    const done = await waitForJob(admin, (await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [one.id] })).body.jobId);
    expect(done.canRerun).toBe(false);
    const nothing = await api(admin).post(`/api/admin/jobs/${done.jobId}/rerun`);
    expect([nothing.status, nothing.body.error.code]).toEqual([409, 'NOTHING_TO_RERUN']);
    expect((await api(admin).post('/api/admin/jobs/01J0000000000000000000000Z/rerun')).status).toBe(404);
    const viewer = await signIn('demo', 'viewer');
    expect((await api(viewer).post(`/api/admin/jobs/${done.jobId}/rerun`)).status).toBe(403);

    await fault('/part-0.pdf', 'hang');
    const [two] = await createEmployees('RRN2', 1);
    const running = (await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [two.id] })).body.jobId;
    const refused = await api(admin).post(`/api/admin/jobs/${running}/rerun`);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'JOB_RUNNING']);
    await local('faults', { faults: [] });
    // The hung put fails once let go; the retry issues the employee.
    expect((await waitForJob(admin, running)).counts.succeeded).toBe(1);
  });
});

describe('a registration-password job with a chunk that fails on every delivery', () => {
  it('ends with the files of the employees it issued, the others failed with the reason; 再実行 is a new batch for exactly them', { timeout: 300_000 }, async () => {
    // 31 employees with a birth date: chunk 0 (30) is issued, chunk 1 (1) fails every time its CSV part is stored.
    const targets = [];
    for (let i = 1; i <= 31; i++) {
      const res = await api(admin).post('/api/admin/employees', { employeeCode: `RGD-${String(i).padStart(2, '0')}`, familyName: '登録', givenName: `終了${i}`, birthDate: '1990-01-02' });
      expect(res.status, res.text).toBe(201);
      targets.push(res.body);
    }
    const failing = targets.slice(30);
    await fault('/part-1.csv', 'fail');
    const started = await api(admin).post('/api/admin/registration-codes', { employeeIds: targets.map((e) => e.id) });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.jobId as string;
    await until('chunk 0 recorded', () => getJob(jobId), (j) => j.progress.done === 30);

    let job = await getJob(jobId);
    for (let step = 1; step <= 4 && job.state !== 'failed'; step++) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
      await local('clock', { offsetMs: step * (RETRY_DELAYS_MS.at(-1)! + 60_000) });
      job = await until('the job ended', () => getJob(jobId), (j) => j.state === 'failed', { withinMs: 20_000 }).catch(() => getJob(jobId));
    }
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: 0 });

    expect(job).toMatchObject({
      kind: 'registration-codes', state: 'failed', stopReason: 'chunk-failed', canRerun: true, download: null,
      progress: { done: 31, total: 31 }, counts: { succeeded: 30, failed: 1, excluded: 0 }, files: { csvMail: 'sent' },
    });
    expect(job.results).toEqual(failing.map((e) => expect.objectContaining({ employeeId: e.id, outcome: 'failed', reason: 'chunk-failed', message: UNPROCESSED })));
    // The CSV holds the 30 it issued, not the one it could not.
    const link = await api(admin).post(`/api/admin/registration-codes/${jobId}/downloads`, { file: 'csv' });
    expect(link.status, link.text).toBe(200);
    const csv = await (await fetch(link.body.url)).text();
    for (const e of targets.slice(0, 30)) expect(csv).toContain(e.employeeCode);
    expect(csv).not.toContain(failing[0]!.employeeCode);
    expect((await api(admin).get(`/api/admin/employees/${failing[0]!.id}`)).body.registrationStatus).toBe('unissued');
    await expectCountsEqualRecount(admin);

    const rerun = await api(admin).post(`/api/admin/jobs/${jobId}/rerun`);
    expect(rerun.status, rerun.text).toBe(202);
    const again = await waitForJob(admin, rerun.body.jobId);
    expect(again).toMatchObject({ kind: 'registration-codes', state: 'done', rerunOf: jobId, counts: { succeeded: 1, failed: 0, excluded: 0 }, files: { csvMail: 'sent' } });
    const againCsv = await (await fetch((await api(admin).post(`/api/admin/registration-codes/${again.jobId}/downloads`, { file: 'csv' })).body.url)).text();
    expect(againCsv).toContain(failing[0]!.employeeCode);
    for (const e of targets) expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.registrationStatus).toBe('issued');
    expect(await getJob(jobId)).toMatchObject({ rerunBy: again.jobId, canRerun: false });
    await expectCountsEqualRecount(admin);
  });
});

describe('a job whose file cannot be stored at first', () => {
  it('ends at the delivery after the store answers again, not a worker timeout later', { timeout: 300_000 }, async () => {
    const targets = await createEmployees('FIN', 2);
    // Every chunk is recorded; building the job's one file fails, as a reset connection would.
    await fault('/notices.pdf', 'fail');
    const jobId = (await api(admin).post('/api/admin/issuance/pdf', { employeeIds: targets.map((e) => e.id) })).body.jobId as string;
    await until('its chunk recorded', () => getJob(jobId), (j) => j.progress.done === 2);
    await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
    expect(await getJob(jobId)).toMatchObject({ state: 'running', download: null });

    // The failed delivery let go of its claim on ending the job, so the next one ends it.
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: RETRY_DELAYS_MS.at(-1)! + 60_000 });
    const job = await until('the job ended', () => getJob(jobId), (j) => j.state !== 'running', { withinMs: 30_000 });
    expect(job).toMatchObject({ state: 'done', counts: { succeeded: 2, failed: 0 } });
    expect(job.download).not.toBeNull();
    await expectCountsEqualRecount(admin);
  });
});

describe('a job whose worker disappears', () => {
  it('is ended by the sweep once it showed no progress for the stall time: unprocessed employees failed, claims let go at once', { timeout: 300_000 }, async () => {
    const targets = await createEmployees('STL', 3);
    const ids = targets.map((e) => e.id);
    // The worker claims the three, sets their passwords, and then never comes back.
    await fault('/part-0.pdf', 'hang');
    const jobId = (await api(admin).post('/api/admin/issuance/pdf', { employeeIds: ids })).body.jobId as string;
    await until('the worker claimed them', () => claimsOf(ids), (claims) => claims.every((c) => c === jobId));

    // Not yet: a job is only stalled after the whole stall time without a sign of life.
    await local('clock', { offsetMs: STALL_AFTER_MS - 60_000 });
    await local('sweep');
    expect(await getJob(jobId)).toMatchObject({ state: 'queued' });

    await local('clock', { offsetMs: STALL_AFTER_MS + 60_000 });
    await local('sweep');
    const job = await until('the stalled job ended', () => getJob(jobId), (j) => j.state !== 'queued' && j.state !== 'running');
    expect(job).toMatchObject({ state: 'failed', stopReason: 'stalled', canRerun: true, progress: { done: 3, total: 3 }, counts: { succeeded: 0, failed: 3 }, download: null });
    expect(job.results.map((r: any) => [r.employeeCode, r.reason, r.message])).toEqual(targets.map((e) => [e.employeeCode, 'stalled', UNPROCESSED]));
    expect((await csvLines(jobId)).slice(1).every((l) => l.endsWith(`,失敗,${UNPROCESSED},stalled`))).toBe(true);
    expect(await claimsOf(ids)).toEqual([undefined, undefined, undefined]);
    // The jobs list says which way it ended.
    expect((await api(admin).get('/api/admin/jobs')).body.items.find((j: any) => j.jobId === jobId)).toMatchObject({ state: 'failed', stopReason: 'stalled' });

    // The worker that hung fails at last; its chunk comes back and finds the job ended: nothing changes.
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: 0 });
    await local('idle');
    expect(await getJob(jobId)).toMatchObject({ state: 'failed', counts: { succeeded: 0, failed: 3 } });
    for (const id of ids) expect((await api(admin).get(`/api/admin/employees/${id}`)).body.passwordStatus).toBe('unissued');
    await expectCountsEqualRecount(admin);

    const again = await waitForJob(admin, (await api(admin).post(`/api/admin/jobs/${jobId}/rerun`)).body.jobId);
    expect(again.counts).toEqual({ succeeded: 3, failed: 0, excluded: 0 });
    await expectCountsEqualRecount(admin);
  });
});

describe('a log export whose slice fails on every delivery', () => {
  it('ends failed without a file (a file missing a slice would pass for the whole log), says why in the log, and cannot be re-run', { timeout: 300_000 }, async () => {
    // One day is one slice: chunk 0, whose part can never be stored.
    await fault('/audit-part-0.csv', 'fail');
    const started = await api(admin).post('/api/admin/audit/exports', { lastDays: 1 });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.jobId as string;
    const getExport = async () => (await api(admin).get(`/api/admin/audit/exports/${jobId}`)).body;

    let job = await getExport();
    for (let step = 1; step <= 4 && job.state !== 'failed'; step++) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[0]! + 1500));
      await local('clock', { offsetMs: step * (RETRY_DELAYS_MS.at(-1)! + 60_000) });
      job = await until('the export ended', getExport, (j) => j.state === 'failed', { withinMs: 20_000 }).catch(getExport);
    }
    expect(job).toMatchObject({ state: 'failed', progress: { done: 1, total: 1 }, rows: 0, download: null });
    expect(job.finishedAt).toEqual(expect.any(String));

    // Its end is in the log as a failure with the reason in words (read while the service's clock still stands where the job ended).
    const entries = (await api(admin).get('/api/admin/audit?lastDays=1&actions=audit.export.done&limit=500')).body.items;
    expect(entries.find((e: any) => e.target === jobId)).toMatchObject({ action: 'audit.export.done', result: 'failure', reason: 'chunk-failed' });
    await local('faults', { faults: [] });
    await local('clock', { offsetMs: 0 });

    const listed = (await api(admin).get('/api/admin/jobs')).body.items.find((j: any) => j.jobId === jobId);
    expect(listed).toMatchObject({ kind: 'audit-export', state: 'failed', stopReason: 'chunk-failed', canRerun: false, counts: { failed: 0 } });
    // Its rows are entries of the log, not employees: nobody to re-run, refused cleanly.
    const rerun = await api(admin).post(`/api/admin/jobs/${jobId}/rerun`);
    expect([rerun.status, rerun.body.error.code]).toEqual([409, 'NOT_RERUNNABLE']);

    // Exported again with the fault gone, the log comes out whole.
    const again = (await api(admin).post('/api/admin/audit/exports', { lastDays: 1 })).body.jobId as string;
    const done = await until('the second export ended', async () => (await api(admin).get(`/api/admin/audit/exports/${again}`)).body, (j) => j.state !== 'queued' && j.state !== 'running');
    expect(done).toMatchObject({ state: 'done', download: expect.objectContaining({ url: expect.any(String) }) });
  });
});
