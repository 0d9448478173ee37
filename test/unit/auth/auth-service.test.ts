import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { createAuthService, type AuthOutcome, type PendingChallenge, type SignInRecord } from '../../../functions/core/auth/service.js';
import { signInScopes } from '../../../functions/core/auth/sign-in-lock.js';
import { createFailureGuard } from '../../../functions/core/guard/failure-guard.js';
import { memoryFailureStore } from '../../support/memory-guard-stores.js';
import type { Employee } from '../../../functions/core/employees/employee.js';
import { errorOf } from '../../support/error-of.js';
import { DomainError } from '../../../functions/core/shared/errors.js';

const company = { id: 'C1', code: 'demo', name: '株式会社デモ', createdAt: '2026-01-01T00:00:00Z' };
const support = { id: 'S1', loginId: 'ops', displayName: 'サポート', enabled: true, createdAt: '' };
const taro: Employee = {
  id: 'E1', companyId: 'C1', employeeCode: '0001', familyName: '山田', givenName: '太郎', familyNameKana: '', givenNameKana: '',
  office: '', department: '', birthDate: '', email1: '', email2: '', email3: '', loginId: 'yamada', role: 'employee', accountKind: 'internal', enabled: true,
  createdAt: '', updatedAt: '', version: 1,
};

function world() {
  let now = new Date('2026-11-21T09:00:00Z');
  const employees = new Map([[taro.id, { ...taro }]]);
  const records = new Map<string, SignInRecord>();
  const failures = memoryFailureStore();
  const clock = { now: () => now };
  let hold: Promise<void> | undefined;
  const revoked: string[] = [];
  const challenges = new Map<string, PendingChallenge & { expiresAt: Date }>();
  const audit: AuditEntry[] = [];
  const passwords = new Map([['E1', 'right-password-1'], ['S1', 'support-password-1']]);
  const temporary = new Set<string>();
  const authCalls: string[] = [];
  let seq = 0;
  const firstSignIns: Array<[string, string, string]> = [];
  const mfaActive = new Set<string>();
  const mfaHardLocked = new Set<string>();
  const mfaChecks: Array<[string, unknown]> = [];
  const service = createAuthService({
    firstSignIn: { record: async (_c, id, _from, to) => void firstSignIns.push([id, to.password, to.verification]) },
    clock,
    ids: { next: () => `id${++seq}` },
    audit: { write: async (e) => void audit.push(e) },
    directory: {
      companyByCode: async (code) => (code === 'demo' ? company : undefined),
      company: async (id) => (id === 'C1' ? company : undefined),
      employeeByLoginId: async (_c, loginId) => [...employees.values()].find((e) => e.loginId === loginId),
      employee: async (_c, id) => employees.get(id),
      supportByLoginId: async (loginId) => (loginId === 'ops' ? support : undefined),
      supportAccount: async (id) => (id === support.id ? support : undefined),
    },
    secondFactor: {
      isActive: async (owner) => mfaActive.has(owner.accountId),
      lockOf: async (owner) => (mfaHardLocked.has(owner.accountId) ? { kind: 'hard' } : undefined),
      check: async (owner, proof) => {
        mfaChecks.push([owner.accountId, proof]);
        if (!('code' in proof) || proof.code !== '123456') throw new DomainError(401, 'INVALID_MFA_CODE', { ja: 'x', en: 'x' });
      },
    },
    signInRecords: {
      get: async (_c, id) => ({ ...records.get(id) }),
      recordSignIn: async (_c, id, at) => void records.set(id, { ...records.get(id), previousSignInAt: records.get(id)?.lastSignInAt, lastSignInAt: at }),
      recordSignOut: async (_c, id, t) => void records.set(id, { ...records.get(id), signedOutAt: Math.max(t, records.get(id)?.signedOutAt ?? 0) }),
    },
    guard: createFailureGuard({ store: failures.store, clock }),
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
        if (hold && password === 'right-password-1') await hold;
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
      refresh: async (username, token) => (token === `refresh-${username}` ? { tokens: { idToken: 'id3', accessToken: 'a3', expiresIn: 3600 }, companyId: 'C1', issuedAt: 1_700_000_000 } : undefined),
      revoke: async (token) => void revoked.push(token),
      setPassword: async (username, _c, password) => void passwords.set(username, password),
    },
  });
  return { service, audit, records, failures, revoked, mfaActive, mfaHardLocked, mfaChecks, challenges, holdRightPassword: (p: Promise<void>) => (hold = p), employees, temporary, authCalls, firstSignIns, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const origin = { sourceIp: '203.0.113.9' };
const attempt = (w: ReturnType<typeof world>, password: string, loginId = 'yamada', companyCode = 'demo', from = origin) =>
  w.service.login({ companyCode, loginId, password }, from);
const failuresOf = (w: ReturnType<typeof world>, loginId = 'yamada', source = origin.sourceIp) => {
  const keys = signInScopes('demo', loginId, source);
  return { atSource: w.failures.records.get(keys.atSourceKey)?.failures ?? 0, anywhere: w.failures.records.get(keys.anywhereKey)?.failures ?? 0 };
};


describe('auth service', () => {
  let w: ReturnType<typeof world>;
  beforeEach(() => {
    w = world();
  });

  it('signs in and records the sign-in time', async () => {
    const result = await attempt(w, 'right-password-1');
    expect(result).toMatchObject({ result: 'signed-in', idToken: 'id', account: { loginId: 'yamada', companyName: '株式会社デモ', displayName: '山田 太郎' } });
    expect(w.records.get('E1')!.lastSignInAt).toBe('2026-11-21T09:00:00.000Z');
    expect(w.audit.at(-1)).toMatchObject({ action: 'auth.login', result: 'success', actor: 'yamada', sourceIp: '203.0.113.9' });
    w.advance(60_000);
    await attempt(w, 'right-password-1');
    expect(w.records.get('E1')).toMatchObject({ lastSignInAt: '2026-11-21T09:01:00.000Z', previousSignInAt: '2026-11-21T09:00:00.000Z' });
  });

  it('writes nothing to the counters on a correct sign-in once the address is trusted and nothing is to reset', async () => {
    await attempt(w, 'right-password-1');
    const writes = w.failures.writes.length;
    await attempt(w, 'right-password-1');
    expect(w.failures.writes).toHaveLength(writes);
  });

  it('gives the same error for unknown company, unknown login and wrong password, and still asks the provider', async () => {
    const errors = await Promise.all([errorOf(attempt(w, 'x', 'yamada', 'nope')), errorOf(attempt(w, 'x', 'nobody')), errorOf(attempt(w, 'wrong'))]);
    expect(errors.map((e) => [e.statusCode, e.code, e.messages.ja])).toEqual(Array(3).fill([401, 'INVALID_CREDENTIALS', errors[0]!.messages.ja]));
    expect(w.authCalls).toHaveLength(3);
    expect(w.audit.map((a) => a.reason)).toEqual(['unknown-login-id', 'bad-password']);
  });

  it('delays after 10 failures at one address, refuses even the right password without checking it, and lets it in after the delay', async () => {
    for (let i = 0; i < 9; i++) expect((await errorOf(attempt(w, 'wrong'))).statusCode).toBe(401);
    const locked = await errorOf(attempt(w, 'wrong'));
    expect(locked.statusCode).toBe(423);
    expect(locked.details).toEqual({ lockedUntil: '2026-11-21T09:01:00.000Z' });
    expect(locked.messages.ja).toContain('18:01');
    const calls = w.authCalls.length;
    const right = await errorOf(attempt(w, 'right-password-1'));
    expect([right.statusCode, right.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect(right.messages.ja).toEqual(locked.messages.ja.replace('18:01', '18:02'));
    expect(w.authCalls).toHaveLength(calls);
    expect(w.audit.at(-1)).toMatchObject({ result: 'failure', reason: 'locked' });
    // An attempt while locked counts too, and restarts a longer wait (the 11th: 2 minutes).
    expect(failuresOf(w)).toEqual({ atSource: 11, anywhere: 11 });
    expect(right.details).toEqual({ lockedUntil: '2026-11-21T09:02:00.000Z' });
    w.advance(120_000);
    // The 12th failure waits 4 minutes.
    expect((await errorOf(attempt(w, 'wrong'))).details).toEqual({ lockedUntil: '2026-11-21T09:06:00.000Z' });
    w.advance(240_000);
    expect((await attempt(w, 'right-password-1')).result).toBe('signed-in');
    expect(failuresOf(w)).toEqual({ atSource: 0, anywhere: 0 });
  });

  it('locks an unknown login ID and an unknown company exactly like a real account', async () => {
    const run = async (loginId: string, companyCode: string) => {
      const answers = [];
      for (let i = 0; i < 10; i++) {
        const e = await errorOf(attempt(w, 'wrong', loginId, companyCode));
        answers.push([e.statusCode, e.code, e.messages.ja, e.details]);
      }
      return answers;
    };
    const real = await run('yamada', 'demo');
    expect(await run('nobody', 'demo')).toEqual(real);
    expect(await run('yamada', 'no-such-company')).toEqual(real);
    expect(real.at(-1)![0]).toBe(423);
  });

  it('does not let failures from one address keep the account out at another it signed in from', async () => {
    const home = { sourceIp: '198.51.100.7' };
    expect((await attempt(w, 'right-password-1', 'yamada', 'demo', home)).result).toBe('signed-in');
    // An outsider fails 40 times from many addresses: the account is locked everywhere else...
    for (let i = 0; i < 40; i++) await errorOf(attempt(w, 'wrong', 'yamada', 'demo', { sourceIp: `203.0.113.${i}` }));
    expect((await errorOf(attempt(w, 'right-password-1', 'yamada', 'demo', { sourceIp: '192.0.2.200' }))).statusCode).toBe(423);
    // ...but not where its owner signed in before.
    expect((await attempt(w, 'right-password-1', 'yamada', 'demo', home)).result).toBe('signed-in');
  });

  it('refuses a correct password that was in flight while the lock was set, and keeps the lock', async () => {
    for (let i = 0; i < 9; i++) await errorOf(attempt(w, 'wrong'));
    let release!: () => void;
    w.holdRightPassword(new Promise<void>((r) => (release = r)));
    const inFlight = errorOf(attempt(w, 'right-password-1'));
    while (!w.authCalls.includes('E1') || w.authCalls.filter((c) => c === 'E1').length < 10) await new Promise((r) => setTimeout(r, 1));
    expect((await errorOf(attempt(w, 'wrong'))).statusCode).toBe(423);
    release();
    const late = await inFlight;
    expect([late.statusCode, late.code]).toEqual([423, 'ACCOUNT_LOCKED']);
    expect(failuresOf(w)).toEqual({ atSource: 10, anywhere: 10 });
  });

  it('signs out: revokes, and records the provider time of the last token, only for the owner of the refresh token', async () => {
    await w.service.logout({ refreshToken: 'refresh-E1', accountId: 'E1' });
    expect(w.records.get('E1')!.signedOutAt).toBe(1_700_000_000);
    await w.service.logout({ refreshToken: 'stolen-or-wrong', accountId: 'E2' });
    expect(w.records.get('E2')).toBeUndefined();
    await w.service.logout({ refreshToken: 'refresh-E1' });
    expect(w.revoked).toEqual(['refresh-E1', 'stolen-or-wrong', 'refresh-E1']);
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
    const me = { companyId: 'C1', accountId: 'E1', sourceIp: origin.sourceIp };
    for (let i = 0; i < 9; i++) await errorOf(w.service.changePassword(me, { currentPassword: 'wrong', newPassword: 'a much better passphrase' }));
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'wrong', newPassword: 'a much better passphrase' }))).code).toBe('ACCOUNT_LOCKED');
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'right-password-1', newPassword: 'a much better passphrase' }))).code).toBe('ACCOUNT_LOCKED');
    // The right password while locked counted as the 11th failure: a 2-minute wait.
    w.advance(120_000);
    await w.service.changePassword(me, { currentPassword: 'right-password-1', newPassword: 'right-password-1' });
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'right-password-1', newPassword: 'short' }))).code).toBe('PASSWORD_POLICY');
    expect((await errorOf(w.service.changePassword(me, { currentPassword: 'wrong', newPassword: 'a much better passphrase' }))).code).toBe('INVALID_CURRENT_PASSWORD');
    expect(failuresOf(w)).toEqual({ atSource: 1, anywhere: 1 });
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

  describe('with a second factor on', () => {
    beforeEach(() => {
      w.mfaActive.add('E1');
    });

    it('keeps the tokens back after the password and hands them out for a right code only, once', async () => {
      const first = await attempt(w, 'right-password-1');
      expect(first).toEqual({ result: 'mfa-required', session: expect.any(String) });
      // The held tokens are sealed under the handle: nothing in the store reads as a token.
      const held = [...w.challenges.values()][0]!;
      expect(held).toMatchObject({ kind: 'mfa', accountId: 'E1' });
      expect(JSON.stringify(held)).not.toMatch(/"id"|access|refresh/);
      expect(w.records.get('E1')).toBeUndefined();
      if (first.result !== 'mfa-required') throw new Error('expected the second factor');

      expect((await errorOf(w.service.completeMfa({ session: first.session, code: '000000' }, origin))).code).toBe('INVALID_MFA_CODE');
      const done = await w.service.completeMfa({ session: first.session, code: '123456' }, origin);
      expect(done).toMatchObject({ result: 'signed-in', idToken: 'id', refreshToken: 'refresh', account: { loginId: 'yamada' } });
      expect(w.records.get('E1')?.lastSignInAt).toBeDefined();
      expect(w.mfaChecks.map(([id]) => id)).toEqual(['E1', 'E1']);
      expect((await errorOf(w.service.completeMfa({ session: first.session, code: '123456' }, origin))).code).toBe('SESSION_EXPIRED');
      expect((await errorOf(w.service.completeMfa({ session: 'made-up', code: '123456' }, origin))).code).toBe('SESSION_EXPIRED');
    });

    it('lets the step expire after 5 minutes', async () => {
      const first = await attempt(w, 'right-password-1');
      if (first.result !== 'mfa-required') throw new Error('expected the second factor');
      w.advance(5 * 60_000 + 1);
      expect((await errorOf(w.service.completeMfa({ session: first.session, code: '123456' }, origin))).code).toBe('SESSION_EXPIRED');
    });

    it('ends a sign-in at once when the factor is hard-locked, revoking the tokens the password earned', async () => {
      w.mfaHardLocked.add('E1');
      const locked = await errorOf(attempt(w, 'right-password-1'));
      expect([locked.statusCode, locked.code]).toEqual([423, 'MFA_LOCKED']);
      expect(w.revoked).toEqual(['refresh']);
      expect(w.challenges.size).toBe(0);
      expect(w.audit.at(-1)).toMatchObject({ action: 'auth.login', result: 'failure', reason: 'mfa-locked' });
    });

    it('asks for the new password first, then the second factor', async () => {
      w.temporary.add('E1');
      const first = await attempt(w, 'right-password-1');
      if (first.result !== 'new-password-required') throw new Error('expected a challenge');
      const second = await w.service.completeNewPassword({ session: first.session, newPassword: 'a brand new passphrase' }, origin);
      expect(second).toEqual({ result: 'mfa-required', session: expect.any(String) });
      if (second.result !== 'mfa-required') throw new Error('expected the second factor');
      // A new-password handle is no second-factor handle, and the reverse.
      expect((await errorOf(w.service.completeNewPassword({ session: second.session, newPassword: 'another passphrase' }, origin))).code).toBe('SESSION_EXPIRED');
      expect((await w.service.completeMfa({ session: second.session, code: '123456' }, origin)).result).toBe('signed-in');
    });
  });

  it('signs a support operator in on its own page, always through its second factor once set up', async () => {
    const plain = await w.service.supportLogin({ loginId: 'ops', password: 'support-password-1' }, origin);
    expect(plain).toMatchObject({ result: 'signed-in', account: { role: 'support', companyId: '~support', loginId: 'ops' } });
    expect(w.audit.at(-1)).toMatchObject({ companyId: '~support', action: 'auth.login', result: 'success' });
    expect((await errorOf(w.service.supportLogin({ loginId: 'ops', password: 'wrong' }, origin))).code).toBe('INVALID_CREDENTIALS');
    // A company account is no support operator, and the reverse.
    expect((await errorOf(w.service.supportLogin({ loginId: 'yamada', password: 'right-password-1' }, origin))).code).toBe('INVALID_CREDENTIALS');
    expect((await errorOf(attempt(w, 'support-password-1', 'ops'))).code).toBe('INVALID_CREDENTIALS');
    w.mfaActive.add('S1');
    const first = await w.service.supportLogin({ loginId: 'ops', password: 'support-password-1' }, origin);
    if (first.result !== 'mfa-required') throw new Error('expected the second factor');
    expect(await w.service.completeMfa({ session: first.session, code: '123456' }, origin)).toMatchObject({ result: 'signed-in', account: { role: 'support' } });
    expect(w.mfaChecks.at(-1)).toEqual(['S1', { code: '123456' }]);
  });
});
