import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { api, signIn } from '../support/api.js';
import { expectCountsEqualRecount } from '../support/recount.js';

// Issue 4 through the API and the local SES store: request mails, the verify page, the account
// notice, expiry with a moved clock, reissue (A) and (B), bounces, history and previews.

let admin: string;
let viewer: string;
const RUN = Date.now().toString(36).slice(-5);

interface StoredMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text: string; html: string };
}

async function sesStore(): Promise<StoredMail[]> {
  const res = await fetch(`${inject('mailViewerUrl')}/store`);
  return ((await res.json()) as { emails: StoredMail[] }).emails;
}
const mailsTo = async (address: string) => (await sesStore()).filter((m) => m.destination.to.includes(address));
const lastMailTo = async (address: string, subject: string) => (await mailsTo(address)).filter((m) => m.subject === subject).at(-1);
const tokenIn = (text: string) => text.match(/\/verify\/([A-Za-z0-9_-]{43})/)?.[1];
const passwordIn = (text: string) => text.match(/仮パスワード：(\S+)/)?.[1];
const loginIdIn = (text: string) => text.match(/ログインID：(\S+)/)?.[1];

/** Test controls of the local runtime: the service's clock, the sweep, and waiting for jobs and SES events. */
async function local(path: 'clock' | 'sweep' | 'idle', body?: unknown) {
  const res = await fetch(`${inject('baseUrl')}/__local/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

async function waitForJob(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const job = (await api(admin).get(`/api/admin/jobs/${jobId}`)).body;
    if (job.state === 'done') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function sendRequests(targets: Array<{ employeeId: string; address?: number }>, mode?: string) {
  const started = await api(admin).post('/api/admin/issuance/mail', { targets, ...(mode ? { mode } : {}) });
  expect(started.status, started.text).toBe(202);
  const job = await waitForJob(started.body.jobId);
  await local('idle');
  return job;
}

async function createEmployee(code: string, fields: Record<string, string> = {}) {
  const res = await api(admin).post('/api/admin/employees', {
    employeeCode: code, familyName: '検証', givenName: `太郎${code.slice(-3)}`, email1: `${code.toLowerCase()}@mail-test.example.jp`, confirmDuplicates: true, ...fields,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const employee = async (id: string) => (await api(admin).get(`/api/admin/employees/${id}`)).body;

/** Signs in with the mailed temporary password, sets an own one, and returns it. */
async function firstSignIn(loginId: string, temporary: string) {
  const login = await api().post('/api/auth/login', { companyCode: 'demo', loginId, password: temporary });
  expect(login.body.result, login.text).toBe('new-password-required');
  const own = `Own-pass-${RUN}-${loginId.slice(-4)}`;
  const done = await api().post('/api/auth/new-password', { session: login.body.session, newPassword: own });
  expect(done.body.result, done.text).toBe('signed-in');
  return own;
}

/** Verifies through the link in the newest request mail to `address` and returns the notice's password. */
async function verifyLatest(address: string) {
  const request = await lastMailTo(address, '【kagi】アカウント認証要求');
  const token = tokenIn(request!.body.text)!;
  expect((await api().post(`/api/verification/${token}`)).status).toBe(200);
  const notice = await lastMailTo(address, '【kagi】アカウント通知');
  return { token, password: passwordIn(notice!.body.text)!, notice: notice! };
}


let ten: any[];

beforeAll(async () => {
  [admin, viewer] = await Promise.all([signIn('demo', 'admin'), signIn('demo', 'viewer')]);
  expect((await api(admin).call('PATCH', '/api/admin/settings', { notificationMethod: 'mail', verificationValidityDays: 7 })).status).toBe(200);
  ten = [];
  for (let i = 0; i < 10; i++) ten.push(await createEmployee(`ML${RUN}-${String(i).padStart(3, '0')}`));
});

afterAll(async () => {
  await local('clock', { offsetMs: 0 });
  await api(admin).call('PATCH', '/api/admin/settings', { notificationMethod: 'pdf', verificationValidityDays: 7 });
});

describe('mail verification (issue 4)', () => {
  it('bulk-sends 10 request mails with Japanese subjects and working links; GET changes nothing, POST verifies, the notice signs in', async () => {
    const job = await sendRequests(ten.map((e) => ({ employeeId: e.id, address: 1 })));
    expect(job).toMatchObject({ kind: 'mail-request', mode: 'new', state: 'done', counts: { succeeded: 10, failed: 0, excluded: 0 } });
    for (const e of ten) {
      const mails = await mailsTo(e.email1);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('【kagi】アカウント認証要求');
      expect(mails[0]!.body.text).toContain('株式会社デモ');
      expect(mails[0]!.body.text).toContain(`${e.familyName} ${e.givenName} 様`);
      expect(mails[0]!.body.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} \(日本時間\)/);
      expect(mails[0]!.body.html).toContain(`href="${inject('baseUrl')}/verify/`);
      const after = await employee(e.id);
      expect(after).toMatchObject({ passwordStatus: 'issuing', verificationStatus: 'pending', verifiedAddresses: [], bouncedAddresses: [] });
      expect(Date.parse(after.verificationExpiresAt) - Date.parse(after.verificationRequestedAt)).toBe(7 * 86_400_000);
      const page = await api().get(`/api/verification/${tokenIn(mails[0]!.body.text)}`);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({ companyName: '株式会社デモ', companyCode: 'demo', employeeName: `${e.familyName} ${e.givenName}` });
    }
    // GET changed nothing: still 認証待ち, links still usable.
    expect((await employee(ten[0].id)).verificationStatus).toBe('pending');
    const pending = await api(admin).get('/api/admin/employees?verificationStatus=pending&limit=200');
    expect(pending.body.items.map((e: any) => e.id)).toEqual(expect.arrayContaining(ten.map((e) => e.id)));

    const first = ten[0];
    const { token, password, notice } = await verifyLatest(first.email1);
    expect(notice.body.text).toContain(first.loginId);
    expect(loginIdIn(notice.body.text)).toBe(first.loginId);
    expect(notice.body.text).toContain('会社コード：demo');
    // The link opens the sign-in page with the company filled in; a first issue says 発行.
    expect(notice.body.text).toContain(`ログインURL：${inject('baseUrl')}/login?company=demo`);
    expect(notice.body.text).toContain('アカウントを発行しました');
    expect(await employee(first.id)).toMatchObject({ passwordStatus: 'issuing', verificationStatus: 'verified_pending_login', verifiedAddresses: [1] });
    // Used once: both GET and POST now refuse.
    expect((await api().post(`/api/verification/${token}`)).status).toBe(410);
    expect((await api().get(`/api/verification/${token}`)).status).toBe(410);
    const own = await firstSignIn(first.loginId, password);
    expect(await employee(first.id)).toMatchObject({ passwordStatus: 'issued', verificationStatus: 'verified' });
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: first.loginId, password: own })).body.result).toBe('signed-in');

    // 新規 excludes whoever is no longer 未発行 / 未, with a reason; an empty address is 未設定.
    const noAddress = await createEmployee(`ML${RUN}-NOA`, { email1: '' });
    const again = await sendRequests([{ employeeId: first.id }, { employeeId: noAddress.id, address: 1 }, { employeeId: ten[1].id, address: 2 }]);
    expect(again.counts).toEqual({ succeeded: 0, failed: 0, excluded: 3 });
    expect(Object.fromEntries(again.results.map((r: any) => [r.employeeId, r.reason]))).toEqual({ [first.id]: 'invalid-state', [noAddress.id]: 'no-address', [ten[1].id]: 'no-address' });
    expect(again.results.find((r: any) => r.employeeId === noAddress.id).message).toContain('未設定');
    await expectCountsEqualRecount(admin);
  });

  it('sending again makes the first link fail with the same answer as an unknown link', async () => {
    const e = ten[1];
    const firstToken = tokenIn((await lastMailTo(e.email1, '【kagi】アカウント認証要求'))!.body.text)!;
    const job = await sendRequests([{ employeeId: e.id }], 'resend');
    expect(job.counts.succeeded).toBe(1);
    expect(await mailsTo(e.email1)).toHaveLength(2);
    const secondToken = tokenIn((await lastMailTo(e.email1, '【kagi】アカウント認証要求'))!.body.text)!;
    expect(secondToken).not.toBe(firstToken);
    const superseded = await api().get(`/api/verification/${firstToken}`);
    const unknown = await api().get(`/api/verification/${'A'.repeat(43)}`);
    const malformed = await api().post('/api/verification/not-a-token');
    expect(superseded.status).toBe(410);
    expect(superseded.body).toEqual(unknown.body);
    expect(malformed.body).toEqual(unknown.body);
    expect(superseded.body.error.code).toBe('LINK_INVALID');
    expect(superseded.body.error.message).toContain('アカウント認証URL有効期限切れ');
    expect((await api().post(`/api/verification/${firstToken}`)).status).toBe(410);
    expect((await api().get(`/api/verification/${secondToken}`)).status).toBe(200);
    expect((await employee(e.id)).verificationStatus).toBe('pending');
  });

  it('past the deadline (moved clock) the link fails at once, and the sweep shows 有効期限切れ with counts', async () => {
    await api(admin).call('PATCH', '/api/admin/settings', { verificationValidityDays: 1 });
    const e = ten[2];
    await sendRequests([{ employeeId: e.id }], 'resend');
    const token = tokenIn((await lastMailTo(e.email1, '【kagi】アカウント認証要求'))!.body.text)!;
    expect((await api().get(`/api/verification/${token}`)).status).toBe(200);
    const before = (await api(admin).get('/api/admin/employee-counts')).body;
    try {
      // One minute past the deadline: refused though the sweep has not run.
      await local('clock', { offsetMs: 86_400_000 + 60_000 });
      expect((await api().get(`/api/verification/${token}`)).status).toBe(410);
      expect((await api().post(`/api/verification/${token}`)).status).toBe(410);
      expect((await employee(e.id)).verificationStatus).toBe('pending');
      // The sweep (every minute; here fired by hand) moves it to 有効期限切れ.
      await local('sweep');
      expect(await employee(e.id)).toMatchObject({ passwordStatus: 'issuing', verificationStatus: 'expired' });
      const counts = (await api(admin).get('/api/admin/employee-counts')).body;
      expect(counts['verification#expired'] - (before['verification#expired'] ?? 0)).toBeGreaterThanOrEqual(1);
      const expired = await api(admin).get('/api/admin/employees?verificationStatus=expired&limit=200');
      expect(expired.body.items.map((x: any) => x.id)).toContain(e.id);
    } finally {
      await local('clock', { offsetMs: 0 });
      await api(admin).call('PATCH', '/api/admin/settings', { verificationValidityDays: 7 });
    }
    // Back before the deadline, the expired link stays refused; a resend works again.
    expect((await api().get(`/api/verification/${token}`)).status).toBe(410);
    await sendRequests([{ employeeId: e.id }], 'resend');
    expect((await employee(e.id)).verificationStatus).toBe('pending');
    const { password } = await verifyLatest(e.email1);
    await firstSignIn(e.loginId, password);
    await expectCountsEqualRecount(admin);
  });

  it('reissue (A): 再発行中 / 認証待ち and the old password fails at once; reissue (B): 再発行中 / 済(未ログイン)', async () => {
    const a = ten[0];
    const ownA = `Own-pass-${RUN}-${a.loginId.slice(-4)}`;
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: a.loginId, password: ownA })).body.result).toBe('signed-in');
    const job = await sendRequests([{ employeeId: a.id }], 'reissue');
    expect(job.counts.succeeded).toBe(1);
    expect(await employee(a.id)).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'pending' });
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: a.loginId, password: ownA })).status).toBe(401);
    const { password, notice: reissued } = await verifyLatest(a.email1);
    expect(reissued.body.text).toContain('パスワードを再発行しました');
    expect(reissued.body.text).not.toContain('アカウントを発行しました');
    expect(await employee(a.id)).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'verified_pending_login' });
    await firstSignIn(a.loginId, password);
    expect(await employee(a.id)).toMatchObject({ passwordStatus: 'issued', verificationStatus: 'verified' });

    const b = ten[2];
    const ownB = `Own-pass-${RUN}-${b.loginId.slice(-4)}`;
    const started = await api(admin).post('/api/admin/issuance/notice-mail', { targets: [{ employeeId: b.id, address: 1 }, { employeeId: ten[3].id, address: 1 }] });
    expect(started.status).toBe(202);
    const notice = await waitForJob(started.body.jobId);
    expect(notice).toMatchObject({ kind: 'mail-notice', counts: { succeeded: 1, excluded: 1 } });
    expect(await employee(b.id)).toMatchObject({ passwordStatus: 'reissuing', verificationStatus: 'verified_pending_login' });
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: b.loginId, password: ownB })).status).toBe(401);
    const direct = (await lastMailTo(b.email1, '【kagi】アカウント通知'))!.body.text;
    expect(direct).toContain('パスワードを再発行しました');
    expect(direct).toContain(`ログインURL：${inject('baseUrl')}/login?company=demo`);
    const mailed = passwordIn(direct)!;
    await firstSignIn(b.loginId, mailed);
    expect(await employee(b.id)).toMatchObject({ passwordStatus: 'issued', verificationStatus: 'verified', verifiedAddresses: [1] });
    await expectCountsEqualRecount(admin);
  });

  it('a bounce through the simulator address shows in the history and on the employee', async () => {
    const bouncer = await createEmployee(`ML${RUN}-BNC`, { email1: 'bounce@simulator.amazonses.com', email2: 'complaint@simulator.amazonses.com' });
    await sendRequests([{ employeeId: bouncer.id, address: 1 }]);
    const history = await api(admin).get(`/api/admin/employees/${bouncer.id}/mails`);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({ kind: 'verification-request', address: 1, to: 'bounce@simulator.amazonses.com', subject: '【kagi】アカウント認証要求', delivery: 'bounced' });
    expect(history.body.items[0].events.map((e: any) => e.type)).toEqual(['send', 'bounce']);
    expect((await employee(bouncer.id)).bouncedAddresses).toEqual([1]);
    const listed = await api(admin).get(`/api/admin/employees?q=${encodeURIComponent(bouncer.employeeCode)}`);
    expect(listed.body.items[0].bouncedAddresses).toEqual([1]);

    // A resend to address 2 is delivered, then complained about; newest first.
    await sendRequests([{ employeeId: bouncer.id, address: 2 }], 'resend');
    const after = (await api(viewer).get(`/api/admin/employees/${bouncer.id}/mails`)).body.items;
    expect(after.map((m: any) => [m.address, m.delivery])).toEqual([[2, 'complained'], [1, 'bounced']]);
    expect((await employee(bouncer.id)).bouncedAddresses).toEqual([1]);
  });

  it('history lists both mails newest first; previews render what is sent, with placeholders', async () => {
    const e = ten[0];
    const items = (await api(admin).get(`/api/admin/employees/${e.id}/mails`)).body.items;
    expect(items.map((m: any) => m.kind)).toEqual(['account-notice', 'verification-request', 'account-notice', 'verification-request']);
    expect(items.every((m: any) => m.delivery === 'delivered' && m.to === e.email1)).toBe(true);
    expect(JSON.stringify(items)).not.toMatch(/\/verify\/|仮パスワード：/);

    const request = await api(admin).get(`/api/admin/employees/${e.id}/mail-preview?kind=verification-request&address=1`);
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({ to: e.email1, subject: '【kagi】アカウント認証要求' });
    expect(request.body.text).toContain('［認証用URL：送信時に発行されます］');
    const sent = (await lastMailTo(e.email1, '【kagi】アカウント認証要求'))!.body.text;
    // The same renderer: the preview differs from the sent mail only in the placeholder and the deadline.
    const normalize = (t: string) => t.replace(/https?:\/\/\S+\/verify\/\S+|［認証用URL：送信時に発行されます］/, 'LINK').replace(/\d{4}年\d+月\d+日 \d{2}:\d{2}/, 'DATE');
    expect(normalize(request.body.text)).toBe(normalize(sent));
    const notice = await api(viewer).get(`/api/admin/employees/${e.id}/mail-preview?kind=account-notice&address=1`);
    expect(notice.body.text).toContain('［仮パスワード：送信時に発行されます］');
    expect(notice.body.text).toContain(e.loginId);
    expect(notice.body.html).toContain('<!DOCTYPE html>');
  });

  it('refuses the viewer and bad input', async () => {
    const target = [{ employeeId: ten[4].id, address: 1 }];
    expect((await api(viewer).post('/api/admin/issuance/mail', { targets: target })).status).toBe(403);
    expect((await api(viewer).post('/api/admin/issuance/notice-mail', { targets: target })).status).toBe(403);
    for (const body of [{ targets: [] }, { targets: 'all' }, { targets: [{ employeeId: ten[4].id, address: 4 }] }, { targets: target, mode: 'bogus' }, { targets: target, extra: 1 }, {}]) {
      const res = await api(admin).post('/api/admin/issuance/mail', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await api(admin).post('/api/admin/issuance/notice-mail', { targets: [{ employeeId: '' }] })).status).toBe(400);
    expect((await api(admin).get(`/api/admin/employees/${ten[4].id}/mail-preview?kind=bogus`)).status).toBe(400);
    expect((await api(admin).get(`/api/admin/employees/${ten[4].id}/mail-preview?kind=account-notice&address=5`)).status).toBe(400);
    expect((await api(admin).get('/api/admin/employees/NOPE/mails')).status).toBe(404);
    expect((await employee(ten[4].id)).verificationStatus).toBe('pending');
  });
});
