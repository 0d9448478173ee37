import { randomBytes } from 'node:crypto';
import type { Actor } from '../access/actor.js';
import { SUPPORT_TENANT } from '../access/actor.js';
import type { AuditAction, AuditEntry } from '../audit/audit-entry.js';
import type { FailureGuard } from '../guard/failure-guard.js';
import type { Lock } from '../guard/failure-lock.js';
import { badRequest, conflict, DomainError, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { BACKUP_CODES_LOW, hashBackupCodes, matchingBackupSlot, newBackupCodes } from './backup-codes.js';
import type { AccountKind } from '../employees/employee.js';
import { mfaLockKey, mfaScopes, secretAssociatedData, type MfaOwner } from './mfa-lock.js';
import { aesKeyOf, open, seal, type KeySource } from './secret-box.js';
import { base32Of, matchingStep, newTotpSecret, otpauthUri } from './totp.js';

/** What the store keeps of one owner's second factor. Secrets only sealed, codes only hashed. */
export interface MfaRecord {
  status: 'pending' | 'active';
  /** The active secret, sealed (secret-box). */
  sealedSecret?: string;
  /** A secret shown at setup and not yet confirmed, sealed; it never signs anyone in. */
  pendingSecret?: string;
  pendingExpiresAt?: string;
  /** The newest accepted time step: a code of this step or an older one is refused (replay). */
  lastStep?: number;
  /** Unused backup codes: slot → slow hash. */
  backupCodes: Record<string, string>;
  activatedAt?: string;
}

/** The account a factor belongs to, as far as the counters of the employee list care. */
export interface CountedAccount {
  kind: AccountKind;
}

/** Port: second factors, one item per owner, each change a conditional write with its audit entry. */
export interface MfaStore {
  get(owner: MfaOwner): Promise<MfaRecord | undefined>;
  /** Writes a new pending secret (replacing an earlier pending one). StoreConflict('state') when one is active. */
  putPending(owner: MfaOwner, sealed: string, expiresAt: string, audit: AuditEntry): Promise<void>;
  /**
   * pending → active with the first accepted step and the backup codes; the account's 2段階認証
   * status and counters move in the same transaction. StoreConflict('state') unless the pending
   * secret is still `pendingSecret` (and, for an account, its kind is still `account.kind`).
   */
  activate(owner: MfaOwner, change: { pendingSecret: string; step: number; backupCodes: Record<string, string>; at: string }, audit: AuditEntry, account?: CountedAccount): Promise<void>;
  /** Raises lastStep to `step`; false when it already was at or past it (the code was used). */
  acceptStep(owner: MfaOwner, step: number): Promise<boolean>;
  /** Removes one unused backup code; false when it is gone already (used concurrently, or replaced). */
  consumeBackupCode(owner: MfaOwner, slot: string, hash: string): Promise<boolean>;
  /** Replaces every backup code at once (the old set dies). StoreConflict('state') unless active. */
  replaceBackupCodes(owner: MfaOwner, codes: Record<string, string>, audit: AuditEntry): Promise<void>;
  /** Forgets the factor (secret, codes, steps), with the account's status and counters. False when there was none. */
  remove(owner: MfaOwner, audit: AuditEntry, account?: CountedAccount): Promise<boolean>;
  /** The ロック中 mark of the employee list (the lock itself lives in the failure counter). */
  markLocked(owner: MfaOwner, locked: boolean): Promise<void>;
}

/** Port: what the policy says about an owner, and how its authenticator app names it. */
export interface MfaSubject {
  /** `kagi (会社名)`. */
  issuer: string;
  /** The login ID. */
  label: string;
  /** The company (or the support role) requires a second factor of this account. */
  required: boolean;
  /** Accounts of a company; undefined for support operators. */
  account?: CountedAccount;
}

export interface MfaSubjects {
  subject(owner: MfaOwner): Promise<MfaSubject | undefined>;
}

/** Port: checks the account's current password like a sign-in does (it counts towards the sign-in lock). */
export type PasswordConfirmer = (actor: Actor, password: string, action: AuditAction) => Promise<void>;

export interface AuditLog {
  write(entry: AuditEntry): Promise<void>;
}

export type SecondFactorProof = { code: string } | { backupCode: string };

/**
 * Why a code is checked: sign-in (and the PC logon client, `client`) answers 401 for a wrong code;
 * a signed-in confirmation 400 (the session is fine).
 */
export type CheckPurpose = 'sign-in' | 'client' | 'backup-codes' | 'disable';

export interface CheckContext {
  purpose: CheckPurpose;
  /** Login ID (or operator) for the audit entry. */
  actor: string;
  sourceIp?: string;
  /** More facts for the attempt's audit entry (the PC logon client's device). */
  detail?: Record<string, string | number | boolean>;
}

export interface MfaServiceDeps {
  store: MfaStore;
  guard: FailureGuard;
  keys: KeySource;
  subjects: MfaSubjects;
  passwords: PasswordConfirmer;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  random?: RandomBytes;
}

/** How long a secret shown at setup may be confirmed: time to install an app, not to forget the screen. */
export const PENDING_SETUP_MINUTES = 30;

/**
 * The pure part of a TOTP check, on a stored record: open the sealed secret, match the code
 * (current step ± 1), refuse a step at or before the last accepted one. The caller then claims
 * the step with a conditional write (two concurrent uses of one code cannot both pass).
 */
export function totpStepOf(key: Buffer, owner: MfaOwner, record: Pick<MfaRecord, 'sealedSecret' | 'lastStep'>, code: string, now: Date): { step: number } | { refused: 'wrong-code' | 'code-reused' } {
  const secret = open(key, record.sealedSecret ?? '', secretAssociatedData(owner));
  const step = matchingStep(secret, code, now);
  if (step === undefined) return { refused: 'wrong-code' };
  if (record.lastStep !== undefined && step <= record.lastStep) return { refused: 'code-reused' };
  return { step };
}

export const ownerOf = (actor: Pick<Actor, 'role' | 'companyId' | 'accountId'>): MfaOwner =>
  actor.role === 'support' ? { kind: 'support', accountId: actor.accountId } : { kind: 'employee', companyId: actor.companyId, accountId: actor.accountId };

/** The company log an owner's entries go to (support operators: the reserved support log). */
export const auditCompanyOf = (owner: MfaOwner): string => (owner.kind === 'employee' ? owner.companyId : SUPPORT_TENANT);

const accountIdOf = (owner: MfaOwner) => owner.accountId;

function lockedError(lock: Lock): DomainError {
  if (lock.kind === 'hard') {
    return new DomainError(423, 'MFA_LOCKED', { ja: 'ロックされました。サポートにお問い合わせください。', en: 'Locked. Please contact support.' }, { lockedUntil: null });
  }
  const jst = new Date(Date.parse(lock.until) + 9 * 3600_000).toISOString().slice(11, 16);
  return new DomainError(
    423,
    'MFA_LOCKED',
    {
      ja: `確認コードの入力に続けて失敗したため、一時的にロックしています。${jst} 以降にもう一度お試しください。`,
      en: `Too many wrong codes: locked until ${jst} JST. Try again later.`,
    },
    { lockedUntil: lock.until },
  );
}

const WRONG_CODE = { ja: 'コードが正しくありません。', en: 'The code is incorrect.' };

function wrongCode(purpose: CheckPurpose): DomainError {
  return purpose === 'sign-in' || purpose === 'client'
    ? new DomainError(401, 'INVALID_MFA_CODE', WRONG_CODE)
    : badRequest('INVALID_MFA_CODE', WRONG_CODE, { issues: [{ field: 'code', code: 'INVALID_MFA_CODE', messages: WRONG_CODE }] });
}

const NOT_ACTIVE = conflict('MFA_NOT_ACTIVE', { ja: '2段階認証は設定されていません。', en: 'Two-factor sign-in is not set up.' });
const ALREADY_ACTIVE = conflict('MFA_ALREADY_ACTIVE', {
  ja: '2段階認証は設定済みです。設定し直す場合は、いったん解除してください。',
  en: 'Two-factor sign-in is already on. Turn it off first to set it up again.',
});
const SETUP_EXPIRED = conflict('MFA_SETUP_EXPIRED', {
  ja: '設定の有効期限が切れました。もう一度 QR コードの表示からやり直してください。',
  en: 'The setup has expired. Start again from the QR code.',
});
const REQUIRED = conflict('MFA_REQUIRED', {
  ja: '会社の設定により、このアカウントは2段階認証を解除できません。',
  en: 'Your company requires two-factor sign-in for this account: it cannot be turned off.',
});

/**
 * The second factor of one account (TOTP with backup codes): setup, the check at sign-in and for
 * changes, backup codes, turning it off, and support's unlock and reset. Every code check goes
 * through the one failure guard (MFA_POLICY, per account) and writes an audit entry.
 */
export function createMfaService({ store, guard, keys, subjects, passwords, audit, clock, ids, random = randomBytes }: MfaServiceDeps) {
  let aesKey: Promise<Buffer> | undefined;
  const key = () => {
    aesKey ??= keys.material().then(aesKeyOf);
    aesKey.catch(() => (aesKey = undefined));
    return aesKey;
  };

  function entry(owner: MfaOwner, action: AuditAction, actor: string, result: AuditEntry['result'], extra: Partial<AuditEntry> = {}): AuditEntry {
    return { id: ids.next(), companyId: auditCompanyOf(owner), at: clock.now().toISOString(), actor, actorAccountId: accountIdOf(owner), action, result, ...extra };
  }

  async function mustSubject(owner: MfaOwner): Promise<MfaSubject> {
    const subject = await subjects.subject(owner);
    if (!subject) throw NOT_ACTIVE;
    return subject;
  }

  /**
   * One attempt at the second factor. Locked: the code is not looked at, and the attempt still
   * counts (as at sign-in). A TOTP code must be of the current step ± 1 and newer than the last
   * accepted one, claimed by a conditional write, so two concurrent uses of one code cannot both
   * pass; a backup code is claimed the same way. Throws the answer a user sees; returns quietly.
   */
  async function check(owner: MfaOwner, proof: SecondFactorProof, context: CheckContext): Promise<{ backupCodesLeft: number }> {
    const scopes = mfaScopes(owner);
    const action: AuditAction = context.purpose === 'sign-in' ? 'auth.mfa' : context.purpose === 'client' ? 'client.authenticate' : 'mfa.verify';
    const method = 'code' in proof ? 'totp' : 'backup-code';
    const write = (result: AuditEntry['result'], reason?: AuditEntry['reason'], detail: Record<string, string | number | boolean> = {}) =>
      audit.write(entry(owner, action, context.actor, result, { reason, sourceIp: context.sourceIp, detail: { method, purpose: context.purpose, ...context.detail, ...detail } }));

    const failed = async (lockBefore: Lock | undefined, reason: AuditEntry['reason']): Promise<never> => {
      const [after] = await Promise.all([guard.fail(scopes), write('failure', reason)]);
      if (after?.kind === 'hard' && lockBefore?.kind !== 'hard') {
        await Promise.all([store.markLocked(owner, true), audit.write(entry(owner, 'mfa.lock', context.actor, 'success', { sourceIp: context.sourceIp, reason: 'too-many-failures' }))]);
      }
      throw after ? lockedError(after) : wrongCode(context.purpose);
    };

    const lock = await guard.lockBefore(scopes);
    if (lock) return failed(lock, 'locked');
    const record = await store.get(owner);
    if (record?.status !== 'active' || !record.sealedSecret) {
      await write('failure', 'not-active');
      throw NOT_ACTIVE;
    }
    let backupCodesLeft = Object.keys(record.backupCodes).length;
    if ('code' in proof) {
      const matched = totpStepOf(await key(), owner, record, proof.code, clock.now());
      if ('refused' in matched) return failed(undefined, matched.refused);
      if (!(await store.acceptStep(owner, matched.step))) return failed(undefined, 'code-reused');
    } else {
      const slot = await matchingBackupSlot(proof.backupCode, record.backupCodes);
      if (slot === undefined) return failed(undefined, 'wrong-backup-code');
      if (!(await store.consumeBackupCode(owner, slot, record.backupCodes[slot]!))) return failed(undefined, 'backup-code-reused');
      backupCodesLeft -= 1;
    }
    // A lock set while the code was being checked still wins.
    const lockNow = await guard.succeed(scopes);
    if (lockNow) return failed(lockNow, 'locked');
    await write('success', undefined, 'backupCode' in proof ? { backupCodesLeft } : {});
    return { backupCodesLeft };
  }

  return {
    check,

    /** The account's own view: on or off, codes left, whether it must keep (or set up) one. */
    async status(actor: Actor) {
      const owner = ownerOf(actor);
      const [record, subject] = await Promise.all([store.get(owner), mustSubject(owner)]);
      const active = record?.status === 'active';
      const backupCodesLeft = active ? Object.keys(record.backupCodes).length : 0;
      return {
        status: active ? ('active' as const) : ('none' as const),
        required: subject.required,
        backupCodesLeft,
        backupCodesLow: active && backupCodesLeft <= BACKUP_CODES_LOW,
        canTurnOff: active && !subject.required,
      };
    },

    /**
     * A new secret, shown once: as text for manual entry and as an `otpauth://` URI for the QR
     * code. Stored sealed as pending; it signs nobody in until a code of it is confirmed.
     */
    async startSetup(actor: Actor): Promise<{ secret: string; otpauthUri: string; expiresAt: string }> {
      const owner = ownerOf(actor);
      const [record, subject] = await Promise.all([store.get(owner), mustSubject(owner)]);
      if (record?.status === 'active') throw ALREADY_ACTIVE;
      const secret = newTotpSecret(random);
      const expiresAt = new Date(clock.now().getTime() + PENDING_SETUP_MINUTES * 60_000).toISOString();
      try {
        await store.putPending(owner, seal(await key(), secret, secretAssociatedData(owner)), expiresAt, entry(owner, 'mfa.setup.start', actor.loginId, 'success', { sourceIp: actor.sourceIp }));
      } catch (e) {
        if (e instanceof StoreConflict) throw ALREADY_ACTIVE;
        throw e;
      }
      return { secret: base32Of(secret), otpauthUri: otpauthUri(secret, subject.issuer, subject.label), expiresAt };
    },

    /** The first code from the app turns the factor on; the answer holds the 10 backup codes, shown only now. */
    async confirmSetup(actor: Actor, code: string): Promise<{ backupCodes: string[] }> {
      const owner = ownerOf(actor);
      const [record, subject] = await Promise.all([store.get(owner), mustSubject(owner)]);
      if (record?.status === 'active') throw ALREADY_ACTIVE;
      if (!record?.pendingSecret || !record.pendingExpiresAt || Date.parse(record.pendingExpiresAt) <= clock.now().getTime()) throw SETUP_EXPIRED;
      const step = matchingStep(open(await key(), record.pendingSecret, secretAssociatedData(owner)), code, clock.now());
      if (step === undefined) {
        await audit.write(entry(owner, 'mfa.setup.confirm', actor.loginId, 'failure', { reason: 'wrong-code', sourceIp: actor.sourceIp }));
        throw wrongCode('backup-codes');
      }
      const codes = newBackupCodes(random);
      const at = clock.now().toISOString();
      try {
        await store.activate(
          owner,
          { pendingSecret: record.pendingSecret, step, backupCodes: await hashBackupCodes(codes), at },
          entry(owner, 'mfa.setup.confirm', actor.loginId, 'success', { sourceIp: actor.sourceIp }),
          subject.account,
        );
      } catch (e) {
        // Confirmed twice at once, or set up again meanwhile: the other confirmation stands.
        if (e instanceof StoreConflict) throw SETUP_EXPIRED;
        throw e;
      }
      // A lock left from before (a factor reset by support) is not this factor's.
      await guard.unlock(mfaLockKey(owner));
      return { backupCodes: codes };
    },

    /** New backup codes for a current code (or an unused backup code): the old set dies at once. */
    async regenerateBackupCodes(actor: Actor, proof: SecondFactorProof): Promise<{ backupCodes: string[] }> {
      const owner = ownerOf(actor);
      await check(owner, proof, { purpose: 'backup-codes', actor: actor.loginId, sourceIp: actor.sourceIp });
      const codes = newBackupCodes(random);
      try {
        await store.replaceBackupCodes(owner, await hashBackupCodes(codes), entry(owner, 'mfa.backup-codes.regenerate', actor.loginId, 'success', { sourceIp: actor.sourceIp }));
      } catch (e) {
        if (e instanceof StoreConflict) throw NOT_ACTIVE;
        throw e;
      }
      return { backupCodes: codes };
    },

    /** Turning it off where it is optional: the password and a current code (or a backup code). */
    async turnOff(actor: Actor, input: { password: string } & SecondFactorProof): Promise<void> {
      const owner = ownerOf(actor);
      const subject = await mustSubject(owner);
      if (subject.required) throw REQUIRED;
      await passwords(actor, input.password, 'mfa.disable');
      const proof: SecondFactorProof = 'code' in input ? { code: input.code } : { backupCode: input.backupCode };
      await check(owner, proof, { purpose: 'disable', actor: actor.loginId, sourceIp: actor.sourceIp });
      const removed = await store.remove(owner, entry(owner, 'mfa.disable', actor.loginId, 'success', { sourceIp: actor.sourceIp }), subject.account);
      if (!removed) throw NOT_ACTIVE;
    },

    /** Support: lifts the lock of an account's second factor (delay or hard). */
    async unlock(owner: MfaOwner, operator: Actor): Promise<void> {
      await guard.unlock(mfaLockKey(owner));
      await Promise.all([
        store.markLocked(owner, false),
        audit.write(entry(owner, 'support.mfa.unlock', `support/${operator.loginId}`, 'success', { actorAccountId: operator.accountId, target: accountIdOf(owner), targetAccountId: accountIdOf(owner), sourceIp: operator.sourceIp, detail: { operator: operator.loginId, role: 'support' } })),
      ]);
    },

    /**
     * Support: forgets the factor (a lost phone and no backup codes) and its lock. Where the
     * company requires 2FA, the account must set it up again at its next sign-in.
     */
    async reset(owner: MfaOwner, operator: Actor): Promise<void> {
      const subject = await mustSubject(owner);
      await store.remove(
        owner,
        entry(owner, 'support.mfa.reset', `support/${operator.loginId}`, 'success', { actorAccountId: operator.accountId, target: accountIdOf(owner), targetAccountId: accountIdOf(owner), sourceIp: operator.sourceIp, detail: { operator: operator.loginId, role: 'support' } }),
        subject.account,
      );
      await guard.unlock(mfaLockKey(owner));
      await store.markLocked(owner, false);
    },

    /**
     * An admin, where the company allows it (「管理者による認証情報の削除を許可する」): forgets the
     * factor as support's reset does, but leaves a lock in force (only support lifts it). False
     * when there was no factor.
     */
    async removeByAdmin(owner: MfaOwner, admin: Actor, target: string): Promise<boolean> {
      const subject = await mustSubject(owner);
      return store.remove(
        owner,
        entry(owner, 'mfa.admin-delete', admin.loginId, 'success', { actorAccountId: admin.accountId, target, targetAccountId: accountIdOf(owner), sourceIp: admin.sourceIp, detail: { role: admin.role } }),
        subject.account,
      );
    },

    /** The lock in force on an owner's second factor (support console, the sign-in password step). */
    lockOf: (owner: MfaOwner) => guard.lockBefore(mfaScopes(owner)),
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
export { lockedError as mfaLockedError };
export const MFA_SESSION_EXPIRED = unauthorized('SESSION_EXPIRED', {
  ja: '確認の有効期限が切れました。もう一度ログインしてください。',
  en: 'The sign-in step has expired. Sign in again.',
});
