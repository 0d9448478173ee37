import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';
import { pdfText } from '../support/pdf-text.js';

let admin: string;
let viewer: string;

async function waitForJob(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const res = await api(admin).get(`/api/admin/jobs/${jobId}`);
    if (res.body.state === 'done' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}


/** login ID → temporary password, read off the notices' text. */
function passwordsIn(text: string, loginIds: string[]): Map<string, string> {
  const pages = text.split('\f');
  const found = new Map<string, string>();
  for (const page of pages) {
    const id = loginIds.find((l) => page.includes(l));
    const password = page.match(/仮パスワード\s+(\S{12})/)?.[1];
    if (id && password) found.set(id, password);
  }
  return found;
}

beforeAll(async () => {
  [admin, viewer] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer')]);
});

describe('PDF issuance', () => {
  it('issues 20 employees into one 20-page PDF whose passwords sign in, and excludes the already issued', async () => {
    const list = await api(admin).get('/api/admin/employees?limit=200');
    const targets = list.body.items.filter((e: any) => /^00(0[1-9]|1\d|20)$/.test(e.employeeCode) && e.passwordStatus === 'unissued').slice(0, 20);
    expect(targets).toHaveLength(20);
    const started = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: targets.map((e: any) => e.id) });
    expect(started.status).toBe(202);
    const job = await waitForJob(started.body.jobId);
    expect(job).toMatchObject({ state: 'done', progress: { done: 20, total: 20 }, counts: { succeeded: 20, failed: 0, excluded: 0 } });
    expect(job.download.url).toMatch(/^http/);

    const bytes = new Uint8Array(await (await fetch(job.download.url)).arrayBuffer());
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(20);
    const text = pdfText(bytes);
    for (const e of targets) {
      expect(text).toContain(e.loginId);
      expect(text.replace(/\s+/g, '')).toContain(`${e.familyName}${e.givenName}`);
    }
    expect(text).toContain('様');
    const passwords = passwordsIn(text, targets.map((e: any) => e.loginId));
    expect(passwords.size).toBe(20);

    const after = await api(admin).get(`/api/admin/employees/${targets[0].id}`);
    expect(after.body).toMatchObject({ passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    const issuedList = await api(admin).get('/api/admin/employees?passwordStatus=issued&limit=200');
    expect(issuedList.body.items.map((e: any) => e.id)).toEqual(expect.arrayContaining(targets.map((e: any) => e.id)));
    expect(issuedList.body.items.every((e: any) => e.passwordStatus === 'issued')).toBe(true);
    expect((await api(admin).get('/api/admin/employees?passwordStatus=bogus')).status).toBe(400);

    // The password from the PDF signs in and asks for a new one; afterwards it fails.
    const first = targets[0];
    const temp = passwords.get(first.loginId)!;
    const login = await api().post('/api/auth/login', { companyCode: 'demo', loginId: first.loginId, password: temp });
    expect(login.body.result).toBe('new-password-required');
    const done = await api().post('/api/auth/new-password', { session: login.body.session, newPassword: 'My-own-passphrase-2026' });
    expect(done.body.result).toBe('signed-in');
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: first.loginId, password: temp })).status).toBe(401);

    // Issuing the same people again without reissue excludes them, with a reason.
    const again = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: targets.slice(0, 2).map((e: any) => e.id) });
    const excluded = await waitForJob(again.body.jobId);
    expect(excluded.counts).toEqual({ succeeded: 0, failed: 0, excluded: 2 });
    expect(excluded.results[0]).toMatchObject({ outcome: 'excluded', reason: 'already-issued', message: expect.stringContaining('発行済') });
    expect(excluded.download).toBeNull();
    // One employee alone is answered at once, with why.
    const single = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [targets[0].id] });
    expect(single.status).toBe(409);
    expect(single.body.error).toMatchObject({ code: 'ALREADY_ISSUED', message: expect.stringContaining('発行済') });

    // The jobs stay listed with their results; the results download as CSV, one row per employee.
    const listed = (await api(admin).get('/api/admin/jobs')).body.items;
    expect(listed.find((j: any) => j.jobId === job.jobId)).toMatchObject({ state: 'done', counts: { succeeded: 20 }, listedUntil: job.download.fileExpiresAt });
    expect(listed.find((j: any) => j.jobId === again.body.jobId)).toMatchObject({ counts: { excluded: 2 } });
    const csv = await api(admin).get(`/api/admin/jobs/${job.jobId}/results`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('社員コード,氏名,結果,理由,理由コード');
    expect(lines.slice(1).sort()).toEqual(targets.map((e: any) => `="${e.employeeCode}",${e.familyName} ${e.givenName},成功,,`).sort());
    const excludedCsv = (await api(admin).get(`/api/admin/jobs/${again.body.jobId}/results`, { 'Accept-Language': 'en' })).text;
    expect(excludedCsv).toContain('Employee code,Name,Outcome,Reason,Reason code');
    expect(excludedCsv).toContain('Excluded,Already issued. Reissue it from the employee page.,already-issued');
  });

  it('reissues: the previous password fails at once, the new one works', async () => {
    const list = await api(admin).get(`/api/admin/employees?q=${encodeURIComponent('岡田')}`);
    const target = list.body.items[0];
    const first = await waitForJob((await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [target.id] })).body.jobId);
    const p1 = passwordsIn(pdfText(new Uint8Array(await (await fetch(first.download.url)).arrayBuffer())), [target.loginId]).get(target.loginId)!;
    const second = await waitForJob((await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [target.id], reissue: true })).body.jobId);
    expect(second.counts.succeeded).toBe(1);
    const p2 = passwordsIn(pdfText(new Uint8Array(await (await fetch(second.download.url)).arrayBuffer())), [target.loginId]).get(target.loginId)!;
    expect(p2).not.toBe(p1);
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: target.loginId, password: p1 })).status).toBe(401);
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: target.loginId, password: p2 })).body.result).toBe('new-password-required');
  });

  it('is refused to the viewer and to bad input', async () => {
    expect((await api(viewer).post('/api/admin/issuance/pdf', { employeeIds: ['x'] })).status).toBe(403);
    expect((await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [] })).status).toBe(400);
    expect((await api(admin).post('/api/admin/issuance/pdf', { employeeIds: 'all' })).status).toBe(400);
    expect((await api(admin).get('/api/admin/jobs/NOPE')).status).toBe(404);
  });
});
