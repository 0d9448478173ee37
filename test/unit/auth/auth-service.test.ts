import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { initialSignInState, type SignInState } from '../../../functions/core/auth/lockout.js';
import { createAuthService, type AuthOutcome, type PendingChallenge } from '../../../functions/core/auth/service.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { errorOf } from '../../support/error-of.js';
import { StoreConflict } from '../../../functions/core/shared/store-errors.js';

const company = { id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '2026-01-01T00:00:00Z' };
const taro: Employee = {
  id: 'E1', companyId: 'C1', employeeCode: '0001', familyName: '山田', givenName: '太郎', familyNameKana: '', givenNameKana: '',
  office: '', department: '', birthDate: '', email1: '', email2: '', email3: '', loginId: 'yamada', role: 'employee', enabled: true,
  createdAt: '', updatedAt: '', version: 1,
};

function world() {
  let now = new Date('2026-11-21T09:00:00Z');
  const employees = new Map([[taro.id, { ...taro }]]);
  const states = new Map<string, { state: SignInState; version: number }>();
  const challenges = new Map<string, PendingChallenge & { expiresAt: Date }>();
  const audit: AuditEntry[] = [];
  const passwords = new Map([['E1', 'right-password-1']]);
  const temporary = new Set<string>();
  const authCalls: string[] = [];
  let seq = 0;
  const firstSignIns: Array<[string, string, string]> = [];
  const service = createAuthService({
    firstSignIn: { record: async (_c, id, _from, to) => void firstSignIns.push([id, to.password, to.verification]) },
    clock: { now: () => now },
    ids: { next: () => `id${++seq}` },
    audit: { write: async (e) => void audit.push(e) },
    directory: {
      companyByCode: async (code) => (code === 'demo' ? company : undefined),
      company: async (id) => (id === 'C1' ? company : undefined),
      employeeByLoginId: async (_c, loginId) => [...employees.values()].find((e) => e.loginId === loginId),
      employee: async (_c, id) => employees.get(id),
    },
    signInStates: {
      get: async (_c, id) => states.get(id) ?? { state: initialSignInState(), version: 0 },
      save: async (_c, id, state, expected, entry) => {
        if ((states.get(id)?.version ?? 0) !== expected) throw new StoreConflict('state');
        states.set(id, { state, version: expected + 1 });
        audit.push(entry);
      },
    },
    challenges: {
      put: async (digest, c, expiresAt) => void challenges.set(digest, { ...c, expiresAt }),
      get: async (digest, at) => {
        const c = challenges.get(digest);
        return c && c.expiresAt > at ? c : undefined;
      },
      take: async (digest) => challenges.delete(digest),
    },
    identity: {
      passwordAuth: async (username, password): Promise<AuthOutcome> => {
        authCalls.push(username);
        if (passwords.get(username) !== password) return { kind: 'rejected' };
        if (temporary.has(username)) return { kind: 'new-password', session: `cognito-session-${username}` };
        return { kind: 'tokens', tokens: { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', expiresIn: 3600 } };
      },
      respondNewPassword: async (username, session, newPassword) => {
        if (session !== `cognito-session-${username}`) return { kind: 'rejected' };
        passwords.set(username, newPassword);
        temporary.delete(username);
        return { kind: 'tokens', tokens: { idToken: 'id2', accessToken: 'access2', refreshToken: 'refresh2', expiresIn: 3600 } };
      },
      refresh: async () => undefined,
      revoke: async () => {},
      setPassword: async (username, _c, password) => void passwords.set(username, password),
    },
  });
  return { service, audit, states, employees, temporary, authCalls, firstSignIns, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const origin = { sourceIp: '203.0.113.9' };
const attempt = (w: ReturnType<typeof world>, password: string, loginId = 'yamada', companyCode = 'demo') =>
  w.service.login({ companyCode, loginId, password }, origin);


describe('auth service', () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    w = world();
  });

  it('signs in and records the sign-in time', async () => {
    const result = await attempt(w, 'right-password-1');
    expect(result).toMatchObject({ result: 'signed-in', idToken: 'id', account: { loginId: 'yamada', companyName: '株式会社デモ', displayName: '山田 太郎' } });
    expect(w.states.get('E1')!.state.lastSignInAt).toBe('2026-11-21T09:00:00.000Z');
    expect(w.audit.at(-1)).toMatchObject({ action: 'auth.login', result: 'success', actor: 'yamada', sourceIp: '203.0.113.9' });
  });

  it('gives the same error for unknown company, unknown login and wrong password, and still asks the provider', async () => {
    const errors = await Promise.all([errorOf(attempt(w, 'x', 'yamada', 'nope')), errorOf(attempt(w, 'x', 'nobody')), errorOf(attempt(w, 'wrong'))]);
    expect(errors.map((e) => [e.statusCode, e.code, e.messages.ja])).toEqual(Array(3).fill([401, 'INVALID_CREDENTIALS', errors[0]!.messages.ja]));
    expect(w.authCalls).toHaveLength(3);
    expect(w.audit.map((a) => a.reason)).toEqual(['unknown-login-id', 'bad-password']);
  });

  it('locks after 10 failures, refuses even the right password, and unlocks after 15 minutes', async () => {
    for (let i = 0; i < 9; i++) expect((await errorOf(attempt(w, 'wrong'))).statusCode).toBe(401);
    const locked = await errorOf(attempt(w, 'wrong'));
    expect(locked.statusCode).toBe(423);
    expect(locked.messages.ja).toContain('18:15');
    const calls = w.authCalls.length;
    expect((await errorOf(attempt(w, 'right-password-1'))).statusCode).toBe(423);
    expect(w.authCalls).toHaveLength(calls);
    expect(w.audit.at(-1)).toMatchObject({ result: 'failure', reason: 'locked' });
    w.advance(15 * 60_000 + 1);
    expect((await attempt(w, 'right-password-1')).result).toBe('signed-in');
  });

  it('refuses a disabled or deleted account like a wrong password', async () => {
    w.employees.get('E1')!.enabled = false;
    const e = await errorOf(attempt(w, 'right-password-1'));
    expect([e.statusCode, e.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect(w.audit.at(-1)).toMatchObject({ reason: 'disabled' });
    w.employees.get('E1')!.enabled = true;
    w.employees.get('E1')!.deleted = true;
    expect((await errorOf(attempt(w, 'right-password-1'))).code).toBe('INVALID_CREDENTIALS');
  });

  it('runs the new-password step once, with the policy, within its validity', async () => {
    w.temporary.add('E1');
    const first = await attempt(w, 'right-password-1');
    if (first.result !== 'new-password-required') throw new Error('expected a challenge');
    expect(first.session).not.toContain('cognito-session');
    expect((await errorOf(w.service.completeNewPassword({ session: first.session, newPassword: 'yamada-is-me-2026' }, origin))).code).toBe('PASSWORD_POLICY');
    const done = await w.service.completeNewPassword({ session: first.session, newPassword: 'a brand new passphrase' }, origin);
    expect(done.result).toBe('signed-in');
    expect(w.audit.at(-1)).toMatchObject({ action: 'auth.new-password', result: 'success' });
    expect((await errorOf(w.service.completeNewPassword({ session: first.session, newPassword: 'another passphrase!' }, origin))).code).toBe('SESSION_EXPIRED');
  });

  it('changes the password on マイページ only with the right current one, counting wrong ones towards the lock', async () => {
    const me = { companyId: 'C1', accountId: 'E1' };
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'right-password-1', newPassword: 'short' }))).code).toBe('PASSWORD_POLICY');
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'wrong', newPassword: 'a much better passphrase' }))).code).toBe('INVALID_CURRENT_PASSWORD');
    expect(w.states.get('E1')!.state.consecutiveFailures).toBe(1);
    await w.service.changePassword(me, { currentPassword: 'right-password-1', newPassword: 'a much better passphrase' });
    expect((await attempt(w, 'a much better passphrase')).result).toBe('signed-in');
    expect(w.audit.some((a) => a.action === 'account.password.change' && a.result === 'success')).toBe(true);
  });

  it('moves a mail-issued account to 発行済 / 済 at its first sign-in, and refuses an expired temporary password', async () => {
    Object.assign(w.employees.get('E1')!, { passwordStatus: 'issuing', verificationStatus: 'verified_pending_login', temporaryPasswordExpiresAt: '2026-11-21T10:00:00Z' });
    w.temporary.add('E1');
    const first = await attempt(w, 'right-password-1');
    if (first.result !== 'new-password-required') throw new Error('expected a challenge');
    await w.service.completeNewPassword({ session: first.session, newPassword: 'a brand new passphrase' }, origin);
    expect(w.firstSignIns).toEqual([['E1', 'issued', 'verified']]);
    w.temporary.add('E1');
    w.advance(3600_001);
    expect((await errorOf(attempt(w, 'a brand new passphrase'))).code).toBe('TEMPORARY_PASSWORD_EXPIRED');
  });

  it('expires an unanswered new-password step', async () => {
    w.temporary.add('E1');
    const first = await attempt(w, 'right-password-1');
    if (first.result !== 'new-password-required') throw new Error('expected a challenge');
    w.advance(11 * 60_000);
    expect((await errorOf(w.service.completeNewPassword({ session: first.session, newPassword: 'a brand new passphrase' }, origin))).code).toBe('SESSION_EXPIRED');
  });
});
