import { describe, expect, it } from 'vitest';
import { api, editableFields, signIn } from '../support/api.js';
import { setTemporaryPassword } from '../support/fixtures.js';
import { inject } from 'vitest';

const password = () => inject('demoPassword');

describe('sign-in', () => {
  it('gives tokens to the demo admin, and the token reads the demo employees', async () => {
    const res = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'admin', password: password() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ result: 'signed-in', expiresIn: expect.any(Number), account: { loginId: 'admin', role: 'admin', companyCode: 'demo', companyName: '株式会社デモ' } });
    expect(res.body.idToken).toMatch(/^ey/);
    expect(res.body.refreshToken).toBeTruthy();
    const list = await api(res.body.idToken).get('/api/admin/employees?limit=200');
    expect(list.status).toBe(200);
    const names = list.body.items.map((e: any) => e.familyName);
    expect(names).toEqual(expect.arrayContaining(['髙橋', '山﨑']));
    expect(list.body.items.length).toBeGreaterThanOrEqual(30);
  });

  it('answers unknown company, unknown login ID and wrong password with the same 401', async () => {
    const answers = await Promise.all([
      api().post('/api/auth/login', { companyCode: 'nope', loginId: 'admin', password: password() }),
      api().post('/api/auth/login', { companyCode: 'demo', loginId: 'nobody', password: password() }),
      api().post('/api/auth/login', { companyCode: 'demo', loginId: 'viewer', password: 'wrong-password-1' }),
    ]);
    for (const res of answers) expect(res.status).toBe(401);
    expect(new Set(answers.map((r) => r.text)).size).toBe(1);
    expect(answers[0]!.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('answers in English when asked', async () => {
    const res = await api().post('/api/auth/login', { companyCode: 'nope', loginId: 'x', password: 'y' }, { 'Accept-Language': 'en' });
    expect(res.body.error.message).toMatch(/incorrect/);
  });

  it('locks an account after 10 consecutive failures and says so', async () => {
    await setTemporaryPassword({ loginId: 'ito.shota', password: 'Temp-Pass-123456' });
    for (let i = 0; i < 9; i++) {
      const res = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'ito.shota', password: `wrong-${i}-xxxxxx` });
      expect(res.status).toBe(401);
    }
    const tenth = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'ito.shota', password: 'wrong-10-xxxxxx' });
    expect(tenth.status).toBe(423);
    expect(tenth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(tenth.body.error.message).toContain('ロック');
    // Even the right password is refused while locked.
    const right = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'ito.shota', password: 'Temp-Pass-123456' });
    expect(right.status).toBe(423);
  });

  it('requires a new password at first sign-in, enforces the policy, then signs in', async () => {
    await setTemporaryPassword({ loginId: 'kato.mayumi', password: 'Temp-Pass-654321' });
    const first = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'kato.mayumi', password: 'Temp-Pass-654321' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ result: 'new-password-required', session: expect.any(String) });

    const short = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('PASSWORD_POLICY');
    const common = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: 'password123' });
    expect(common.status).toBe(400);
    const withLogin = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: 'kato.mayumi-2026' });
    expect(withLogin.status).toBe(400);

    const done = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: 'Sakura-no-hana-2026' });
    expect(done.status).toBe(200);
    expect(done.body.result).toBe('signed-in');
    expect(done.body.account.role).toBe('employee');

    const again = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: 'Sakura-no-hana-2027' });
    expect(again.status).toBe(401);
    const oldPassword = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'kato.mayumi', password: 'Temp-Pass-654321' });
    expect(oldPassword.status).toBe(401);
    const newPassword = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'kato.mayumi', password: 'Sakura-no-hana-2026' });
    expect(newPassword.body.result).toBe('signed-in');
  });

  it('refreshes tokens and signs out', async () => {
    const login = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'viewer', password: password() });
    const refreshed = await api().post('/api/auth/refresh', { refreshToken: login.body.refreshToken, accountId: login.body.account.accountId });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.idToken).toMatch(/^ey/);
    const me = await api(refreshed.body.idToken).get('/api/me');
    expect(me.body).toMatchObject({ loginId: 'viewer', role: 'viewer' });
    const out = await api().post('/api/auth/logout', { refreshToken: login.body.refreshToken });
    expect(out.status).toBe(204);
  });

  it('ends the session at sign-out: its ID tokens get 401, its refresh token no longer works, a new sign-in does', async () => {
    const login = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'viewer', password: password() });
    const accountId = login.body.account.accountId;
    const refreshed = await api().post('/api/auth/refresh', { refreshToken: login.body.refreshToken, accountId });
    expect((await api(login.body.idToken).get('/api/me')).status).toBe(200);

    const out = await api().post('/api/auth/logout', { refreshToken: login.body.refreshToken, accountId });
    expect(out.status).toBe(204);
    for (const token of [login.body.idToken, refreshed.body.idToken]) {
      const me = await api(token).get('/api/me');
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('UNAUTHENTICATED');
    }
    const again = await api().post('/api/auth/refresh', { refreshToken: login.body.refreshToken, accountId });
    expect(again.status).toBe(401);

    const next = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'viewer', password: password() });
    expect((await api(next.body.idToken).get('/api/me')).status).toBe(200);
  });

  it('does not let a refresh token of one account sign another account out', async () => {
    const admin = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'admin', password: password() });
    const viewer = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'viewer', password: password() });
    const out = await api().post('/api/auth/logout', { refreshToken: viewer.body.refreshToken, accountId: admin.body.account.accountId });
    expect(out.status).toBe(204);
    expect((await api(admin.body.idToken).get('/api/me')).status).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const admin = await signIn('demo', 'admin');
    await setTemporaryPassword({ loginId: 'mori.ren', password: 'Temp-Pass-777777' });
    const list = await api(admin).get('/api/admin/employees?q=' + encodeURIComponent('森'));
    const mori = list.body.items.find((e: any) => e.loginId === 'mori.ren');
    const saved = await api(admin).put(`/api/admin/employees/${mori.id}`, { ...editableFields(mori), enabled: false, version: mori.version });
    expect(saved.status).toBe(200);
    const res = await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'mori.ren', password: 'Temp-Pass-777777' });
    expect(res.status).toBe(401);
  });

  it('logs every sign-in attempt in the audit log', async () => {
    await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'ghost-user', password: 'whatever-123' });
    const admin = await signIn('demo', 'admin');
    const from = new Date(Date.now() - 3600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await api(admin).get(`/api/admin/audit?from=${from}&to=${to}&limit=500`);
    expect(res.status).toBe(200);
    const logins = res.body.items.filter((e: any) => e.action === 'auth.login');
    expect(logins.some((e: any) => e.actor === 'ghost-user' && e.result === 'failure' && e.reason === 'unknown-login-id')).toBe(true);
    expect(logins.some((e: any) => e.actor === 'admin' && e.result === 'success' && e.sourceIp)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('whatever-123');
  });
});
