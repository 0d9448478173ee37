import { describe, expect, it } from 'vitest';
import { api, signIn } from '../support/api.js';
import { setTemporaryPassword } from '../support/fixtures.js';

/** An employee with a password of their own, signed in. */
async function employee(loginId: string, password: string) {
  await setTemporaryPassword({ loginId, password: 'Temp-Pass-000000' });
  const first = await api().post('/api/auth/login', { companyCode: 'demo', loginId, password: 'Temp-Pass-000000' });
  const done = await api().post('/api/auth/new-password', { session: first.body.session, newPassword: password });
  return done.body.idToken as string;
}

describe('マイページ', () => {
  it('shows the previous sign-in time after the second sign-in', async () => {
    const first = await employee('yoshida.ryo', 'Yoshida-own-pass-1');
    const me1 = await api(first).get('/api/me');
    expect(me1.body).toMatchObject({ loginId: 'yoshida.ryo', role: 'employee', lastSignInAt: expect.any(String), previousSignInAt: null, email1: 'ryo.yoshida@demo.example.jp' });
    const second = await signIn('demo', 'yoshida.ryo', 'Yoshida-own-pass-1');
    const me2 = await api(second).get('/api/me');
    expect(me2.body.previousSignInAt).toBe(me1.body.lastSignInAt);
  });

  it('changes the own login ID at once, refusing a taken or malformed one', async () => {
    const token = await employee('kimura.yuko', 'Kimura-own-pass-1');
    expect((await api(token).put('/api/me/login-id', { loginId: 'admin' })).body.error.code).toBe('LOGIN_ID_TAKEN');
    expect((await api(token).put('/api/me/login-id', { loginId: 'has space' })).status).toBe(400);
    expect((await api(token).put('/api/me/login-id', { loginId: '' })).status).toBe(400);
    const res = await api(token).put('/api/me/login-id', { loginId: 'yuko.k' });
    expect(res.status).toBe(200);
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'kimura.yuko', password: 'Kimura-own-pass-1' })).status).toBe(401);
    expect(await signIn('demo', 'yuko.k', 'Kimura-own-pass-1')).toMatch(/^ey/);
  });

  it('edits the own mail addresses with the duplicate warning', async () => {
    const token = await employee('hayashi.hiroto', 'Hayashi-own-pass-1');
    const dup = await api(token).put('/api/me/emails', { email1: 'hiroto.hayashi@demo.example.jp', email2: 'sato.kenta@demo.example.jp', email3: '' });
    expect(dup.status).toBe(409);
    // Names no one: only the address, and that it is someone else's.
    expect(dup.body.error.details.duplicates).toEqual([{ address: 'sato.kenta@demo.example.jp', self: false }]);
    expect(dup.text).not.toContain('0001');
    expect(dup.text).not.toContain('佐藤');
    expect(dup.text).not.toMatch(/employeeId|employeeCode|"name"/);
    const twice = await api(token).put('/api/me/emails', { email1: 'hiroto@home.example.com', email2: 'Hiroto@home.example.com', email3: '' });
    expect(twice.body.error.details.duplicates).toEqual([{ address: 'hiroto@home.example.com', self: true }]);
    // The admin form names the holder, as the help page shows.
    const admin = await signIn('demo', 'admin');
    const list = await api(admin).get('/api/admin/employees?q=0001');
    const other = list.body.items[0];
    const adminDup = await api(admin).post('/api/admin/employees', {
      employeeCode: 'DUP-ME-1', familyName: '重複', givenName: '確認', familyNameKana: '', givenNameKana: '', office: '', department: '', birthDate: '',
      email1: other.email1, email2: '', email3: '', loginId: '', role: 'employee', enabled: true,
    });
    expect(adminDup.status).toBe(409);
    expect(adminDup.body.error.details.duplicates[0]).toMatchObject({ employeeCode: '0001', name: '佐藤 健太' });
    const saved = await api(token).put('/api/me/emails', { email1: 'hiroto.hayashi@demo.example.jp', email2: 'hiroto@home.example.com', email3: '' });
    expect(saved.body).toEqual({ email1: 'hiroto.hayashi@demo.example.jp', email2: 'hiroto@home.example.com', email3: '' });
    expect((await api(token).put('/api/me/emails', { email1: 'not an address', email2: '', email3: '' })).status).toBe(400);
    expect((await api(token).put('/api/me/emails', { email1: '', email2: '', email3: '', role: 'admin' })).status).toBe(400);
  });

  it('changes the own password only with the current one', async () => {
    const token = await employee('shimizu.kenichi', 'Shimizu-own-pass-1');
    const wrong = await api(token).post('/api/me/password', { currentPassword: 'not-my-password', newPassword: 'Shimizu-new-pass-2' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CURRENT_PASSWORD');
    expect((await api(token).post('/api/me/password', { currentPassword: 'Shimizu-own-pass-1', newPassword: 'short' })).body.error.code).toBe('PASSWORD_POLICY');
    expect((await api(token).post('/api/me/password', { currentPassword: 'Shimizu-own-pass-1', newPassword: 'Shimizu-new-pass-2' })).status).toBe(204);
    expect((await api().post('/api/auth/login', { companyCode: 'demo', loginId: 'shimizu.kenichi', password: 'Shimizu-own-pass-1' })).status).toBe(401);
    expect(await signIn('demo', 'shimizu.kenichi', 'Shimizu-new-pass-2')).toMatch(/^ey/);
  });

  it('needs a sign-in', async () => {
    expect((await api().put('/api/me/login-id', { loginId: 'x' })).status).toBe(401);
  });
});
