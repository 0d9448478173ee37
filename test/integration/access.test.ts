import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_SUPPORT_LOGIN } from '../../bin/local/demo-data.js';
import { ROUTES } from '../../functions/http/routes.js';
import { api, editableFields, signIn, type ApiResponse } from '../support/api.js';

const ADMIN_ROUTES = ROUTES.filter((r) => r.path.startsWith('/api/admin/'));
const JWT_ROUTES = ROUTES.filter((r) => r.auth === 'jwt');
const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

const validEmployee = (code: string) => ({ employeeCode: code, familyName: '試験', givenName: '太郎', email1: `${code}@access.example.jp` });
const csv = (code: string) => new TextEncoder().encode(`社員コード,姓,名\r\n${code},取込,花子\r\n`);

let demoAdmin: string;
let demoViewer: string;
let otherAdmin: string;
let demoEmployee: any;
let demoImportId: string;
let crossJobId: string | undefined;
let otherStaff: any;
let demoSearchId: string;
let otherSearchId: string;
let demoExportId: string;

/** A group of the company `other` (made once). */
let otherGroupMade: Promise<{ groupId: string; name: string }> | undefined;
const otherGroup = () =>
  (otherGroupMade ??= api(otherAdmin)
    .post('/api/admin/groups', { name: `別会社のグループ${Date.now().toString(36)}` })
    .then((res) => {
      expect(res.status).toBe(201);
      return res.body;
    }));

const jobIds = async (token: string) => ((await api(token).get('/api/admin/jobs')).body.items as Array<{ jobId: string }>).map((j) => j.jobId).sort();

beforeAll(async () => {
  [demoAdmin, demoViewer, otherAdmin] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer'), signIn('other', 'admin')]);
  const list = await api(demoAdmin).get('/api/admin/employees?limit=5');
  demoEmployee = list.body.items[0];
  otherStaff = (await api(otherAdmin).get('/api/admin/employees?q=0002')).body.items[0];
  const preview = await api(demoAdmin).post('/api/admin/employee-imports', csv('A-ACCESS'), { 'Content-Type': 'application/octet-stream' });
  demoImportId = preview.body.importId;
  demoSearchId = (await api(demoAdmin).post('/api/admin/audit/saved-searches', { name: 'デモの検索', conditions: { lastDays: 30, groups: ['signin'] } })).body.searchId;
  otherSearchId = (await api(otherAdmin).post('/api/admin/audit/saved-searches', { name: '別会社の検索', conditions: { lastDays: 7 } })).body.searchId;
  demoExportId = (await api(demoAdmin).post('/api/admin/audit/exports', { lastDays: 1 })).body.jobId;
});

describe('authentication on every protected route', () => {
  it.each(JWT_ROUTES.map(routeKey))('%s answers 401 without a token', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const res = await api().call(method, path.replace(/\{\w+\}/g, 'X'));
    expect(res.status).toBe(401);
  });

  it.each(JWT_ROUTES.map(routeKey))('%s answers 401 with a forged token', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const forged = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkNvZ25pdG9Mb2NhbCJ9.eyJzdWIiOiJ4IiwidG9rZW5fdXNlIjoiaWQifQ.c2ln';
    const res = await api(forged).call(method, path.replace(/\{\w+\}/g, 'X'));
    expect(res.status).toBe(401);
  });
});

/** How the viewer tries each write; each must be refused before anything changes. */
const viewerWrites: Record<string, () => Promise<ApiResponse>> = {
  'POST /api/admin/employees': () => api(demoViewer).post('/api/admin/employees', validEmployee('V-001')),
  'PUT /api/admin/employees/{id}': () => {
    return api(demoViewer).put(`/api/admin/employees/${demoEmployee.id}`, { ...editableFields(demoEmployee), familyName: '改ざん', version: demoEmployee.version });
  },
  'DELETE /api/admin/employees/{id}': () => api(demoViewer).del(`/api/admin/employees/${demoEmployee.id}`),
  'POST /api/admin/employee-deletions': () => api(demoViewer).post('/api/admin/employee-deletions', { employeeIds: [demoEmployee.id] }),
  'POST /api/admin/employee-imports': () => api(demoViewer).post('/api/admin/employee-imports', csv('V-002'), { 'Content-Type': 'application/octet-stream' }),
  'POST /api/admin/employee-imports/{importId}/commit': () => api(demoViewer).post(`/api/admin/employee-imports/${demoImportId}/commit`),
  'DELETE /api/admin/employee-imports/{importId}': () => api(demoViewer).del(`/api/admin/employee-imports/${demoImportId}`),
  'PATCH /api/admin/settings': () => api(demoViewer).call('PATCH', '/api/admin/settings', { notificationMethod: 'mail' }),
  'POST /api/admin/issuance/pdf': () => api(demoViewer).post('/api/admin/issuance/pdf', { employeeIds: [demoEmployee.id], reissue: true }),
  'POST /api/admin/issuance/passcodes': () => api(demoViewer).post('/api/admin/issuance/passcodes', { allUnissued: true }),
  'POST /api/admin/issuance/mail': () => api(demoViewer).post('/api/admin/issuance/mail', { targets: [{ employeeId: demoEmployee.id, address: 1 }], mode: 'reissue' }),
  'POST /api/admin/issuance/notice-mail': () => api(demoViewer).post('/api/admin/issuance/notice-mail', { targets: [{ employeeId: demoEmployee.id, address: 1 }] }),
  'POST /api/admin/registration-codes': () => api(demoViewer).post('/api/admin/registration-codes', { employeeIds: [demoEmployee.id] }),
  // The files hold the plain passwords: a viewer gets no link to them, whatever the job.
  'POST /api/admin/registration-codes/{jobId}/downloads': () => api(demoViewer).post(`/api/admin/registration-codes/${'0'.repeat(26)}/downloads`, { file: 'csv' }),
  'POST /api/admin/registration-csv-links/{token}': () => api(demoViewer).post(`/api/admin/registration-csv-links/${'A'.repeat(43)}`),
  'POST /api/admin/company/registration-url': () => api(demoViewer).post('/api/admin/company/registration-url'),
  'POST /api/admin/audit/saved-searches': () => api(demoViewer).post('/api/admin/audit/saved-searches', { name: '閲覧者の検索', conditions: { lastDays: 7 } }),
  'PUT /api/admin/audit/saved-searches/{searchId}': () => api(demoViewer).put(`/api/admin/audit/saved-searches/${demoSearchId}`, { name: '改ざん' }),
  'DELETE /api/admin/audit/saved-searches/{searchId}': () => api(demoViewer).del(`/api/admin/audit/saved-searches/${demoSearchId}`),
  // Refused before the job is even looked up.
  'POST /api/admin/jobs/{jobId}/rerun': () => api(demoViewer).post('/api/admin/jobs/01J0000000000000000000000Z/rerun'),
  // グループ設定 (issue 12): refused before the group is looked up.
  'POST /api/admin/groups': () => api(demoViewer).post('/api/admin/groups', { name: '閲覧者のグループ' }),
  'PATCH /api/admin/groups/{groupId}': () => api(demoViewer).call('PATCH', '/api/admin/groups/01J0000000000000000000000Z', { name: '改ざん' }),
  'DELETE /api/admin/groups/{groupId}': () => api(demoViewer).del('/api/admin/groups/01J0000000000000000000000Z'),
  'POST /api/admin/groups/assignments': () => api(demoViewer).post('/api/admin/groups/assignments', { groupId: null, employeeIds: [demoEmployee.id] }),
  // 企業情報 › 端末 (the PC logon client): viewers see the lists only.
  'POST /api/admin/enrollment-keys': () => api(demoViewer).post('/api/admin/enrollment-keys', {}),
  'DELETE /api/admin/enrollment-keys/{keyId}': () => api(demoViewer).del(`/api/admin/enrollment-keys/${'0'.repeat(26)}`),
  'DELETE /api/admin/devices/{deviceId}': () => api(demoViewer).del(`/api/admin/devices/${'0'.repeat(26)}`),
  // 認証情報の削除 (issue 12): admins only, whatever the company allows.
  'DELETE /api/admin/employees/{id}/mfa': () => api(demoViewer).del(`/api/admin/employees/${demoEmployee.id}/mfa`),
};

/** Writes a viewer may make: they only read (the log's CSV export reads the log). */
const viewerMayWrite: Record<string, () => Promise<ApiResponse>> = {
  'POST /api/admin/audit/exports': () => api(demoViewer).post('/api/admin/audit/exports', { lastDays: 1 }),
};

/** Reads only admins may make: their own saved searches, and verify (it recomputes a month of the log). */
const adminOnlyReads: Record<string, () => Promise<ApiResponse>> = {
  'GET /api/admin/audit/saved-searches': () => api(demoViewer).get('/api/admin/audit/saved-searches'),
  'GET /api/admin/audit/verify': () => api(demoViewer).get(`/api/admin/audit/verify?from=${day(1)}&to=${day(1)}`),
};

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

describe('the viewer changes nothing', () => {
  it('has a case for every write route', () => {
    const writes = ADMIN_ROUTES.filter((r) => r.method !== 'GET').map(routeKey);
    expect([...Object.keys(viewerWrites), ...Object.keys(viewerMayWrite)].sort()).toEqual(writes.sort());
  });

  it.each(Object.keys(viewerMayWrite))('%s is the viewer’s to use', async (key) => {
    const res = await viewerMayWrite[key]!();
    expect(res.status, res.text).toBe(202);
  });

  it.each(Object.keys(adminOnlyReads))('%s answers 403 to a viewer', async (key) => {
    const res = await adminOnlyReads[key]!();
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
  });

  it('can search the log and follow its export', async () => {
    const search = await api(demoViewer).get('/api/admin/audit?lastDays=7&groups=signin');
    expect(search.status).toBe(200);
    expect(search.body.items.length).toBeGreaterThan(0);
    const started = await api(demoViewer).post('/api/admin/audit/exports', { lastDays: 1, groups: ['signin'] });
    expect((await api(demoViewer).get(`/api/admin/audit/exports/${started.body.jobId}`)).status).toBe(200);
  });

  it.each(Object.keys(viewerWrites))('%s answers 403', async (key) => {
    const res = await viewerWrites[key]!();
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    const after = await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`);
    expect(after.body.familyName).toBe(demoEmployee.familyName);
    expect(after.body.version).toBe(demoEmployee.version);
  });

  it('can read the list', async () => {
    expect((await api(demoViewer).get('/api/admin/employees')).status).toBe(200);
  });
});

/** How an admin of company `other` tries to reach company `demo` through each admin route. */
const crossTenant: Record<string, () => Promise<void>> = {
  'GET /api/admin/employees': async () => {
    const res = await api(otherAdmin).get('/api/admin/employees?limit=200');
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => e.id)).not.toContain(demoEmployee.id);
    expect(res.body.items.every((e: any) => e.companyId === res.body.items[0].companyId)).toBe(true);
  },
  'POST /api/admin/employees': async () => {
    // The company comes from the token: a companyId in the body is refused, not obeyed.
    const res = await api(otherAdmin).post('/api/admin/employees', { ...validEmployee('T-001'), companyId: demoEmployee.companyId });
    expect(res.status).toBe(400);
    const created = await api(otherAdmin).post('/api/admin/employees', validEmployee('T-001'));
    expect(created.status).toBe(201);
    expect(created.body.companyId).not.toBe(demoEmployee.companyId);
  },
  'GET /api/admin/employees/{id}': async () => {
    expect((await api(otherAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).status).toBe(404);
  },
  'PUT /api/admin/employees/{id}': async () => {
    const res = await api(otherAdmin).put(`/api/admin/employees/${demoEmployee.id}`, { ...editableFields(demoEmployee), familyName: '越境', version: demoEmployee.version });
    expect(res.status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.familyName).toBe(demoEmployee.familyName);
  },
  'DELETE /api/admin/employees/{id}': async () => {
    expect((await api(otherAdmin).del(`/api/admin/employees/${demoEmployee.id}`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).status).toBe(200);
  },
  'POST /api/admin/employee-deletions': async () => {
    // Another company's employee is not found there: reported, never deleted.
    const res = await api(otherAdmin).post('/api/admin/employee-deletions', { employeeIds: [demoEmployee.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ deleted: 0, results: [{ employeeId: demoEmployee.id, outcome: 'refused', reason: 'not-found', employeeCode: '', name: '' }] });
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).status).toBe(200);
  },
  'GET /api/admin/employee-counts': async () => {
    const res = await api(otherAdmin).get('/api/admin/employee-counts');
    expect(res.status).toBe(200);
    // Company other has its 2 seeded employees plus what its admin created in these tests.
    expect(res.body['password#unissued']).toBeLessThan(10);
  },
  'GET /api/admin/departments': async () => {
    const res = await api(otherAdmin).get('/api/admin/departments');
    expect(res.body.items).not.toContain('営業部');
  },
  'POST /api/admin/employee-imports': async () => {
    // An import previews against the importer's own company: a code only demo has is new there.
    const res = await api(otherAdmin).post('/api/admin/employee-imports', new TextEncoder().encode('社員コード,姓,名\r\n0005,越境,取込\r\n'), { 'Content-Type': 'application/octet-stream' });
    expect(res.status, res.text).toBe(200);
    expect(res.body, res.text).toMatchObject({ creates: 1, updates: 0 });
  },
  'GET /api/admin/employee-imports/{importId}': async () => {
    expect((await api(otherAdmin).get(`/api/admin/employee-imports/${demoImportId}`)).status).toBe(404);
  },
  'POST /api/admin/employee-imports/{importId}/commit': async () => {
    expect((await api(otherAdmin).post(`/api/admin/employee-imports/${demoImportId}/commit`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employee-imports/${demoImportId}`)).body.state).toBe('previewed');
  },
  'DELETE /api/admin/employee-imports/{importId}': async () => {
    expect((await api(otherAdmin).del(`/api/admin/employee-imports/${demoImportId}`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employee-imports/${demoImportId}`)).body.state).toBe('previewed');
  },
  'GET /api/admin/employee-export': async () => {
    const res = await api(otherAdmin).get('/api/admin/employee-export');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('髙橋');
    expect(res.text).toContain('別会社');
  },
  'GET /api/admin/settings': async () => {
    await api(demoAdmin).call('PATCH', '/api/admin/settings', { verificationValidityDays: 3 });
    const res = await api(otherAdmin).get('/api/admin/settings');
    expect(res.body.verificationValidityDays).toBe(7);
  },
  'PATCH /api/admin/settings': async () => {
    const before = (await api(demoAdmin).get('/api/admin/settings')).body;
    expect((await api(otherAdmin).call('PATCH', '/api/admin/settings', { temporaryPasswordValidityDays: 30 })).status).toBe(200);
    expect((await api(demoAdmin).get('/api/admin/settings')).body).toEqual(before);
    await api(otherAdmin).call('PATCH', '/api/admin/settings', { temporaryPasswordValidityDays: 14 });
  },
  'POST /api/admin/issuance/pdf': async () => {
    // An id of another company's employee is unknown: alone it is not found, among others the job is refused.
    expect((await api(otherAdmin).post('/api/admin/issuance/pdf', { employeeIds: [demoEmployee.id], reissue: true })).status).toBe(404);
    const jobsBefore = await jobIds(otherAdmin);
    const refused = await api(otherAdmin).post('/api/admin/issuance/pdf', { employeeIds: [otherStaff.id, demoEmployee.id], reissue: true });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES', details: { employeeIds: [demoEmployee.id] } } } });
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.passwordStatus).toBe(demoEmployee.passwordStatus);
    // The other company's own job, for the job routes below.
    const started = await api(otherAdmin).post('/api/admin/issuance/pdf', { employeeIds: [otherStaff.id], reissue: true });
    expect(started.status).toBe(202);
    let job: any;
    for (let i = 0; i < 100 && job?.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await api(otherAdmin).get(`/api/admin/jobs/${started.body.jobId}`)).body;
    }
    expect(job).toMatchObject({ state: 'done', counts: { succeeded: 1 } });
    crossJobId = started.body.jobId;
  },
  'POST /api/admin/issuance/passcodes': async () => {
    // Another company's employee id is refused as unknown: no job, no passcode of theirs issued or replaced.
    const jobsBefore = await jobIds(otherAdmin);
    const refused = await api(otherAdmin).post('/api/admin/issuance/passcodes', { employeeIds: [demoEmployee.id], reissue: true });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES' } } });
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    const after = (await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body;
    expect([after.passcodeStatus, after.passcodeLocked]).toEqual([demoEmployee.passcodeStatus, demoEmployee.passcodeLocked]);
  },
  'POST /api/admin/issuance/mail': async () => {
    // Another company's employee is refused as unknown: nobody of theirs is mailed, no job.
    const jobsBefore = await jobIds(otherAdmin);
    const refused = await api(otherAdmin).post('/api/admin/issuance/mail', { targets: [{ employeeId: demoEmployee.id, address: 1 }], mode: 'reissue' });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES', details: { employeeIds: [demoEmployee.id] } } } });
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.passwordStatus).toBe(demoEmployee.passwordStatus);
  },
  'POST /api/admin/issuance/notice-mail': async () => {
    const jobsBefore = await jobIds(otherAdmin);
    const refused = await api(otherAdmin).post('/api/admin/issuance/notice-mail', { targets: [{ employeeId: demoEmployee.id, address: 1 }] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES' } } });
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.passwordStatus).toBe(demoEmployee.passwordStatus);
  },
  'GET /api/admin/employees/{id}/mails': async () => {
    expect((await api(otherAdmin).get(`/api/admin/employees/${demoEmployee.id}/mails`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}/mails`)).status).toBe(200);
  },
  'GET /api/admin/employees/{id}/mail-preview': async () => {
    expect((await api(otherAdmin).get(`/api/admin/employees/${demoEmployee.id}/mail-preview?kind=verification-request`)).status).toBe(404);
    const own = await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}/mail-preview?kind=verification-request`);
    expect(own.body.text).toContain('株式会社デモ');
  },
  'GET /api/admin/jobs/{jobId}': async () => {
    expect(crossJobId).toBeDefined();
    expect((await api(demoAdmin).get(`/api/admin/jobs/${crossJobId}`)).status).toBe(404);
  },
  'GET /api/admin/jobs': async () => {
    expect(crossJobId).toBeDefined();
    const theirs = await api(otherAdmin).get('/api/admin/jobs');
    expect(theirs.body.items.map((j: any) => j.jobId)).toContain(crossJobId);
    const ours = await api(demoAdmin).get('/api/admin/jobs');
    expect(ours.status).toBe(200);
    expect(ours.body.items.map((j: any) => j.jobId)).not.toContain(crossJobId);
  },
  'GET /api/admin/jobs/{jobId}/results': async () => {
    expect(crossJobId).toBeDefined();
    expect((await api(otherAdmin).get(`/api/admin/jobs/${crossJobId}/results`)).status).toBe(200);
    expect((await api(demoAdmin).get(`/api/admin/jobs/${crossJobId}/results`)).status).toBe(404);
  },
  'POST /api/admin/registration-codes': async () => {
    // Another company's employee is unknown: no job, no password of theirs issued or replaced.
    const jobsBefore = await jobIds(otherAdmin);
    const refused = await api(otherAdmin).post('/api/admin/registration-codes', { employeeIds: [demoEmployee.id] });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'UNKNOWN_EMPLOYEES' } } });
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.registrationStatus).toBe(demoEmployee.registrationStatus);
  },
  'POST /api/admin/registration-codes/{jobId}/downloads': async () => {
    // The other company's own registration job (its staff has no birth date: refused, no file).
    const started = await api(otherAdmin).post('/api/admin/registration-codes', { employeeIds: [otherStaff.id] });
    expect(started.status).toBe(202);
    await waitForJob(otherAdmin, started.body.jobId);
    expect((await api(otherAdmin).post(`/api/admin/registration-codes/${started.body.jobId}/downloads`, { file: 'csv' })).status).toBe(410);
    expect((await api(demoAdmin).post(`/api/admin/registration-codes/${started.body.jobId}/downloads`, { file: 'csv' })).status).toBe(404);
  },
  'POST /api/admin/registration-csv-links/{token}': async () => {
    expect((await api(otherAdmin).post(`/api/admin/registration-csv-links/${'A'.repeat(43)}`)).status).toBe(404);
  },
  'GET /api/admin/company/registration-url': async () => {
    const [theirs, ours] = await Promise.all([api(otherAdmin).get('/api/admin/company/registration-url'), api(demoAdmin).get('/api/admin/company/registration-url')]);
    expect([theirs.status, ours.status]).toEqual([200, 200]);
    expect(theirs.body.url).not.toBe(ours.body.url);
  },
  'POST /api/admin/company/registration-url': async () => {
    const ours = (await api(demoAdmin).get('/api/admin/company/registration-url')).body.url;
    const rotated = await api(otherAdmin).post('/api/admin/company/registration-url');
    expect(rotated.status).toBe(200);
    expect(rotated.body.url).not.toBe(ours);
    expect((await api(demoAdmin).get('/api/admin/company/registration-url')).body.url).toBe(ours);
  },
  'GET /api/admin/audit/saved-searches': async () => {
    const theirs = (await api(otherAdmin).get('/api/admin/audit/saved-searches')).body.items.map((s: any) => s.searchId);
    expect(theirs).toContain(otherSearchId);
    expect(theirs).not.toContain(demoSearchId);
  },
  'POST /api/admin/audit/saved-searches': async () => {
    // Saved in the caller's own list; another company's account id in the conditions names no one there.
    const res = await api(otherAdmin).post('/api/admin/audit/saved-searches', { name: '越境', conditions: { user: demoEmployee.id } });
    expect(res.status).toBe(201);
    expect((await api(demoAdmin).get('/api/admin/audit/saved-searches')).body.items.map((s: any) => s.name)).not.toContain('越境');
    const run = await api(otherAdmin).get(`/api/admin/audit?lastDays=30&user=${demoEmployee.id}`);
    expect(run.body.items).toEqual([]);
    await api(otherAdmin).del(`/api/admin/audit/saved-searches/${res.body.searchId}`);
  },
  'PUT /api/admin/audit/saved-searches/{searchId}': async () => {
    expect((await api(otherAdmin).put(`/api/admin/audit/saved-searches/${demoSearchId}`, { name: '越境' })).status).toBe(404);
    const mine = (await api(demoAdmin).get('/api/admin/audit/saved-searches')).body.items.find((s: any) => s.searchId === demoSearchId);
    expect(mine.name).toBe('デモの検索');
  },
  'DELETE /api/admin/audit/saved-searches/{searchId}': async () => {
    expect((await api(otherAdmin).del(`/api/admin/audit/saved-searches/${demoSearchId}`)).status).toBe(404);
    expect((await api(demoAdmin).get('/api/admin/audit/saved-searches')).body.items.map((s: any) => s.searchId)).toContain(demoSearchId);
  },
  'POST /api/admin/audit/exports': async () => {
    const started = await api(otherAdmin).post('/api/admin/audit/exports', { lastDays: 1 });
    expect(started.status).toBe(202);
    let job = started.body;
    for (let i = 0; i < 200 && !job.download; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await api(otherAdmin).get(`/api/admin/audit/exports/${started.body.jobId}`)).body;
    }
    const csv = await (await fetch(job.download.url)).text();
    expect(csv.trimEnd().split('\r\n').length).toBeGreaterThan(1);
    // Only the other company's log: none of demo's entry ids, which the demo search lists.
    const demoIds = (await api(demoAdmin).get('/api/admin/audit?lastDays=1&limit=500')).body.items.map((e: any) => e.id);
    for (const id of demoIds) expect(csv).not.toContain(id);
  },
  'GET /api/admin/audit/exports/{jobId}': async () => {
    expect((await api(otherAdmin).get(`/api/admin/audit/exports/${demoExportId}`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/audit/exports/${demoExportId}`)).status).toBe(200);
    // A job of another kind is no export.
    expect(crossJobId).toBeDefined();
    expect((await api(otherAdmin).get(`/api/admin/audit/exports/${crossJobId}`)).status).toBe(404);
  },
  'GET /api/admin/audit/verify': async () => {
    // Each company verifies its own entries: today's count is what its own search of today lists.
    expect((await fetch(`${inject('baseUrl')}/__local/idle`, { method: 'POST' })).status).toBe(200);
    const today = day(0);
    for (const token of [otherAdmin, demoAdmin]) {
      let listed = 0;
      let cursor: string | null = null;
      do {
        const page: ApiResponse = await api(token).get(`/api/admin/audit?from=${today}&to=${today}&limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        listed += page.body.items.length;
        cursor = page.body.nextCursor;
      } while (cursor);
      const verified = await api(token).get(`/api/admin/audit/verify?from=${today}&to=${today}`);
      expect(verified.status).toBe(200);
      expect(verified.body.days[0]).toMatchObject({ day: today, entries: listed });
    }
    },
  'POST /api/admin/jobs/{jobId}/rerun': async () => {
    expect(crossJobId).toBeDefined();
    // Its own admin is told there is nobody to re-run; another company's admin does not find the job.
    expect((await api(otherAdmin).post(`/api/admin/jobs/${crossJobId}/rerun`)).body.error.code).toBe('NOTHING_TO_RERUN');
    expect((await api(demoAdmin).post(`/api/admin/jobs/${crossJobId}/rerun`)).status).toBe(404);
    expect((await api(otherAdmin).get(`/api/admin/jobs/${crossJobId}`)).body.rerunBy).toBeNull();
    // A log export is no job over employees: its own admin is refused it cleanly, running or ended.
    const exportRerun = await api(demoAdmin).post(`/api/admin/jobs/${demoExportId}/rerun`);
    expect(exportRerun.status).toBe(409);
    expect(exportRerun.body.error.code).toBe('NOT_RERUNNABLE');
  },
  // グループ設定 (issue 12): the other company's group, reached from demo; the demo company gets no group (other files read its list).
  'GET /api/admin/groups': async () => {
    const theirs = await otherGroup();
    const ours = await api(demoAdmin).get('/api/admin/groups');
    expect(ours.status).toBe(200);
    expect(ours.body.items.map((g: any) => g.groupId)).not.toContain(theirs.groupId);
  },
  'POST /api/admin/groups': async () => {
    // Created in the caller's own company: the same name is free in another.
    const theirs = await otherGroup();
    expect((await api(otherAdmin).post('/api/admin/groups', { name: theirs.name })).body.error.code).toBe('GROUP_NAME_TAKEN');
    expect((await api(demoAdmin).get('/api/admin/groups')).body.items.map((g: any) => g.name)).not.toContain(theirs.name);
  },
  'PATCH /api/admin/groups/{groupId}': async () => {
    const theirs = await otherGroup();
    expect((await api(demoAdmin).call('PATCH', `/api/admin/groups/${theirs.groupId}`, { name: '越境' })).status).toBe(404);
    expect((await api(otherAdmin).get('/api/admin/groups')).body.items.find((g: any) => g.groupId === theirs.groupId).name).toBe(theirs.name);
  },
  'DELETE /api/admin/groups/{groupId}': async () => {
    const theirs = await otherGroup();
    expect((await api(demoAdmin).del(`/api/admin/groups/${theirs.groupId}`)).status).toBe(404);
    expect((await api(otherAdmin).get('/api/admin/groups')).body.items.map((g: any) => g.groupId)).toContain(theirs.groupId);
  },
  'POST /api/admin/groups/assignments': async () => {
    const theirs = await otherGroup();
    const jobsBefore = await jobIds(otherAdmin);
    // Demo's employee into the other company's group, from either side: refused, no job.
    expect((await api(otherAdmin).post('/api/admin/groups/assignments', { groupId: theirs.groupId, employeeIds: [demoEmployee.id] })).body.error.code).toBe('UNKNOWN_EMPLOYEES');
    expect((await api(demoAdmin).post('/api/admin/groups/assignments', { groupId: theirs.groupId, employeeIds: [demoEmployee.id] })).status).toBe(404);
    expect(await jobIds(otherAdmin)).toEqual(jobsBefore);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.groupId).toBeUndefined();
  },
  // 企業情報, 管理者設定, 認証情報の削除 (issue 12): the caller's own company only.
  'GET /api/admin/company': async () => {
    const [theirs, ours] = await Promise.all([api(otherAdmin).get('/api/admin/company'), api(demoAdmin).get('/api/admin/company')]);
    expect([theirs.body.code, ours.body.code]).toEqual(['other', 'demo']);
    expect(theirs.body.id).not.toBe(ours.body.id);
  },
  'GET /api/admin/admins': async () => {
    const theirs = (await api(otherAdmin).get('/api/admin/admins')).body.items as Array<{ id: string }>;
    const ours = new Set(((await api(demoAdmin).get('/api/admin/admins')).body.items as Array<{ id: string }>).map((m) => m.id));
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.some((m) => ours.has(m.id))).toBe(false);
  },
  'DELETE /api/admin/employees/{id}/mfa': async () => {
    expect((await api(otherAdmin).del(`/api/admin/employees/${demoEmployee.id}/mfa`)).status).toBe(404);
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body.mfaStatus).toBe(demoEmployee.mfaStatus);
  },
  'GET /api/admin/audit': async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await api(otherAdmin).get(`/api/admin/audit?from=${from}&to=${to}&limit=500`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: any) => e.companyId !== demoEmployee.companyId)).toBe(true);
  },
  // 企業情報 › 端末 (the PC logon client): keys and devices of one company only.
  'GET /api/admin/enrollment-keys': async () => {
    await api(demoAdmin).post('/api/admin/enrollment-keys', {});
    const res = await api(otherAdmin).get('/api/admin/enrollment-keys');
    expect(res.status).toBe(200);
    expect(res.body.items.every((k: any) => k.companyId !== demoEmployee.companyId)).toBe(true);
  },
  'POST /api/admin/enrollment-keys': async () => {
    // The key enrolls a device of the key's company, whoever enrolls with it.
    const key = (await api(otherAdmin).post('/api/admin/enrollment-keys', {})).body.key as string;
    const enrolled = await api().post('/api/client/enroll', { enrollmentKey: key, hostname: 'ACCESS-PC' });
    expect(enrolled.status).toBe(201);
    const demoDevices = (await api(demoAdmin).get('/api/admin/devices')).body.items as Array<{ deviceId: string }>;
    expect(demoDevices.map((d) => d.deviceId)).not.toContain(enrolled.body.deviceId);
  },
  'DELETE /api/admin/enrollment-keys/{keyId}': async () => {
    const demoKey = (await api(demoAdmin).post('/api/admin/enrollment-keys', {})).body;
    expect((await api(otherAdmin).del(`/api/admin/enrollment-keys/${demoKey.enrollmentKey.keyId}`)).status).toBe(404);
    expect((await api().post('/api/client/enroll', { enrollmentKey: demoKey.key, hostname: 'ACCESS-PC' })).status).toBe(201);
  },
  'GET /api/admin/devices': async () => {
    const res = await api(otherAdmin).get('/api/admin/devices');
    expect(res.status).toBe(200);
    expect(res.body.items.every((d: any) => d.companyId !== demoEmployee.companyId)).toBe(true);
  },
  'DELETE /api/admin/devices/{deviceId}': async () => {
    const key = (await api(demoAdmin).post('/api/admin/enrollment-keys', {})).body.key as string;
    const device = (await api().post('/api/client/enroll', { enrollmentKey: key, hostname: 'ACCESS-PC' })).body;
    expect((await api(otherAdmin).del(`/api/admin/devices/${device.deviceId}`)).status).toBe(404);
    const check = await api().post('/api/client/events', { events: [{ eventId: `access-${Date.now()}`, loginId: 'admin', type: 'lock', at: new Date().toISOString() }] }, { Authorization: `Device ${device.credential}` });
    expect(check.status).toBe(200);
  },
};

async function waitForJob(token: string, jobId: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await api(token).get(`/api/admin/jobs/${jobId}`)).body;
    if (job.state === 'done') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

describe('tenant isolation', () => {
  it('has a case for every admin route', () => {
    expect(Object.keys(crossTenant).sort()).toEqual(ADMIN_ROUTES.map(routeKey).sort());
  });

  it.each(Object.keys(crossTenant))('%s stays inside the caller’s company', async (key) => {
    await crossTenant[key]!();
  });
});

/** The support console's routes: for support operators only. */
const SUPPORT_ROUTES = ROUTES.filter((r) => r.path.startsWith('/api/support/') && r.auth === 'jwt');
/** Routes every signed-in account may call about itself, support operators included. */
const OWN_FACTOR_ROUTES = new Set(ROUTES.filter((r) => r.path.startsWith('/api/me/mfa')).map(routeKey));
const COMPANY_ROUTES = JWT_ROUTES.filter((r) => !r.path.startsWith('/api/support/') && !OWN_FACTOR_ROUTES.has(routeKey(r)));

const withIds = (path: string) => path.replace('{companyId}', demoEmployee.companyId).replace('{accountId}', demoEmployee.id).replace(/\{\w+\}/g, demoEmployee.id);

describe('the support console refuses company accounts', () => {
  it('covers every support route', () => {
    expect(SUPPORT_ROUTES.map(routeKey).sort()).toEqual([
      'GET /api/support/companies',
      'GET /api/support/companies/{companyId}/accounts',
      'POST /api/support/companies/{companyId}/accounts/{accountId}/mfa-reset',
      'POST /api/support/companies/{companyId}/accounts/{accountId}/unlock',
      'PUT /api/support/companies/{companyId}/client-settings',
    ]);
  });

  it.each(SUPPORT_ROUTES.map(routeKey))('%s answers 403 to a company admin and a viewer, and changes nothing', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    for (const token of [demoAdmin, demoViewer, otherAdmin]) {
      const body = method === 'PUT' ? { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true } : undefined;
      const res = await api(token).call(method, `${withIds(path)}${method === 'GET' ? '?code=demo&q=a' : ''}`, body);
      expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await api(demoAdmin).get(`/api/admin/employees/${demoEmployee.id}`)).body).toMatchObject({ mfaStatus: demoEmployee.mfaStatus, version: demoEmployee.version });
    expect((await api(demoAdmin).get('/api/admin/company')).body).toMatchObject({ attendanceLink: { enabled: false, breaks: false }, adminMayDeleteMfa: false });
  });
});

describe('company routes refuse a support operator', () => {
  let support: string;
  beforeAll(async () => {
    const res = await api().post('/api/auth/support-login', { loginId: LOCAL_SUPPORT_LOGIN, password: inject('demoPassword') });
    expect(res.body.result, res.text).toBe('signed-in');
    support = res.body.idToken;
  });

  it.each(COMPANY_ROUTES.map(routeKey))('%s answers 403 to a support token', async (key) => {
    const [method, path] = key.split(' ') as [string, string];
    const res = await api(support).call(method, withIds(path), method === 'GET' || method === 'DELETE' ? undefined : {});
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});
