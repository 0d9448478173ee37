import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, editableFields, signIn } from '../support/api.js';
import { clockEntries, writeEntries } from '../support/audit-seed.js';
import { authenticator as app, type AuthenticatorClock } from '../support/authenticator.js';
import { putInGroup, seedPolicyCompany, seedSupportOperator, useLocalEnv } from '../support/fixtures.js';
import { advanceServerClock, resetServerClock, serverNow } from '../support/server-clock.js';

// A company of its own (its settings change here) and a support operator of its own.
const COMPANY = { code: 'coadm', name: '株式会社コーポレート' };
const OPERATOR = 'ops-coadm';
const HOUR = 3600_000;

// Each code here is the first of a fresh secret: the clock is moved (and put back) only if a step repeats.
let moved = false;
const clock: AuthenticatorClock = { now: serverNow, nextStep: (ms) => ((moved = true), advanceServerClock(ms + 1000)) };

/** Sets a second factor up for a signed-in account (support's first sign-in, an employee's choice). */
async function setUpFactor(token: string): Promise<void> {
  const setup = await api(token).post('/api/me/mfa/setup');
  expect(setup.status, setup.text).toBe(200);
  const confirmed = await api(token).post('/api/me/mfa/confirm', { code: await app(setup.body.secret, clock).next() });
  expect(confirmed.status, confirmed.text).toBe(200);
}

/** The operator's first sign-in: set up its factor, then the same token serves the console. */
async function supportToken(): Promise<string> {
  const first = await api().post('/api/auth/support-login', { loginId: OPERATOR, password: inject('demoPassword') });
  expect([first.status, first.body.result], first.text).toEqual([200, 'signed-in']);
  await setUpFactor(first.body.idToken);
  return first.body.idToken as string;
}

type Listed = Record<string, any> & { id: string; employeeCode: string; loginId: string };

async function employeeByLogin(token: string, loginId: string): Promise<Listed> {
  const list = await api(token).get('/api/admin/employees?limit=200');
  return (list.body.items as Listed[]).find((e) => e.loginId === loginId)!;
}

async function recentAudit(token: string, query = '') {
  const from = new Date(serverNow() - HOUR).toISOString();
  const to = new Date(serverNow() + 60_000).toISOString();
  const res = await api(token).get(`/api/admin/audit?from=${from}&to=${to}&limit=500${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as Array<Record<string, any>>;
}

let admin: string;
let viewer: string;
let support: string;
let companyId: string;

beforeAll(async () => {
  await Promise.all([seedPolicyCompany(COMPANY.code, COMPANY.name), seedSupportOperator(OPERATOR)]);
  [admin, viewer] = await Promise.all([signIn(COMPANY.code, 'admin'), signIn(COMPANY.code, 'viewer')]);
  support = await supportToken();
  companyId = (await api(admin).get('/api/admin/company')).body.id;
});

afterAll(async () => {
  if (moved) await resetServerClock();
});

describe('企業情報', () => {
  it('answers the company facts, read-only, to admins and viewers; defaults: link off, deletion support-only, ja, Asia/Tokyo', async () => {
    const info = await api(viewer).get('/api/admin/company');
    expect(info.status, info.text).toBe(200);
    expect(info.body).toEqual({
      id: companyId, code: COMPANY.code, name: COMPANY.name,
      attendanceLink: { enabled: false, breaks: false }, adminMayDeleteMfa: false, language: 'ja', timeZone: 'Asia/Tokyo',
    });
  });

  it('基本設定 sets the default language; 打刻連携 and the deletion permission are refused there (support only)', async () => {
    const lang = await api(admin).call('PATCH', '/api/admin/settings', { language: 'en' });
    expect([lang.status, lang.body.language], lang.text).toEqual([200, 'en']);
    expect((await api(admin).get('/api/admin/company')).body.language).toBe('en');
    expect((await api(admin).call('PATCH', '/api/admin/settings', { language: 'fr' })).status).toBe(400);

    const link = await api(admin).call('PATCH', '/api/admin/settings', { attendanceLink: { enabled: true, breaks: false } });
    expect([link.status, link.body.error.code]).toEqual([400, 'VALIDATION']);
    const mfa = await api(admin).call('PATCH', '/api/admin/settings', { adminMayDeleteMfa: true });
    expect(mfa.status).toBe(400);
    // A viewer changes nothing, the language included.
    expect((await api(viewer).call('PATCH', '/api/admin/settings', { language: 'ja' })).status).toBe(403);
    expect((await api(admin).get('/api/admin/company')).body).toMatchObject({ attendanceLink: { enabled: false, breaks: false }, adminMayDeleteMfa: false });
    expect((await api(admin).call('PATCH', '/api/admin/settings', { language: 'ja' })).status).toBe(200);
  });
});

describe('client settings (support only)', () => {
  const path = () => `/api/support/companies/${companyId}/client-settings`;

  it('refuses company accounts, breaks without the link, and unknown companies', async () => {
    const body = { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true };
    expect((await api(admin).put(path(), body)).status).toBe(403);
    expect((await api(viewer).put(path(), body)).status).toBe(403);
    const breaks = await api(support).put(path(), { attendanceLink: { enabled: false, breaks: true }, adminMayDeleteMfa: false });
    expect([breaks.status, breaks.body.error.code]).toEqual([400, 'BREAKS_WITHOUT_LINK']);
    expect((await api(support).put(path(), { attendanceLink: { enabled: true }, adminMayDeleteMfa: false })).status).toBe(400);
    expect((await api(support).put('/api/support/companies/01HZZZZZZZZZZZZZZZZZZZZZZZ/client-settings', body)).status).toBe(404);
    expect((await api(admin).get('/api/admin/company')).body.attendanceLink).toEqual({ enabled: false, breaks: false });
  });

  it('support sets them; the company log names the operator; admins read them on 企業情報 and the console finds them', async () => {
    const res = await api(support).put(path(), { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true });
    expect([res.status, res.body], res.text).toEqual([200, { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true }]);
    expect((await api(admin).get('/api/admin/company')).body).toMatchObject({ attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true });
    expect((await api(support).get(`/api/support/companies?code=${COMPANY.code}`)).body.clientSettings).toEqual({ attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true });

    const entry = (await recentAudit(admin, '&groups=settings')).find((e) => e.action === 'support.client-settings.update');
    expect(entry).toMatchObject({ actor: `support/${OPERATOR}`, target: companyId, result: 'success', detail: { operator: OPERATOR, role: 'support', attendanceLink: 'clock+breaks', adminMayDeleteMfa: true } });
  });
});

describe('管理者設定', () => {
  it('lists the admins and viewers (admins first), and follows a role change on the employee page', async () => {
    const list = await api(viewer).get('/api/admin/admins');
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((m: any) => [m.loginId, m.role, m.employeeCode, m.name])).toEqual([
      ['admin', 'admin', '0001', '管理 花子'],
      ['viewer', 'viewer', '0002', '閲覧 次郎'],
    ]);

    const saburo = await employeeByLogin(admin, 'saburo');
    const promoted = await api(admin).put(`/api/admin/employees/${saburo.id}`, { ...editableFields(saburo), role: 'viewer', version: saburo.version });
    expect(promoted.status, promoted.text).toBe(200);
    expect((await api(admin).get('/api/admin/admins')).body.items.map((m: any) => m.loginId)).toEqual(['admin', 'viewer', 'saburo']);

    const back = await api(admin).put(`/api/admin/employees/${saburo.id}`, { ...editableFields(promoted.body), role: 'employee', version: promoted.body.version });
    expect(back.status, back.text).toBe(200);
    expect((await api(admin).get('/api/admin/admins')).body.items.map((m: any) => m.loginId)).toEqual(['admin', 'viewer']);
  });

  it('a company written before the list existed gets it from the one-off backfill', async () => {
    useLocalEnv();
    const [{ dynamo }, { DeleteCommand }, { keys }, { backfillStaff }] = await Promise.all([
      import('../../functions/adapters/aws-clients.js'),
      import('@aws-sdk/lib-dynamodb'),
      import('../../functions/adapters/dynamodb/keys.js'),
      import('../../functions/adapters/dynamodb/employee-store.js'),
    ]);
    const viewerId = (await employeeByLogin(admin, 'viewer')).id;
    await dynamo().send(new DeleteCommand({ TableName: 'kagi', Key: keys.staffMember(companyId, viewerId) }));
    expect((await api(admin).get('/api/admin/admins')).body.items.map((m: any) => m.loginId)).toEqual(['admin']);
    expect(await backfillStaff(companyId)).toBe(2);
    expect((await api(admin).get('/api/admin/admins')).body.items.map((m: any) => m.loginId)).toEqual(['admin', 'viewer']);
  });

  it('shows one company only', async () => {
    const demo = await signIn('demo', 'admin');
    const items = (await api(demo).get('/api/admin/admins')).body.items as Array<Record<string, any>>;
    expect(items.map((m) => m.loginId)).toEqual(expect.arrayContaining(['admin', 'viewer']));
    expect(items.every((m) => !m.name.includes('花子'))).toBe(true);
  });
});

describe('認証情報の削除', () => {
  it('is refused while support has not allowed it, then works for admins only, audited; another company\'s employee is 404', async () => {
    const ichiroToken = await signIn(COMPANY.code, 'ichiro');
    await setUpFactor(ichiroToken);
    const ichiro = await employeeByLogin(admin, 'ichiro');
    expect(ichiro.mfaStatus).toBe('active');
    const path = `/api/admin/employees/${ichiro.id}/mfa`;

    await api(support).put(`/api/support/companies/${companyId}/client-settings`, { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: false });
    const off = await api(admin).del(path);
    expect([off.status, off.body.error.code, off.body.error.message]).toEqual([403, 'MFA_DELETE_NOT_ALLOWED', 'この会社では、管理者は認証情報を削除できません。サポートにご依頼ください。']);

    await api(support).put(`/api/support/companies/${companyId}/client-settings`, { attendanceLink: { enabled: true, breaks: true }, adminMayDeleteMfa: true });
    expect((await api(viewer).del(path)).status).toBe(403);
    const demoEmployee = await employeeByLogin(await signIn('demo', 'admin'), 'viewer');
    expect((await api(admin).del(`/api/admin/employees/${demoEmployee.id}/mfa`)).status).toBe(404);
    expect((await api(admin).del('/api/admin/employees/not-an-id/mfa')).status).toBe(404);

    const done = await api(admin).del(path);
    expect([done.status, done.body], done.text).toEqual([200, { mfaStatus: 'none' }]);
    expect((await employeeByLogin(admin, 'ichiro')).mfaStatus).toBe('none');
    expect((await api(ichiroToken).get('/api/me/mfa')).body.status).toBe('none');
    const again = await api(admin).del(path);
    expect([again.status, again.body.error.code]).toEqual([409, 'MFA_NOT_ACTIVE']);

    const entry = (await recentAudit(admin, `&user=${ichiro.id}`)).find((e) => e.action === 'mfa.admin-delete');
    expect(entry).toMatchObject({ actor: 'admin', target: '0003', targetAccountId: ichiro.id, result: 'success' });
  });
});

describe('出退勤ログ検索', () => {
  it('shows only the clock events, and its results cannot be exported', async () => {
    const [jiro, shiro] = await Promise.all([employeeByLogin(admin, 'jiro'), employeeByLogin(admin, 'shiro')]);
    const at = (hoursAgo: number) => new Date(serverNow() - hoursAgo * HOUR).toISOString();
    const offline = at(30); // sent later from the device's queue
    await writeEntries(
      clockEntries(companyId, [
        { account: jiro, type: 'logon', occurredAt: offline, receivedAt: at(5), device: 'PC-JIRO' },
        { account: jiro, type: 'lock', occurredAt: at(4.5), receivedAt: at(4.5), device: 'PC-JIRO' },
        { account: shiro, type: 'logoff', occurredAt: at(3), receivedAt: at(3), device: 'PC-SHIRO' },
        { account: shiro, type: 'logon', occurredAt: at(2), receivedAt: at(2), device: 'PC-SHIRO', counted: false },
      ]),
    );

    const res = await api(viewer).get('/api/admin/audit?mode=attendance&lastDays=7');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ mode: 'attendance', exportable: false, count: 3 });
    expect(res.body.items.map((e: any) => [e.action, e.actor, e.detail.clockKind, e.detail.device])).toEqual([
      ['clock.logoff', 'shiro', 'clock-out', 'PC-SHIRO'],
      ['clock.lock', 'jiro', 'break-start', 'PC-JIRO'],
      ['clock.logon', 'jiro', 'clock-in', 'PC-JIRO'],
    ]);
    // The device's own time is kept beside the received time.
    expect(res.body.items[2].detail.occurredAt).toBe(offline);
    expect(Date.parse(res.body.items[2].at) - Date.parse(offline)).toBeGreaterThan(24 * HOUR);
    // Narrowing to other groups in this mode finds nothing to search.
    expect((await api(viewer).get('/api/admin/audit?mode=attendance&lastDays=7&groups=settings')).status).toBe(400);

    const all = await api(viewer).get('/api/admin/audit?lastDays=7&groups=client,attendance');
    expect(all.body).toMatchObject({ mode: 'all', exportable: true });
    expect(all.body.items.map((e: any) => e.action)).toContain('client.logon');

    const refused = await api(admin).post('/api/admin/audit/exports', { mode: 'attendance', lastDays: 7 });
    expect([refused.status, refused.body.error.code], refused.text).toEqual([400, 'NOT_EXPORTABLE']);
    expect(refused.body.error.message).toContain('出退勤ログ検索');
    const alsoRefused = await api(admin).post('/api/admin/audit/exports', { mode: 'attendance', groups: ['attendance'], lastDays: 7 });
    expect(alsoRefused.status).toBe(400);
  });
});

describe('time zones of the log view', () => {
  it('shows the company log in the company zone, and a member\'s own history in their group\'s zone', async () => {
    const jiro = await employeeByLogin(admin, 'jiro');
    const saburo = await employeeByLogin(admin, 'saburo');
    expect((await api(admin).get('/api/admin/audit?lastDays=1')).body).toMatchObject({ timeZone: 'Asia/Tokyo', zoneOf: 'company' });
    expect((await api(admin).get(`/api/admin/audit?lastDays=1&user=${saburo.id}`)).body).toMatchObject({ timeZone: 'Asia/Tokyo', zoneOf: 'company' });

    await putInGroup(companyId, jiro.id, { groupId: 'G-NY', name: 'ニューヨーク', timeZone: 'America/New_York' });
    const own = await api(viewer).get(`/api/admin/audit?lastDays=7&user=${jiro.id}`);
    expect(own.body).toMatchObject({ timeZone: 'America/New_York', zoneOf: 'group' });
    expect(own.body.items.map((e: any) => e.action)).toContain('clock.logon');
    // The company's own log stays in the company's zone.
    expect((await api(admin).get('/api/admin/audit?lastDays=1')).body.timeZone).toBe('Asia/Tokyo');
  });
});
