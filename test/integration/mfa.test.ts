import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, editableFields, fromAddress, signIn } from '../support/api.js';
import { authenticator as app, type AuthenticatorClock } from '../support/authenticator.js';
import { advanceServerClock, resetServerClock, serverNow } from '../support/server-clock.js';
import { scanTable, seedPolicyCompany, seedSupportOperator, setTemporaryPassword } from '../support/fixtures.js';

// Two companies of their own: 2FA optional (tfa) and required (tfa-req). Policy changes there
// reach nobody else's tests.
const OPTIONAL = { code: 'tfa', name: '株式会社ツーファクタ' };
const REQUIRED = { code: 'tfa-req', name: '株式会社ヒッス' };
const OPERATOR = 'ops-test';
const BACKUP_CODE = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/;

const password = () => inject('demoPassword');
/** Every secret and backup code this file has seen: none may show up anywhere afterwards. */
const secrets: string[] = [];
const codes: string[] = [];

// Codes are used up step by step; rather than wait 30 s for the next step, move the service's clock.
const clock: AuthenticatorClock = { now: serverNow, nextStep: (ms) => advanceServerClock(ms + 1000) };
const authenticator = (base32: string) => app(base32, clock);
type App = ReturnType<typeof authenticator>;

const login = (loginId: string, companyCode = OPTIONAL.code, headers?: Record<string, string>) =>
  api().post('/api/auth/login', { companyCode, loginId, password: password() }, headers);

/** Sets a second factor up for a signed-in account, as the setup screen does. */
async function setUp(token: string): Promise<{ app: App; backupCodes: string[]; secret: string }> {
  const setup = await api(token).post('/api/me/mfa/setup');
  expect(setup.status, setup.text).toBe(200);
  secrets.push(setup.body.secret);
  const app = authenticator(setup.body.secret);
  const confirmed = await api(token).post('/api/me/mfa/confirm', { code: await app.next() });
  expect(confirmed.status, confirmed.text).toBe(200);
  codes.push(...confirmed.body.backupCodes);
  return { app, backupCodes: confirmed.body.backupCodes, secret: setup.body.secret };
}

/** Password, then a code from the app: the ID token. */
async function signInWithCode(loginId: string, app: App, companyCode = OPTIONAL.code): Promise<string> {
  const first = await login(loginId, companyCode);
  expect(first.body.result, first.text).toBe('mfa-required');
  const second = await api().post('/api/auth/mfa', { session: first.body.session, code: await app.next() });
  expect(second.status, second.text).toBe(200);
  return second.body.idToken as string;
}

async function supportToken(app?: App): Promise<string> {
  const first = await api().post('/api/auth/support-login', { loginId: OPERATOR, password: password() });
  expect(first.status, first.text).toBe(200);
  if (first.body.result === 'signed-in') return first.body.idToken as string;
  expect(first.body.result).toBe('mfa-required');
  const second = await api().post('/api/auth/mfa', { session: first.body.session, code: await app!.next() });
  expect(second.status, second.text).toBe(200);
  return second.body.idToken as string;
}

async function auditOf(token: string) {
  const from = new Date(serverNow() - 3600_000).toISOString();
  const to = new Date(serverNow() + 60_000).toISOString();
  const res = await api(token).get(`/api/admin/audit?from=${from}&to=${to}&limit=500`);
  expect(res.status, res.text).toBe(200);
  return res.body.items as Array<Record<string, any>>;
}

async function employeeByLogin(adminToken: string, loginId: string) {
  const list = await api(adminToken).get(`/api/admin/employees?limit=200`);
  return (list.body.items as Array<Record<string, any>>).find((e) => e.loginId === loginId)!;
}

let optionalAdmin: string;
let requiredAdmin: { token: string; app: App };
let operator: { app: App } | undefined;

beforeAll(async () => {
  await Promise.all([seedPolicyCompany(OPTIONAL.code, OPTIONAL.name), seedPolicyCompany(REQUIRED.code, REQUIRED.name), seedSupportOperator(OPERATOR)]);
  optionalAdmin = await signIn(OPTIONAL.code, 'admin');
  // The admin of the company that will require 2FA sets one up first, as a careful admin would.
  const token = await signIn(REQUIRED.code, 'admin');
  requiredAdmin = { token, app: (await setUp(token)).app };
});

afterAll(() => resetServerClock());

describe('setup, sign-in, backup codes (2FA optional)', () => {
  let ichiro: { app: App; backupCodes: string[] };

  it('is off by default; setup shows the secret once (text, otpauth URI, QR) and a confirmed code turns it on', async () => {
    const token = await signIn(OPTIONAL.code, 'ichiro');
    expect((await api(token).get('/api/me/mfa')).body).toEqual({ status: 'none', required: false, backupCodesLeft: 0, backupCodesLow: false, canTurnOff: false });

    const setup = await api(token).post('/api/me/mfa/setup');
    expect(setup.status).toBe(200);
    expect(setup.headers.get('cache-control')).toBe('no-store');
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    const uri = new URL(setup.body.otpauthUri);
    expect([uri.protocol, uri.host]).toEqual(['otpauth:', 'totp']);
    expect(decodeURIComponent(uri.pathname)).toBe(`/kagi (${OPTIONAL.name}):ichiro`);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: setup.body.secret, issuer: `kagi (${OPTIONAL.name})`, algorithm: 'SHA1', digits: '6', period: '30' });
    expect(setup.body.qrSvg).toMatch(/<svg[\s\S]*<\/svg>/);
    secrets.push(setup.body.secret);

    // Abandoned half-way, a setup leaves no second factor: the password alone still signs in.
    expect((await login('ichiro')).body.result).toBe('signed-in');

    const app = authenticator(setup.body.secret);
    const wrong = await api(token).post('/api/me/mfa/confirm', { code: app.wrong() });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'INVALID_MFA_CODE']);
    const confirmed = await api(token).post('/api/me/mfa/confirm', { code: await app.next() });
    expect(confirmed.status).toBe(200);
    const backupCodes = confirmed.body.backupCodes as string[];
    codes.push(...backupCodes);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const c of backupCodes) expect(c).toMatch(BACKUP_CODE);

    expect((await api(token).get('/api/me/mfa')).body).toEqual({ status: 'active', required: false, backupCodesLeft: 10, backupCodesLow: false, canTurnOff: true });
    expect((await api(token).post('/api/me/mfa/setup')).body.error.code).toBe('MFA_ALREADY_ACTIVE');
    ichiro = { app, backupCodes };
  });

  it('asks for the code after a correct password and hands out tokens only then; the same code is refused a second time', async () => {
    const first = await login('ichiro');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ result: 'mfa-required', session: expect.any(String) });
    expect(first.text).not.toMatch(/idToken|refreshToken|eyJ/);

    const wrong = await api().post('/api/auth/mfa', { session: first.body.session, code: ichiro.app.wrong() });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'INVALID_MFA_CODE']);
    const code = await ichiro.app.next();
    const done = await api().post('/api/auth/mfa', { session: first.body.session, code });
    expect(done.status).toBe(200);
    expect(done.headers.get('cache-control')).toBe('no-store');
    expect(done.body).toMatchObject({ result: 'signed-in', idToken: expect.stringMatching(/^ey/), refreshToken: expect.any(String), account: { loginId: 'ichiro', role: 'employee' } });
    expect((await api(done.body.idToken).get('/api/me')).body.mfa).toMatchObject({ status: 'active', setupRequired: false });

    // The handle served once: it is gone.
    expect((await api().post('/api/auth/mfa', { session: first.body.session, code: await ichiro.app.next() })).body.error.code).toBe('SESSION_EXPIRED');
    // The same code with a fresh password step: refused, it was used.
    const again = await login('ichiro');
    const replay = await api().post('/api/auth/mfa', { session: again.body.session, code });
    expect([replay.status, replay.body.error.code]).toEqual([401, 'INVALID_MFA_CODE']);
    expect((await api().post('/api/auth/mfa', { session: again.body.session, code: await ichiro.app.next() })).status).toBe(200);

    const audit = (await auditOf(optionalAdmin)).filter((e) => e.action === 'auth.mfa' && e.actor === 'ichiro');
    expect(audit.map((e) => [e.result, e.reason ?? null])).toEqual(
      expect.arrayContaining([
        ['success', null],
        ['failure', 'wrong-code'],
        ['failure', 'code-reused'],
      ]),
    );
  });

  it('lets one of two concurrent uses of one code pass, never both', async () => {
    const [a, b] = await Promise.all([login('ichiro'), login('ichiro')]);
    const code = await ichiro.app.next();
    const answers = await Promise.all([a, b].map((s) => api().post('/api/auth/mfa', { session: s.body.session, code })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('takes a backup code once (any case, with or without hyphens), and counts what is left', async () => {
    const [one, two] = ichiro.backupCodes;
    const first = await login('ichiro');
    expect((await api().post('/api/auth/mfa', { session: first.body.session, backupCode: one!.toUpperCase() })).status).toBe(200);
    const again = await login('ichiro');
    const reused = await api().post('/api/auth/mfa', { session: again.body.session, backupCode: one });
    expect([reused.status, reused.body.error.code]).toEqual([401, 'INVALID_MFA_CODE']);
    const done = await api().post('/api/auth/mfa', { session: again.body.session, backupCode: two!.replaceAll('-', '') });
    expect(done.status).toBe(200);
    expect((await api(done.body.idToken).get('/api/me/mfa')).body.backupCodesLeft).toBe(8);
  });

  it('lets one of two concurrent uses of one backup code pass, never both', async () => {
    const [a, b] = await Promise.all([login('ichiro'), login('ichiro')]);
    const code = ichiro.backupCodes[2]!;
    const answers = await Promise.all([a, b].map((s) => api().post('/api/auth/mfa', { session: s.body.session, backupCode: code })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('regenerating the backup codes kills every earlier one at once', async () => {
    const token = await signInWithCode('ichiro', ichiro.app);
    const wrong = await api(token).post('/api/me/mfa/backup-codes', { code: ichiro.app.wrong() });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'INVALID_MFA_CODE']);
    const fresh = await api(token).post('/api/me/mfa/backup-codes', { code: await ichiro.app.next() });
    expect(fresh.status).toBe(200);
    codes.push(...fresh.body.backupCodes);
    expect(fresh.body.backupCodes).toHaveLength(10);
    expect(fresh.body.backupCodes.filter((c: string) => ichiro.backupCodes.includes(c))).toEqual([]);

    const first = await login('ichiro');
    const old = await api().post('/api/auth/mfa', { session: first.body.session, backupCode: ichiro.backupCodes[5] });
    expect(old.status).toBe(401);
    expect((await api().post('/api/auth/mfa', { session: first.body.session, backupCode: fresh.body.backupCodes[0] })).status).toBe(200);
    ichiro.backupCodes = fresh.body.backupCodes;
  });

  it('asks for the new password of a first sign-in before the second factor', async () => {
    await setTemporaryPassword({ loginId: 'ichiro', password: 'Temp-Pass-tfa-0001', companyCode: OPTIONAL.code });
    const first = await api().post('/api/auth/login', { companyCode: OPTIONAL.code, loginId: 'ichiro', password: 'Temp-Pass-tfa-0001' });
    expect(first.body.result).toBe('new-password-required');
    const second = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: password() + '-renewed' });
    expect(second.status, second.text).toBe(200);
    expect(second.body).toEqual({ result: 'mfa-required', session: expect.any(String) });
    const third = await api().post('/api/auth/mfa', { session: second.body.session, code: await ichiro.app.next() });
    expect(third.body.result).toBe('signed-in');
    await setTemporaryPassword({ loginId: 'ichiro', password: password(), companyCode: OPTIONAL.code });
    const reset = await api().post('/api/auth/login', { companyCode: OPTIONAL.code, loginId: 'ichiro', password: password() });
    await api().post('/api/auth/new-password', { session: reset.body.session, newPassword: password() });
  });

  it('turns off only with the password and a code', async () => {
    const token = await signInWithCode('ichiro', ichiro.app);
    const badPassword = await api(token).post('/api/me/mfa/disable', { password: 'not-the-password', code: await ichiro.app.next() });
    expect([badPassword.status, badPassword.body.error.code]).toEqual([400, 'INVALID_CURRENT_PASSWORD']);
    const badCode = await api(token).post('/api/me/mfa/disable', { password: password(), code: ichiro.app.wrong() });
    expect([badCode.status, badCode.body.error.code]).toEqual([400, 'INVALID_MFA_CODE']);
    expect((await api(token).post('/api/me/mfa/disable', { password: password(), backupCode: ichiro.backupCodes[1] })).status).toBe(204);
    expect((await api(token).get('/api/me/mfa')).body.status).toBe('none');
    expect((await login('ichiro')).body.result).toBe('signed-in');
  });
});

describe('lockout and support', () => {
  let jiro: { app: App };

  it('delays from the 5th wrong code, locks hard at the 20th, and then refuses the right password and the right code', async () => {
    jiro = await setUp(await signIn(OPTIONAL.code, 'jiro'));
    // From an address of its own: the lock is per account, not per address, but the throttle is.
    const first = await login('jiro', OPTIONAL.code, fromAddress('198.51.100.20'));
    const attempt = (code: string) => api().post('/api/auth/mfa', { session: first.body.session, code }, fromAddress('198.51.100.20'));
    for (let i = 1; i <= 4; i++) expect((await attempt(jiro.app.wrong())).status).toBe(401);
    const fifth = await attempt(jiro.app.wrong());
    expect([fifth.status, fifth.body.error.code]).toEqual([423, 'MFA_LOCKED']);
    expect(Date.parse(fifth.body.error.details.lockedUntil) - serverNow()).toBeGreaterThan(50_000);
    // While the wait runs, even the right code is not looked at (and the attempt counts).
    const right = await attempt(await jiro.app.next());
    expect([right.status, right.body.error.code]).toEqual([423, 'MFA_LOCKED']);
    let last = right;
    for (let i = 7; i <= 20; i++) last = await attempt(jiro.app.wrong());
    expect(last.status).toBe(423);
    expect(last.body.error).toMatchObject({ code: 'MFA_LOCKED', message: 'ロックされました。サポートにお問い合わせください。', details: { lockedUntil: null } });

    // Hard-locked: the right password is told at once, and no tokens are handed out.
    const again = await login('jiro');
    expect([again.status, again.body.error?.code]).toEqual([423, 'MFA_LOCKED']);

    const listed = await employeeByLogin(optionalAdmin, 'jiro');
    expect(listed).toMatchObject({ mfaStatus: 'active', mfaLocked: true });
    const locked = await api(optionalAdmin).get('/api/admin/employees?mfaStatus=locked');
    expect(locked.body.items.map((e: any) => e.loginId)).toEqual(['jiro']);
    const audit = await auditOf(optionalAdmin);
    expect(audit.filter((e) => e.action === 'mfa.lock' && e.actor === 'jiro')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'auth.mfa' && e.actor === 'jiro' && e.result === 'failure').length).toBeGreaterThanOrEqual(20);
  });

  it('refuses a company admin (and a viewer) both support actions', async () => {
    const listed = await employeeByLogin(optionalAdmin, 'jiro');
    const viewer = await signIn(OPTIONAL.code, 'viewer');
    for (const token of [optionalAdmin, viewer]) {
      for (const action of ['unlock', 'mfa-reset']) {
        const res = await api(token).post(`/api/support/companies/${listed.companyId}/accounts/${listed.id}/${action}`);
        expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
      }
    }
    expect((await employeeByLogin(optionalAdmin, 'jiro')).mfaLocked).toBe(true);
  });

  it('support sets up its own second factor at its first sign-in, then always signs in with it', async () => {
    const token = await supportToken();
    const blocked = await api(token).get(`/api/support/companies?code=${OPTIONAL.code}`);
    expect([blocked.status, blocked.body.error.code]).toEqual([403, 'MFA_SETUP_REQUIRED']);
    expect((await api(token).get('/api/me/mfa')).body).toMatchObject({ status: 'none', required: true });
    const { app } = await setUp(token);
    operator = { app };
    expect((await api(token).get('/api/me/mfa')).body).toMatchObject({ status: 'active', required: true, canTurnOff: false });
    expect((await api(token).post('/api/me/mfa/disable', { password: password(), code: await app.next() })).body.error.code).toBe('MFA_REQUIRED');
    const first = await api().post('/api/auth/support-login', { loginId: OPERATOR, password: password() });
    expect(first.body.result).toBe('mfa-required');
    // Company routes are not for support tokens.
    const signedIn = await supportToken(app);
    expect((await api(signedIn).get('/api/admin/employees')).status).toBe(403);
    expect((await api(signedIn).get('/api/me')).status).toBe(403);
  });

  it('support finds the account, unlocks it, and the account signs in again', async () => {
    const token = await supportToken(operator!.app);
    const company = await api(token).get(`/api/support/companies?code=${OPTIONAL.code.toUpperCase()}`);
    expect(company.body).toEqual({ id: expect.any(String), code: OPTIONAL.code, name: OPTIONAL.name, clientSettings: { attendanceLink: { enabled: false, breaks: false }, adminMayDeleteMfa: false } });
    expect((await api(token).get('/api/support/companies?code=nope')).status).toBe(404);
    const found = await api(token).get(`/api/support/companies/${company.body.id}/accounts?q=jiro`);
    expect(found.body.items).toEqual([expect.objectContaining({ loginId: 'jiro', name: '社員 二郎', mfaStatus: 'active', mfaLock: { kind: 'hard' } })]);
    expect(found.text).not.toMatch(/secret|backup/i);
    const byName = await api(token).get(`/api/support/companies/${company.body.id}/accounts?q=${encodeURIComponent('二郎')}`);
    expect(byName.body.items.map((a: any) => a.loginId)).toEqual(['jiro']);

    const unlocked = await api(token).post(`/api/support/companies/${company.body.id}/accounts/${found.body.items[0].id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.mfaLock).toEqual({ kind: 'none' });
    expect((await employeeByLogin(optionalAdmin, 'jiro')).mfaLocked).toBe(false);
    expect(await signInWithCode('jiro', jiro.app)).toMatch(/^ey/);

    const entry = (await auditOf(optionalAdmin)).find((e) => e.action === 'support.mfa.unlock');
    expect(entry).toMatchObject({ actor: `support/${OPERATOR}`, target: found.body.items[0].id, result: 'success', detail: { operator: OPERATOR, role: 'support' } });

    // The log view finds second-factor entries by operation group (サインイン) and in the person's
    // own history (ユーザー詳細ログ), support's unlock included: they come from the one action list.
    const window = `from=${new Date(serverNow() - 3600_000).toISOString()}&to=${new Date(serverNow() + 60_000).toISOString()}&limit=500`;
    const signins = await api(optionalAdmin).get(`/api/admin/audit?${window}&groups=signin`);
    expect(signins.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['support.mfa.unlock', 'auth.mfa', 'mfa.lock']));
    const history = await api(optionalAdmin).get(`/api/admin/audit?${window}&user=${found.body.items[0].id}`);
    expect(history.status, history.text).toBe(200);
    expect(history.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['support.mfa.unlock', 'auth.mfa', 'mfa.lock']));
    expect(history.body.items.every((e: any) => e.actorAccountId === found.body.items[0].id || e.targetAccountId === found.body.items[0].id)).toBe(true);
  });
});

describe('enforcement (基本設定 › セキュリティ設定 › 2段階認証 必須)', () => {
  let employee: string;
  let viewer: string;
  let partner: string;

  it('takes effect at once: a signed-in employee gets MFA_SETUP_REQUIRED on its next call, sets up and continues', async () => {
    [employee, viewer, partner] = await Promise.all([signIn(REQUIRED.code, 'ichiro'), signIn(REQUIRED.code, 'viewer'), signIn(REQUIRED.code, 'partner')]);
    const emails = { email1: 'ichiro@tfa-req.example.jp', email2: '', email3: '' };
    expect((await api(employee).put('/api/me/emails', emails)).status).toBe(200);

    const turnedOn = await api(requiredAdmin.token).call('PATCH', '/api/admin/settings', { mfaEnforcement: 'required' });
    expect([turnedOn.status, turnedOn.body.mfaEnforcement]).toEqual([200, 'required']);

    const refused = await api(employee).put('/api/me/emails', emails);
    expect([refused.status, refused.body.error.code]).toEqual([403, 'MFA_SETUP_REQUIRED']);
    expect(refused.body.error.message).toContain('2段階認証');
    expect((await api(employee).get('/api/me')).body.mfa).toMatchObject({ status: 'none', required: true, setupRequired: true });
    await setUp(employee);
    expect((await api(employee).put('/api/me/emails', emails)).status).toBe(200);
  });

  it('forces a viewer (an admin account) too, and never an external account', async () => {
    const refused = await api(viewer).get('/api/admin/employees');
    expect([refused.status, refused.body.error.code]).toEqual([403, 'MFA_SETUP_REQUIRED']);
    expect((await api(partner).put('/api/me/emails', { email1: 'partner@tfa-req.example.jp', email2: '', email3: '' })).status).toBe(200);
    expect((await api(partner).get('/api/me/mfa')).body).toMatchObject({ status: 'none', required: false });
    await setUp(viewer);
    expect((await api(viewer).get('/api/admin/employees')).status).toBe(200);
  });

  it('counts the internal accounts still without 2FA (O(1) counters), filters the list, and moves both when an account changes kind', async () => {
    const counts = async () => (await api(requiredAdmin.token).get('/api/admin/employee-counts')).body;
    expect(await counts()).toMatchObject({ 'mfa#set': 3, 'mfa#unset': 3, 'mfa#exempt': 1 });
    const none = await api(requiredAdmin.token).get('/api/admin/employees?mfaStatus=none');
    expect(none.body.items.map((e: any) => e.loginId).sort()).toEqual(['jiro', 'partner', 'saburo', 'shiro']);
    const active = await api(requiredAdmin.token).get('/api/admin/employees?mfaStatus=active');
    expect(active.body.items.map((e: any) => e.loginId).sort()).toEqual(['admin', 'ichiro', 'viewer']);

    const stored = await employeeByLogin(requiredAdmin.token, 'partner');
    expect(stored.accountKind).toBe('external');
    const internal = await api(requiredAdmin.token).put(`/api/admin/employees/${stored.id}`, { ...editableFields(stored), accountKind: 'internal', version: stored.version });
    expect(internal.status, internal.text).toBe(200);
    expect(await counts()).toMatchObject({ 'mfa#set': 3, 'mfa#unset': 4, 'mfa#exempt': 0 });
    expect((await api(partner).put('/api/me/emails', { email1: 'partner@tfa-req.example.jp', email2: '', email3: '' })).body.error.code).toBe('MFA_SETUP_REQUIRED');
    const back = await api(requiredAdmin.token).put(`/api/admin/employees/${stored.id}`, { ...editableFields(internal.body), accountKind: 'external', version: internal.body.version });
    expect(back.status).toBe(200);
    expect(await counts()).toMatchObject({ 'mfa#unset': 3, 'mfa#exempt': 1 });
  });

  it('refuses turning it off where it is required', async () => {
    const res = await api(viewer).post('/api/me/mfa/disable', { password: password(), code: '000000' });
    expect([res.status, res.body.error.code]).toEqual([409, 'MFA_REQUIRED']);
  });

  it('after a support reset the account must set up again at once', async () => {
    const token = await supportToken(operator!.app);
    const company = (await api(token).get(`/api/support/companies?code=${REQUIRED.code}`)).body;
    const [account] = (await api(token).get(`/api/support/companies/${company.id}/accounts?q=ichiro`)).body.items;
    const reset = await api(token).post(`/api/support/companies/${company.id}/accounts/${account.id}/mfa-reset`);
    expect(reset.body).toMatchObject({ loginId: 'ichiro', mfaStatus: 'none', mfaLock: { kind: 'none' } });

    expect((await api(employee).put('/api/me/emails', { email1: 'ichiro@tfa-req.example.jp', email2: '', email3: '' })).body.error.code).toBe('MFA_SETUP_REQUIRED');
    const again = await login('ichiro', REQUIRED.code);
    expect(again.body.result).toBe('signed-in');
    expect((await api(again.body.idToken).get('/api/admin/employees')).status).toBe(403);
    expect((await api(again.body.idToken).get('/api/me')).body.mfa.setupRequired).toBe(true);
    expect((await api(requiredAdmin.token).get('/api/admin/employee-counts')).body['mfa#unset']).toBe(4);
    const entry = (await auditOf(requiredAdmin.token)).find((e) => e.action === 'support.mfa.reset');
    expect(entry).toMatchObject({ actor: `support/${OPERATOR}`, target: account.id, detail: { operator: OPERATOR } });
  });

  it('one identity: the admin set up once, and the same second factor serves its employee pages', async () => {
    const token = await signInWithCode('admin', requiredAdmin.app, REQUIRED.code);
    const me = await api(token).get('/api/me');
    expect(me.body).toMatchObject({ loginId: 'admin', role: 'admin', mfa: { status: 'active', setupRequired: false }, mfaEnforcement: 'required' });
    expect((await api(token).put('/api/me/emails', { email1: 'admin@tfa-req.example.jp', email2: '', email3: '' })).status).toBe(200);
    expect((await api(token).get('/api/admin/employees')).status).toBe(200);
  });
});

describe('secrets stay secret', () => {
  const variants = () => [...secrets, ...secrets.map((s) => s.toLowerCase()), ...codes, ...codes.map((c) => c.replaceAll('-', ''))];

  it('has seen secrets and codes to look for', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(codes.length).toBeGreaterThanOrEqual(60);
  });

  it('keeps no TOTP secret and no backup code in clear in any DynamoDB item', async () => {
    const items = JSON.stringify(await scanTable());
    expect(items).toContain('SecondFactor');
    for (const value of variants()) expect(items).not.toContain(value);
  });

  it('puts none in any API answer after setup or any audit entry', async () => {
    const token = await signIn(OPTIONAL.code, 'admin');
    const answers = await Promise.all([
      api(token).get('/api/admin/employees?limit=200'),
      api(token).get('/api/me'),
      api(token).get('/api/admin/employee-export'),
    ]);
    const audit = JSON.stringify([...(await auditOf(token)), ...(await auditOf(requiredAdmin.token))]);
    for (const value of variants()) {
      for (const res of answers) expect(res.text).not.toContain(value);
      expect(audit).not.toContain(value);
    }
  });

  it('writes none to the service output (logs)', () => {
    const output = readFileSync(inject('logFile'), 'utf8');
    for (const value of variants()) expect(output).not.toContain(value);
  });
});
