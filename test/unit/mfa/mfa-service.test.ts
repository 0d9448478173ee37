import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import type { Actor } from '../../../functions/core/access/actor.js';
import { createFailureGuard } from '../../../functions/core/guard/failure-guard.js';
import { mfaLockKey, type MfaOwner } from '../../../functions/core/mfa/mfa-lock.js';
import { createMfaService, type MfaSubject } from '../../../functions/core/mfa/service.js';
import { aesKeyOf, open, seal } from '../../../functions/core/mfa/secret-box.js';
import { codeAt } from '../../../functions/core/mfa/totp.js';
import { Secret } from 'otpauth';
import { badRequest } from '../../../functions/core/shared/errors.js';
import { errorOf } from '../../support/error-of.js';
import { memoryFailureStore } from '../../support/memory-guard-stores.js';
import { memoryMfaStore } from '../../support/memory-mfa-store.js';

const MATERIAL = 'test-key-material-0123456789abcdefghijklmnop';
const taro: Actor = { accountId: 'E1', companyId: 'C1', loginId: 'taro', role: 'employee', displayName: '山田 太郎', sourceIp: '203.0.113.5' };
const hanako: Actor = { ...taro, accountId: 'E2', loginId: 'hanako' };
const ops: Actor = { accountId: 'S1', companyId: '~support', loginId: 'ops', role: 'support', displayName: 'サポート' };
const owner = (a: Actor): MfaOwner => ({ kind: 'employee', companyId: a.companyId, accountId: a.accountId });

function world(options: { required?: boolean } = {}) {
  let now = new Date('2026-11-21T09:00:10Z');
  const clock = { now: () => now };
  const failures = memoryFailureStore();
  const mfa = memoryMfaStore();
  const audit: AuditEntry[] = [];
  const passwordChecks: string[] = [];
  let seq = 0;
  const subject = (required: boolean): MfaSubject => ({ issuer: 'kagi (株式会社デモ)', label: 'taro', required, account: { kind: 'internal' } });
  const service = createMfaService({
    store: mfa.store,
    guard: createFailureGuard({ store: failures.store, clock }),
    keys: { material: async () => MATERIAL },
    subjects: { subject: async (o) => (o.kind === 'support' ? { issuer: 'kagi (サポート)', label: 'ops', required: true } : subject(options.required ?? false)) },
    passwords: async (actor, password) => {
      passwordChecks.push(actor.loginId);
      if (password !== 'right-password') throw badRequest('INVALID_CURRENT_PASSWORD', { ja: 'x', en: 'x' });
    },
    audit: { write: async (e) => void audit.push(e) },
    clock,
    ids: { next: () => `id${++seq}` },
  });
  const secretOf = async (actor: Actor) => {
    const record = await mfa.store.get(owner(actor));
    return open(aesKeyOf(MATERIAL), record!.sealedSecret ?? record!.pendingSecret!, `kagi-totp\nemployee\n${actor.companyId}\n${actor.accountId}`);
  };
  /** Sets up and confirms: the secret and the backup codes. */
  const enable = async (actor: Actor) => {
    const setup = await service.startSetup(actor);
    const secret = new Uint8Array(Secret.fromBase32(setup.secret).buffer);
    const { backupCodes } = await service.confirmSetup(actor, codeAt(secret, now));
    return { secret, backupCodes };
  };
  return { service, mfa, failures, audit, passwordChecks, secretOf, enable, clock, advance: (s: number) => (now = new Date(now.getTime() + s * 1000)), now: () => now };
}

const signInCheck = (w: ReturnType<typeof world>, actor: Actor, proof: { code: string } | { backupCode: string }) =>
  w.service.check(owner(actor), proof, { purpose: 'sign-in', actor: actor.loginId, sourceIp: actor.sourceIp });

describe('second factor: setup', () => {
  it('keeps the shown secret pending (sealed) until a code of it is confirmed; then it is on with 10 backup codes', async () => {
    const w = world();
    const setup = await w.service.startSetup(taro);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toContain(`secret=${setup.secret}`);
    const pending = w.mfa.records.get('C1/E1')!;
    expect(pending).toMatchObject({ status: 'pending' });
    expect(JSON.stringify(pending)).not.toContain(setup.secret);
    expect((await w.service.status(taro)).status).toBe('none');
    expect((await errorOf(signInCheck(w, taro, { code: '123456' }))).code).toBe('MFA_NOT_ACTIVE');

    const secret = await w.secretOf(taro);
    expect((await errorOf(w.service.confirmSetup(taro, '000000'))).code).toBe('INVALID_MFA_CODE');
    const { backupCodes } = await w.service.confirmSetup(taro, codeAt(secret, w.now()));
    expect(backupCodes).toHaveLength(10);
    expect(await w.service.status(taro)).toEqual({ status: 'active', required: false, backupCodesLeft: 10, backupCodesLow: false, canTurnOff: true });
    expect([...w.audit, ...w.mfa.audit].map((e) => [e.action, e.result])).toEqual(
      expect.arrayContaining([
        ['mfa.setup.start', 'success'],
        ['mfa.setup.confirm', 'failure'],
        ['mfa.setup.confirm', 'success'],
      ]),
    );
    expect(JSON.stringify([...w.audit, ...w.mfa.audit])).not.toContain(setup.secret);
  });

  it('lets a pending secret expire after 30 minutes, and a new setup replace it', async () => {
    const w = world();
    await w.service.startSetup(taro);
    const first = await w.secretOf(taro);
    w.advance(31 * 60);
    expect((await errorOf(w.service.confirmSetup(taro, codeAt(first, w.now())))).code).toBe('MFA_SETUP_EXPIRED');
    await w.service.startSetup(taro);
    const second = await w.secretOf(taro);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
    expect((await errorOf(w.service.confirmSetup(taro, codeAt(first, w.now())))).code).toBe('INVALID_MFA_CODE');
    await w.service.confirmSetup(taro, codeAt(second, w.now()));
    expect((await errorOf(w.service.startSetup(taro))).code).toBe('MFA_ALREADY_ACTIVE');
  });

  it('seals each secret for its owner: moved onto another account it does not open', async () => {
    const w = world();
    await w.enable(taro);
    const moved = w.mfa.records.get('C1/E1')!;
    w.mfa.records.set('C1/E2', structuredClone(moved));
    await expect(signInCheck(w, hanako, { code: '123456' })).rejects.toThrow();
  });
});

describe('second factor: checks', () => {
  it('takes each step once: the same code again is refused and counted', async () => {
    const w = world();
    const { secret } = await w.enable(taro);
    w.advance(30);
    const code = codeAt(secret, w.now());
    await signInCheck(w, taro, { code });
    const again = await errorOf(signInCheck(w, taro, { code }));
    expect([again.statusCode, again.code]).toEqual([401, 'INVALID_MFA_CODE']);
    expect(w.audit.at(-1)).toMatchObject({ action: 'auth.mfa', result: 'failure', reason: 'code-reused', detail: { method: 'totp', purpose: 'sign-in' } });
    // The code of the step confirmed at setup is used up too.
    w.advance(-30);
    expect((await errorOf(signInCheck(w, taro, { code: codeAt(secret, w.now()) }))).code).toBe('INVALID_MFA_CODE');
  });

  it('takes each backup code once', async () => {
    const w = world();
    const { backupCodes } = await w.enable(taro);
    expect(await signInCheck(w, taro, { backupCode: backupCodes[3]! })).toEqual({ backupCodesLeft: 9 });
    expect((await errorOf(signInCheck(w, taro, { backupCode: backupCodes[3]! }))).code).toBe('INVALID_MFA_CODE');
    expect(w.audit.at(-1)).toMatchObject({ reason: 'wrong-backup-code', detail: { method: 'backup-code' } });
    expect((await w.service.status(taro)).backupCodesLeft).toBe(9);
  });

  it('warns when 2 or fewer backup codes are left', async () => {
    const w = world();
    const { backupCodes } = await w.enable(taro);
    for (const code of backupCodes.slice(0, 8)) await signInCheck(w, taro, { backupCode: code });
    expect(await w.service.status(taro)).toMatchObject({ backupCodesLeft: 2, backupCodesLow: true });
  });

  it('waits from the 5th wrong code (1 min, doubling), locks hard at the 20th, marks and audits the lock once', async () => {
    const w = world();
    const { secret } = await w.enable(taro);
    for (let i = 1; i <= 4; i++) expect((await errorOf(signInCheck(w, taro, { code: '000000' }))).statusCode).toBe(401);
    const fifth = await errorOf(signInCheck(w, taro, { code: '000000' }));
    expect([fifth.statusCode, fifth.code, fifth.details]).toEqual([423, 'MFA_LOCKED', { lockedUntil: '2026-11-21T09:01:10.000Z' }]);
    // The right code during the wait is not looked at, and counts.
    w.advance(30);
    expect((await errorOf(signInCheck(w, taro, { code: codeAt(secret, w.now()) }))).code).toBe('MFA_LOCKED');
    expect(w.failures.records.get(mfaLockKey(owner(taro)))?.failures).toBe(6);
    w.advance(3 * 60);
    const seventh = await errorOf(signInCheck(w, taro, { code: '000000' }));
    expect(seventh.details).toEqual({ lockedUntil: new Date(w.now().getTime() + 4 * 60_000).toISOString() });
    for (let i = 8; i <= 19; i++) await errorOf(signInCheck(w, taro, { code: '000000' }));
    expect(w.mfa.locked.size).toBe(0);
    const twentieth = await errorOf(signInCheck(w, taro, { code: '000000' }));
    expect(twentieth.messages.ja).toBe('ロックされました。サポートにお問い合わせください。');
    expect(twentieth.details).toEqual({ lockedUntil: null });
    expect(w.mfa.locked.has('C1/E1')).toBe(true);
    w.advance(30 * 86_400);
    expect((await errorOf(signInCheck(w, taro, { code: codeAt(secret, w.now()) }))).code).toBe('MFA_LOCKED');
    expect(w.audit.filter((e) => e.action === 'mfa.lock')).toHaveLength(1);
    expect(w.audit.filter((e) => e.action === 'auth.mfa' && e.result === 'failure')).toHaveLength(21);
  });

  it('counts wrong TOTP and backup codes together, per account (not per address)', async () => {
    const w = world();
    await w.enable(taro);
    await w.enable(hanako);
    for (let i = 0; i < 4; i++) await errorOf(w.service.check(owner(taro), i % 2 ? { code: '000000' } : { backupCode: 'zzzz-zzzz-zz' }, { purpose: 'sign-in', actor: 'taro', sourceIp: `198.51.100.${i}` }));
    expect((await errorOf(signInCheck(w, taro, { code: '000000' }))).code).toBe('MFA_LOCKED');
    expect((await errorOf(signInCheck(w, hanako, { code: '000000' }))).code).toBe('INVALID_MFA_CODE');
  });

  it('answers 400 (not 401) for a wrong code on a signed-in change, so the session stays', async () => {
    const w = world();
    await w.enable(taro);
    const wrong = await errorOf(w.service.regenerateBackupCodes(taro, { code: '000000' }));
    expect([wrong.statusCode, wrong.code]).toEqual([400, 'INVALID_MFA_CODE']);
  });
});

describe('second factor: backup codes, turning off, support', () => {
  it('regenerating needs a current code and kills every earlier backup code', async () => {
    const w = world();
    const { secret, backupCodes } = await w.enable(taro);
    w.advance(30);
    const fresh = await w.service.regenerateBackupCodes(taro, { code: codeAt(secret, w.now()) });
    expect(fresh.backupCodes).toHaveLength(10);
    for (const old of backupCodes.slice(0, 2)) expect((await errorOf(signInCheck(w, taro, { backupCode: old }))).code).toBe('INVALID_MFA_CODE');
    await signInCheck(w, taro, { backupCode: fresh.backupCodes[0]! });
    expect(w.mfa.audit.at(-1)?.action).toBe('mfa.backup-codes.regenerate');
  });

  it('turns off only where optional, with the password and a code', async () => {
    const w = world();
    const { backupCodes } = await w.enable(taro);
    expect((await errorOf(w.service.turnOff(taro, { password: 'wrong', backupCode: backupCodes[0]! }))).code).toBe('INVALID_CURRENT_PASSWORD');
    await w.service.turnOff(taro, { password: 'right-password', backupCode: backupCodes[0]! });
    expect(w.passwordChecks).toEqual(['taro', 'taro']);
    expect((await w.service.status(taro)).status).toBe('none');
    expect(w.mfa.audit.at(-1)).toMatchObject({ action: 'mfa.disable', actor: 'taro' });

    const required = world({ required: true });
    const factor = await required.enable(taro);
    expect((await errorOf(required.service.turnOff(taro, { password: 'right-password', backupCode: factor.backupCodes[0]! }))).code).toBe('MFA_REQUIRED');
    expect(required.passwordChecks).toEqual([]);
  });

  it('support unlocks (the account signs in again) and resets (a new setup is due), audited in the company log naming the operator', async () => {
    const w = world();
    const { secret } = await w.enable(taro);
    for (let i = 0; i < 20; i++) await errorOf(signInCheck(w, taro, { code: '000000' }));
    expect(await w.service.lockOf(owner(taro))).toEqual({ kind: 'hard' });
    await w.service.unlock(owner(taro), ops);
    expect(await w.service.lockOf(owner(taro))).toBeUndefined();
    expect(w.mfa.locked.size).toBe(0);
    w.advance(30);
    await signInCheck(w, taro, { code: codeAt(secret, w.now()) });
    expect(w.audit.find((e) => e.action === 'support.mfa.unlock')).toMatchObject({ companyId: 'C1', actor: 'support/ops', actorAccountId: 'S1', target: 'E1', detail: { operator: 'ops', role: 'support' } });

    await w.service.reset(owner(taro), ops);
    expect((await w.service.status(taro)).status).toBe('none');
    expect(w.mfa.audit.at(-1)).toMatchObject({ companyId: 'C1', action: 'support.mfa.reset', actor: 'support/ops' });
  });

  it('support operators keep their factor in the support log, and can never turn it off', async () => {
    const w = world();
    const setup = await w.service.startSetup(ops);
    expect(setup.otpauthUri).toContain('kagi%20(%E3%82%B5%E3%83%9D%E3%83%BC%E3%83%88)');
    expect(w.mfa.audit.at(-1)).toMatchObject({ companyId: '~support', action: 'mfa.setup.start' });
    expect((await errorOf(w.service.turnOff(ops, { password: 'right-password', code: '000000' }))).code).toBe('MFA_REQUIRED');
  });
});

describe('sealing', () => {
  it('stores only ciphertext that opens with the service key and the owner', async () => {
    const w = world();
    const { secret } = await w.enable(taro);
    const sealed = w.mfa.records.get('C1/E1')!.sealedSecret!;
    expect(Buffer.from(open(aesKeyOf(MATERIAL), sealed, 'kagi-totp\nemployee\nC1\nE1'))).toEqual(Buffer.from(secret));
    expect(seal(aesKeyOf(MATERIAL), secret, 'x')).not.toBe(sealed);
  });
});
