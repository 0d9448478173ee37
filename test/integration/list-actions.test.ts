import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../bin/local/demo-data.js';
import { api, signIn, waitForJob } from '../support/api.js';
import { TEST_DEMO_PASSWORD } from '../support/constants.js';
import { useLocalEnv } from '../support/fixtures.js';
import { mailsTo, REQUEST_SUBJECT } from '../e2e/mail-store.js';

// The list's actions of issue 15: the seeded admin and viewer are 発行済, 選択して削除, and
// パスワード一括発行 (N) in both modes. The bulk issues run in companies of their own, so they
// touch no employee another test counts on.

const RUN = Date.now().toString(36).slice(-5);

function person(code: string, extra: Partial<DemoAccount> = {}): DemoAccount {
  return {
    employeeCode: code, familyName: '一括', givenName: code, familyNameKana: '', givenNameKana: '', office: '本社', department: '総務部', birthDate: '',
    email1: `${code.toLowerCase()}@${RUN}.example.jp`, email2: '', email3: '', loginId: `u-${code.toLowerCase()}`, role: 'employee', enabled: true, ...extra,
  };
}

/** A company of its own: an admin who signs in and five employees at 未発行 (one disabled, one with no address, one with only メールアドレス2). */
async function companyWithUnissued(code: string): Promise<string> {
  useLocalEnv();
  const { seedCompany } = await import('../../bin/local/seed.js');
  await seedCompany(code, `株式会社${code}`, [
    person('ADM', { role: 'admin', signIn: true }),
    person('E1'), person('E2'),
    person('E3', { enabled: false }),
    person('E4', { email1: '' }),
    person('E5', { email1: '', email2: `e5-second@${RUN}.example.jp` }),
  ], TEST_DEMO_PASSWORD);
  return signIn(code, 'u-adm');
}

const counts = async (token: string) => (await api(token).get('/api/admin/employee-counts')).body as Record<string, number>;

let admin: string;
let viewer: string;

beforeAll(async () => {
  [admin, viewer] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer')]);
});

describe('accounts that sign in', () => {
  it('show the demo admin and viewer as 発行済 (認証状態 -); issuing them is a reissue; the admin may not issue their own', async () => {
    const list = await api(admin).get('/api/admin/employees?q=900&limit=10');
    const byLogin = Object.fromEntries(list.body.items.map((e: any) => [e.loginId, e]));
    expect(byLogin.admin).toMatchObject({ employeeCode: '9001', passwordStatus: 'issued', verificationStatus: 'not_applicable' });
    expect(byLogin.viewer).toMatchObject({ employeeCode: '9002', passwordStatus: 'issued', verificationStatus: 'not_applicable' });

    // Without reissue, the viewer is already issued; the admin's own row is refused either way.
    const plain = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [byLogin.viewer.id] });
    expect(plain.status).toBe(409);
    expect(plain.body.error.code).toBe('ALREADY_ISSUED');
    for (const reissue of [false, true]) {
      const own = await api(admin).post('/api/admin/issuance/pdf', { employeeIds: [byLogin.admin.id], reissue });
      expect(own.status).toBe(409);
      expect(own.body.error).toMatchObject({ code: 'OWN_ACCOUNT', message: expect.stringContaining('マイページ') });
    }
    const ownMail = await api(admin).post('/api/admin/issuance/mail', { targets: [{ employeeId: byLogin.admin.id, address: 1 }], mode: 'reissue' });
    expect(ownMail.body.error.code).toBe('OWN_ACCOUNT');
    const ownNotice = await api(admin).post('/api/admin/issuance/notice-mail', { targets: [{ employeeId: byLogin.admin.id, address: 1 }] });
    expect(ownNotice.body.error.code).toBe('OWN_ACCOUNT');
  });
});

describe('選択して削除', () => {
  it('deletes the chosen employees of the own company only, refuses oneself, audits each, and is refused to the viewer', async () => {
    const created: any[] = [];
    for (const n of [1, 2, 3]) {
      const res = await api(admin).post('/api/admin/employees', { ...person(`DEL${RUN}-${n}`), loginId: '' });
      expect(res.status).toBe(201);
      created.push(res.body);
    }
    const other = await api(await signIn('other', 'admin')).get('/api/admin/employees?limit=10');
    const foreign = other.body.items[0];
    const me = (await api(admin).get('/api/me')).body;
    const before = await counts(admin);

    expect((await api(viewer).post('/api/admin/employee-deletions', { employeeIds: [created[0].id] })).status).toBe(403);
    expect((await api(admin).post('/api/admin/employee-deletions', { employeeIds: [] })).status).toBe(400);
    expect((await api(admin).post('/api/admin/employee-deletions', { employeeIds: Array.from({ length: 101 }, (_, i) => `x${i}`) })).status).toBe(400);

    const res = await api(admin).post('/api/admin/employee-deletions', { employeeIds: [...created.map((e: any) => e.id), foreign.id, me.accountId] });
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBe(3);
    const outcome = Object.fromEntries(res.body.results.map((r: any) => [r.employeeId, r]));
    for (const e of created) expect(outcome[e.id]).toMatchObject({ outcome: 'deleted', employeeCode: e.employeeCode });
    expect(outcome[foreign.id]).toMatchObject({ outcome: 'refused', reason: 'not-found', employeeCode: '', name: '' });
    expect(outcome[me.accountId]).toMatchObject({ outcome: 'refused', reason: 'self', message: expect.stringContaining('自分自身') });

    for (const e of created) expect((await api(admin).get(`/api/admin/employees/${e.id}`)).status).toBe(404);
    // The other company's employee is untouched; the deleted cannot sign in; the counters follow.
    expect((await api(await signIn('other', 'admin')).get(`/api/admin/employees/${foreign.id}`)).status).toBe(200);
    expect((await api(admin).get(`/api/admin/employees/${me.accountId}`)).status).toBe(200);
    const after = await counts(admin);
    expect(before['password#unissued']! - after['password#unissued']!).toBe(3);

    const from = new Date(Date.now() - 3600_000).toISOString();
    const audit = await api(admin).get(`/api/admin/audit?from=${from}&to=${new Date(Date.now() + 60_000).toISOString()}&limit=500`);
    const deletes = audit.body.items.filter((a: any) => a.action === 'employee.delete' && created.some((e: any) => e.employeeCode === a.target));
    expect(deletes).toHaveLength(3);
    expect(deletes.every((a: any) => a.actor === 'admin' && a.detail.bulk === 5)).toBe(true);
  });
});

describe('パスワード一括発行 (N)', () => {
  it('PDF: the job takes as many employees as the 未発行 counter says, issues the enabled, reports the disabled', async () => {
    const token = await companyWithUnissued(`bulkpdf${RUN}`);
    const n = (await counts(token))['password#unissued'];
    expect(n).toBe(5);
    const started = await api(token).post('/api/admin/issuance/pdf', { allUnissued: true });
    expect(started.status).toBe(202);
    const job = await waitForJob(token, started.body.jobId);
    expect(job).toMatchObject({ kind: 'pdf-issuance', state: 'done', progress: { total: n }, counts: { succeeded: 4, failed: 0, excluded: 1 } });
    expect(job.results).toEqual([expect.objectContaining({ employeeCode: 'E3', outcome: 'excluded', reason: 'disabled' })]);
    expect((await counts(token))['password#unissued']).toBe(1);
    // Nothing left to issue (the disabled one stays out), and the viewer role may not start it.
    const again = await waitForJob(token, (await api(token).post('/api/admin/issuance/pdf', { allUnissued: true })).body.jobId);
    expect(again).toMatchObject({ progress: { total: 1 }, counts: { succeeded: 0, excluded: 1 } });
    expect((await api(viewer).post('/api/admin/issuance/pdf', { allUnissued: true })).status).toBe(403);
    expect((await api(token).post('/api/admin/issuance/pdf', { allUnissued: true, employeeIds: ['x'] })).status).toBe(400);
    // With nobody left at 未発行 there is nothing to start.
    expect((await api(token).post('/api/admin/employee-deletions', { employeeIds: [job.results[0].employeeId] })).body.deleted).toBe(1);
    expect((await counts(token))['password#unissued']).toBe(0);
    const none = await api(token).post('/api/admin/issuance/pdf', { allUnissued: true });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NONE_UNISSUED');
  });

  it('mail: one request mail per employee at 未発行, to the address the screens preselect; the counts match the job', async () => {
    const token = await companyWithUnissued(`bulkmail${RUN}`);
    const n = (await counts(token))['password#unissued'];
    const started = await api(token).post('/api/admin/issuance/mail', { allUnissued: true });
    expect(started.status).toBe(202);
    const job = await waitForJob(token, started.body.jobId);
    expect(job).toMatchObject({ kind: 'mail-request', mode: 'new', progress: { total: n }, counts: { succeeded: 3, failed: 0, excluded: 2 } });
    expect(job.results.map((r: any) => [r.employeeCode, r.reason]).sort()).toEqual([['E3', 'disabled'], ['E4', 'no-address']]);
    const after = await counts(token);
    expect(after['verification#pending']).toBe(3);
    expect(after['password#unissued']).toBe(2);
    // E5 has only メールアドレス2: that is where its mail went.
    expect(await mailsTo(`e5-second@${RUN}.example.jp`, REQUEST_SUBJECT)).toHaveLength(1);
    expect(await mailsTo(`e1@${RUN}.example.jp`, REQUEST_SUBJECT)).toHaveLength(1);
  });
});
