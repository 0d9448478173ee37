import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, editableFields, fromAddress, signIn } from '../support/api.js';
import { seedRegistrationCompany } from '../support/fixtures.js';

// A company of its own with the demo company's employees: 「未発行の全員」 and the counts must see
// no employee another test file creates in the demo company meanwhile.
const COMPANY = 'pass9';
const COMPANY_NAME = '株式会社パスコード';

let admin: string;
let viewer: string;
let otherAdmin: string;
const startedAt = new Date(Date.now() - 1000).toISOString();

async function waitForJob(token: string, jobId: string) {
  for (let i = 0; i < 1200; i++) {
    const res = await api(token).get(`/api/admin/jobs/${jobId}`);
    if (res.body.state === 'done' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

/** The pages of a PDF as pdftotext reads them. */
function pdfPages(bytes: Uint8Array): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'kagi-passcodes-')), 'passcodes.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim() !== '');
}

/** employee code → passcode, read off the notices (one page each). */
function passcodesIn(pages: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const page of pages) {
    const code = page.match(/社員コード\s+(\S+)/)?.[1];
    const passcode = page.match(/パスコード\s+(\d{4})\s/)?.[1];
    if (code && passcode) found.set(code, passcode);
  }
  return found;
}

async function issue(body: unknown, token = admin) {
  const started = await api(token).post('/api/admin/issuance/passcodes', body);
  expect(started.status).toBe(202);
  const job = await waitForJob(token, started.body.jobId);
  const bytes = job.download ? new Uint8Array(await (await fetch(job.download.url)).arrayBuffer()) : undefined;
  return { job, bytes, pages: bytes ? pdfPages(bytes) : [] };
}

/**
 * Each test punches from its own address: the time clock's per-address limit is small in the test
 * runtime, and other files punch from 127.0.0.1 at the same time.
 */
let punches = 0;
let terminal = fromAddress('198.51.100.1');
beforeEach(() => {
  punches += 1;
  terminal = fromAddress(`198.51.100.${punches}`);
});
const punch = (body: unknown) => api().post('/api/timeclock/verify', body, terminal);
const verify = (employeeCode: string, passcode: string, companyCode = COMPANY) => punch({ companyCode, employeeCode, passcode });
const wrong = (passcode: string) => String((Number(passcode) + 1) % 10_000).padStart(4, '0');

async function allEmployees(token = admin) {
  const items: any[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await api(token).get(`/api/admin/employees?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

async function expectCountsEqualRecount() {
  const served = (await api(admin).get('/api/admin/employee-counts')).body as Record<string, number>;
  const employees = await allEmployees();
  for (const status of ['unissued', 'issued']) {
    expect(served[`passcode#${status}`]).toBe(employees.filter((e) => e.passcodeStatus === status).length);
  }
}

async function auditEntries() {
  const to = new Date(Date.now() + 60_000).toISOString();
  const res = await api(admin).get(`/api/admin/audit?from=${startedAt}&to=${to}&limit=500`);
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

let passcodes: Map<string, string>;
let demo: any[];

beforeAll(async () => {
  await seedRegistrationCompany(COMPANY, COMPANY_NAME);
  [admin, viewer, otherAdmin] = await Promise.all([signIn(COMPANY, 'admin'), signIn(COMPANY, 'viewer'), signIn('other', 'admin')]);
});

describe('passcode issuance', () => {
  it('issues every unissued employee into one PDF (one page each, name, code and passcode), and the counts follow', async () => {
    const before = (await api(admin).get('/api/admin/employee-counts')).body;
    const unissued = (await allEmployees()).filter((e) => e.passcodeStatus === 'unissued' && e.enabled);
    expect(unissued.length).toBeGreaterThanOrEqual(20);
    expect(before['passcode#unissued']).toBeGreaterThanOrEqual(unissued.length);

    const { job, bytes, pages } = await issue({ allUnissued: true });
    expect(job).toMatchObject({ kind: 'passcode-issuance', state: 'done', progress: { done: unissued.length, total: unissued.length }, counts: { succeeded: unissued.length, failed: 0, excluded: 0 } });
    expect((await PDFDocument.load(bytes!)).getPageCount()).toBe(unissued.length);
    passcodes = passcodesIn(pages);
    expect(passcodes.size).toBe(unissued.length);
    const text = pages.join('\n').replace(/\s+/g, '');
    for (const e of unissued) {
      expect(text).toContain(`${e.familyName}${e.givenName}様`);
      expect(passcodes.get(e.employeeCode)).toMatch(/^\d{4}$/);
    }
    expect(text).toContain(COMPANY_NAME);
    expect(text).toContain('パスコードのお知らせ');

    demo = (await allEmployees()).filter((e) => passcodes.has(e.employeeCode));
    expect(demo.every((e) => e.passcodeStatus === 'issued' && e.passcodeLocked === false)).toBe(true);
    const after = (await api(admin).get('/api/admin/employee-counts')).body;
    expect(after['passcode#unissued']).toBe(before['passcode#unissued'] - unissued.length);
    expect(after['passcode#issued']).toBe(before['passcode#issued'] + unissued.length);
    await expectCountsEqualRecount();
  });

  it('excludes already issued employees unless reissuing; nothing is left for a second bulk issue', async () => {
    const again = await api(admin).post('/api/admin/issuance/passcodes', { allUnissued: true });
    // Nobody enabled is unissued any more: refused up front, nothing started.
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('NO_TARGETS');
    const { job } = await issue({ employeeIds: [demo[1].id] });
    expect(job).toMatchObject({ counts: { succeeded: 0, excluded: 1 }, results: [expect.objectContaining({ reason: 'already-issued' })], download: null });
    expect(await verify(demo[1].employeeCode, passcodes.get(demo[1].employeeCode)!)).toMatchObject({ status: 200 });
  });

  it('issues a single employee (the 未発行 link) and names the file for passcodes', async () => {
    const created = await api(admin).post('/api/admin/employees', { employeeCode: 'PC-0001', familyName: '髙橋', givenName: '﨑', email1: 'pc-0001@passcodes.example.jp' });
    expect(created.status).toBe(201);
    expect((await api(admin).get(`/api/admin/employees/${created.body.id}`)).body).toMatchObject({ passcodeStatus: 'unissued', passcodeLocked: false });
    // Unissued: answered like a wrong passcode.
    const unissued = await verify('PC-0001', '1234');
    expect(unissued.status).toBe(401);
    expect(unissued.body.error.code).toBe('PASSCODE_INVALID');

    const { job, pages } = await issue({ employeeIds: [created.body.id] });
    expect(job.counts.succeeded).toBe(1);
    expect(job.download.url).toContain('passcode-notices-');
    expect(pages).toHaveLength(1);
    expect(pages[0]!.replace(/\s+/g, '')).toContain('髙橋﨑様');
    const passcode = passcodesIn(pages).get('PC-0001')!;
    expect(passcode).toMatch(/^\d{4}$/);
    const ok = await verify('PC-0001', passcode);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, employee: { employeeCode: 'PC-0001', name: '髙橋 﨑' } });
    await expectCountsEqualRecount();
  });
});

describe('POST /api/timeclock/verify', () => {
  it('accepts the passcode from the PDF', async () => {
    const e = demo[0];
    const res = await verify(e.employeeCode, passcodes.get(e.employeeCode)!);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, employee: { employeeCode: e.employeeCode, name: `${e.familyName} ${e.givenName}` } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('locks after 5 wrong passcodes, refuses even the right one, and a reissue gives a working new one', async () => {
    const e = demo[2];
    const right = passcodes.get(e.employeeCode)!;
    for (let i = 0; i < 5; i++) {
      const res = await verify(e.employeeCode, wrong(right));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('PASSCODE_INVALID');
    }
    const refused = await verify(e.employeeCode, right);
    expect(refused.status).toBe(423);
    expect(refused.body.error.code).toBe('PASSCODE_LOCKED');
    expect(refused.body.error.message).toContain('再発行');
    // A wrong one while locked says nothing about the lock.
    expect((await verify(e.employeeCode, wrong(right))).status).toBe(401);
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body).toMatchObject({ passcodeStatus: 'issued', passcodeLocked: true });
    expect((await api(admin).get(`/api/admin/employees?limit=200`)).body.items.find((x: any) => x.id === e.id).passcodeLocked).toBe(true);

    const { job, pages } = await issue({ employeeIds: [e.id], reissue: true });
    expect(job).toMatchObject({ reissue: true, counts: { succeeded: 1 } });
    const fresh = passcodesIn(pages).get(e.employeeCode)!;
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body).toMatchObject({ passcodeStatus: 'issued', passcodeLocked: false });
    if (fresh !== right) expect((await verify(e.employeeCode, right)).status).toBe(401);
    const ok = await verify(e.employeeCode, fresh);
    expect(ok.status).toBe(200);
    passcodes.set(e.employeeCode, fresh);
    await expectCountsEqualRecount();
  });

  it('resets the failure count on a success', async () => {
    const e = demo[3];
    const right = passcodes.get(e.employeeCode)!;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await verify(e.employeeCode, wrong(right))).status).toBe(401);
      expect((await verify(e.employeeCode, right)).status).toBe(200);
    }
    expect((await api(admin).get(`/api/admin/employees/${e.id}`)).body.passcodeLocked).toBe(false);
  });

  it('answers an unknown company, an unknown employee and a disabled one exactly like a wrong passcode', async () => {
    const e = demo[4];
    const right = passcodes.get(e.employeeCode)!;
    const bad = await verify(e.employeeCode, wrong(right));
    const unknownEmployee = await verify('NO-SUCH-CODE', right);
    const unknownCompany = await verify(e.employeeCode, right, 'no-such-company');
    const otherCompany = await verify(e.employeeCode, right, 'other');
    for (const res of [bad, unknownEmployee, unknownCompany, otherCompany]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(bad.body);
    }
    const created = await api(admin).post('/api/admin/employees', { employeeCode: 'PC-0002', familyName: '無効', givenName: '予定', email1: 'pc-0002@passcodes.example.jp' });
    const { pages } = await issue({ employeeIds: [created.body.id] });
    const passcode = passcodesIn(pages).get('PC-0002')!;
    expect((await verify('PC-0002', passcode)).status).toBe(200);
    const disabled = await api(admin).put(`/api/admin/employees/${created.body.id}`, { ...editableFields(created.body), enabled: false, version: created.body.version });
    expect(disabled.status).toBe(200);
    const res = await verify('PC-0002', passcode);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(bad.body);
  });

  it('writes every attempt to the audit log, never the passcode', async () => {
    const entries = (await auditEntries()).filter((a) => a.action === 'timeclock.verify');
    const reasons = new Set(entries.map((a) => `${a.result}:${a.reason ?? ''}`));
    for (const r of ['success:', 'failure:bad-passcode', 'failure:bad-passcode-locked', 'failure:locked', 'failure:unknown-employee', 'failure:unissued', 'failure:disabled']) expect(reasons).toContain(r);
    const locking = entries.find((a) => a.reason === 'bad-passcode-locked');
    expect(locking).toMatchObject({ target: demo[2].employeeCode, detail: { failures: 5 } });
    for (const a of entries) expect(Object.keys(a.detail ?? {})).not.toContain('passcode');
    const actions = new Set((await auditEntries()).map((a) => a.action));
    for (const action of ['issuance.passcode.start', 'issuance.passcode.reissue', 'issuance.passcode.done']) expect(actions).toContain(action);
  });

  it('refuses malformed input with 400', async () => {
    const cases: unknown[] = [
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: '123' },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: '12345' },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: '12a4' },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: '１２３４' },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: 1234 },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode },
      { companyCode: '', employeeCode: demo[0].employeeCode, passcode: '1234' },
      { companyCode: COMPANY, employeeCode: demo[0].employeeCode, passcode: '1234', extra: true },
      [],
    ];
    for (const body of cases) {
      const res = await punch(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    for (const body of [{}, { employeeIds: [] }, { allUnissued: false }, { allUnissued: true, employeeIds: [demo[0].id] }, { employeeIds: 'x' }]) {
      const res = await api(admin).post('/api/admin/issuance/passcodes', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('passcode access', () => {
  it('refuses the viewer (403) and changes nothing', async () => {
    for (const body of [{ allUnissued: true }, { employeeIds: [demo[0].id], reissue: true }]) {
      const res = await api(viewer).post('/api/admin/issuance/passcodes', body);
      expect(res.status).toBe(403);
    }
    expect((await verify(demo[0].employeeCode, passcodes.get(demo[0].employeeCode)!)).status).toBe(200);
  });

  it('keeps companies apart: another admin’s bulk issue touches none of this company’s employees', async () => {
    const before = (await api(admin).get('/api/admin/employee-counts')).body;
    const others = (await allEmployees(otherAdmin)).filter((e) => e.passcodeStatus === 'unissued' && e.enabled);
    if (others.length > 0) {
      const { job } = await issue({ allUnissued: true }, otherAdmin);
      expect(job.counts.succeeded).toBe(others.length);
    }
    // This company's employee is no employee of theirs: refused before any job.
    const refused = await api(otherAdmin).post('/api/admin/issuance/passcodes', { employeeIds: [demo[0].id], reissue: true });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES' } } });
    expect((await api(admin).get('/api/admin/employee-counts')).body).toEqual(before);
    expect((await verify(demo[0].employeeCode, passcodes.get(demo[0].employeeCode)!)).status).toBe(200);
  });
});
