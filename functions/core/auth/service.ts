import { createHash, randomBytes } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee, type Role } from '../employees/employee.js';
import { badRequest, DomainError, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { FailureGuard } from '../guard/failure-guard.js';
import type { Lock } from '../guard/failure-lock.js';
import { signInScopes, TRUSTED_SOURCE_SECONDS } from './sign-in-lock.js';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from './password-policy.js';
import { transition, type IssuanceState } from '../issuance/status.js';

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export type AuthOutcome =
  | { kind: 'tokens'; tokens: Tokens }
  | { kind: 'new-password'; session: string }
  | { kind: 'rejected' };

/** Port: the identity provider (Cognito), called with the backend's own client secret. */
export interface IdentityProvider {
  passwordAuth(username: string, password: string): Promise<AuthOutcome>;
  /** Throws PasswordRejected when the provider's own policy refuses the password. */
  respondNewPassword(username: string, session: string, newPassword: string): Promise<AuthOutcome>;
  /** `issuedAt`: the new ID token's `iat` (epoch seconds), the provider's own clock. */
  refresh(username: string, refreshToken: string): Promise<{ tokens: Tokens; companyId: string; issuedAt: number } | undefined>;
  revoke(refreshToken: string): Promise<void>;
  /** Sets a permanent password the account chose itself. */
  setPassword(username: string, companyId: string, password: string): Promise<void>;
}

export class PasswordRejected extends Error {}

/** Port: companies and accounts as sign-in needs them. */
export interface AccountDirectory {
  companyByCode(code: string): Promise<Company | undefined>;
  company(id: string): Promise<Company | undefined>;
  employeeByLoginId(companyId: string, loginId: string): Promise<Employee | undefined>;
  employee(companyId: string, id: string): Promise<Employee | undefined>;
}

/** Last and previous sign-in time of an account, and the token age its last sign-out ended. */
export interface SignInRecord {
  lastSignInAt?: string;
  previousSignInAt?: string;
  /** Tokens issued (JWT `iat`, epoch seconds) at or before this second belong to signed-out sessions. */
  signedOutAt?: number;
}

/** Port: per-account sign-in times, changed only by unconditional (never contended) updates. */
export interface SignInRecordStore {
  get(companyId: string, accountId: string): Promise<SignInRecord>;
  /** previous ← last, last ← at, in one atomic update. */
  recordSignIn(companyId: string, accountId: string, at: string): Promise<void>;
  /** Raises signedOutAt to `issuedUpTo` (never lowers it). */
  recordSignOut(companyId: string, accountId: string, issuedUpTo: number): Promise<void>;
}

export interface PendingChallenge {
  companyId: string;
  accountId: string;
  loginId: string;
  providerSession: string;
}

/** Port: new-password challenges, keyed by a digest of the handle the browser holds. */
export interface ChallengeStore {
  put(digest: string, challenge: PendingChallenge, expiresAt: Date): Promise<void>;
  get(digest: string, now: Date): Promise<PendingChallenge | undefined>;
  /** Single use: true only for the caller that removed it. */
  take(digest: string): Promise<boolean>;
}

export interface AuditLog {
  write(entry: AuditEntry): Promise<void>;
}

export interface Account {
  accountId: string;
  companyId: string;
  companyCode: string;
  companyName: string;
  loginId: string;
  role: Role;
  displayName: string;
}

export type SignInResult =
  | ({ result: 'signed-in'; account: Account } & Tokens)
  | { result: 'new-password-required'; session: string };

/** Port: the issuance status of an account moves on when its first sign-in completes. */
export interface FirstSignInRecorder {
  /** Writes `to` only while the status is still `from`. */
  record(companyId: string, accountId: string, from: IssuanceState, to: IssuanceState): Promise<void>;
}

export interface AuthServiceDeps {
  firstSignIn: FirstSignInRecorder;
  directory: AccountDirectory;
  signInRecords: SignInRecordStore;
  /** Counts failed passwords and holds the lock (sign-in and マイページ's password change share it). */
  guard: FailureGuard;
  challenges: ChallengeStore;
  identity: IdentityProvider;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
}

const CHALLENGE_MINUTES = 10;
/** Looked up when a company code is unknown, so both paths read the same number of items. */
const DECOY_COMPANY_ID = '~decoy';

const INVALID_CREDENTIALS = unauthorized('INVALID_CREDENTIALS', {
  ja: '会社コード、ログインID、またはパスワードが正しくありません。',
  en: 'The company code, login ID or password is incorrect.',
});

const SESSION_EXPIRED = unauthorized('SESSION_EXPIRED', {
  ja: 'パスワード設定の有効期限が切れました。もう一度ログインしてください。',
  en: 'The password step has expired. Sign in again.',
});

function lockedError(lock: Lock): DomainError {
  if (lock.kind === 'hard') {
    return new DomainError(423, 'ACCOUNT_LOCKED', {
      ja: 'ログインに続けて失敗したため、アカウントをロックしています。管理者に連絡してください。',
      en: 'Too many failed sign-ins: this account is locked. Ask your administrator.',
    }, { lockedUntil: null });
  }
  const until = lock.until;
  const jst = new Date(new Date(until).getTime() + 9 * 3600_000).toISOString();
  const hhmm = `${jst.slice(11, 16)}`;
  return new DomainError(
    423,
    'ACCOUNT_LOCKED',
    {
      ja: `ログインに続けて失敗したため、アカウントを一時的にロックしています。${hhmm} 以降にもう一度お試しください。急ぎの場合は管理者に連絡してください。`,
      en: `Too many failed sign-ins: this account is locked until ${hhmm} JST. Try again later or ask your administrator.`,
    },
    { lockedUntil: until },
  );
}

const digestOf = (handle: string) => createHash('sha256').update(handle).digest('hex');

/**
 * Sign-in, first-sign-in password, refresh and sign-out, with an audit entry per attempt. Every
 * attempt does the same work whether or not the company and login ID exist: the same reads, one
 * identity-provider password check (a decoy user for unknown accounts), the same counting.
 */
export function createAuthService({ directory, signInRecords, guard, challenges, identity, audit, clock, ids, firstSignIn }: AuthServiceDeps) {
  function entry(companyId: string, actor: string, result: AuditEntry['result'], reason: AuditEntry['reason'], origin: { sourceIp?: string }, accountId?: string, action: AuditEntry['action'] = 'auth.login'): AuditEntry {
    return { id: ids.next(), companyId, at: clock.now().toISOString(), actor, actorAccountId: accountId, action, result, reason, sourceIp: origin.sourceIp };
  }

  const decoyPasswordCheck = (password: string) => identity.passwordAuth(`unknown-${randomBytes(8).toString('hex')}`, password);

  async function accountOf(employee: Employee): Promise<Account> {
    const company = await directory.company(employee.companyId);
    return {
      accountId: employee.id,
      companyId: employee.companyId,
      companyCode: company?.code ?? '',
      companyName: company?.name ?? '',
      loginId: employee.loginId,
      role: employee.role,
      displayName: fullName(employee),
    };
  }

  async function recordSignIn(employee: Employee, auditEntry: AuditEntry): Promise<void> {
    await Promise.all([signInRecords.recordSignIn(employee.companyId, employee.id, clock.now().toISOString()), audit.write(auditEntry)]);
  }

  return {
    async login(input: { companyCode: string; loginId: string; password: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const loginId = input.loginId.trim();
      const lockScopes = signInScopes(input.companyCode, loginId, origin.sourceIp);
      const [lock, company] = await Promise.all([guard.lockBefore(lockScopes.scopes), directory.companyByCode(input.companyCode.trim())]);
      const found = await directory.employeeByLoginId(company?.id ?? DECOY_COMPANY_ID, loginId);
      const employee = company && found && !found.deleted ? found : undefined;
      const auditAs = (result: AuditEntry['result'], reason?: AuditEntry['reason']): Promise<void> =>
        company ? audit.write(entry(company.id, employee?.loginId ?? loginId, result, reason, origin, employee?.id)) : Promise.resolve();

      // Locked: the password is not checked, so the answer is the same whether or not it is
      // right; the attempt still counts (every attempt is counted, whatever the contention).
      if (lock) {
        const [after] = await Promise.all([guard.fail(lockScopes.scopes), auditAs('failure', 'locked')]);
        throw lockedError(after ?? lock);
      }
      const outcome = employee?.enabled ? await identity.passwordAuth(employee.id, input.password) : await decoyPasswordCheck(input.password);
      if (!employee?.enabled || outcome.kind === 'rejected') {
        const reason = !employee ? 'unknown-login-id' : !employee.enabled ? 'disabled' : 'bad-password';
        const [after] = await Promise.all([guard.fail(lockScopes.scopes), auditAs('failure', reason)]);
        if (after) throw lockedError(after);
        throw INVALID_CREDENTIALS;
      }
      // The right password, but a lock set while it was being checked still wins.
      const lockNow = await guard.succeed(lockScopes.scopes, { trust: { key: lockScopes.trustKey, seconds: TRUSTED_SOURCE_SECONDS } });
      if (lockNow) {
        await auditAs('failure', 'locked');
        throw lockedError(lockNow);
      }
      if (outcome.kind === 'new-password') {
        // Cognito keeps a temporary password for its own 30 days; the company's validity is shorter.
        const now = clock.now();
        if (employee.temporaryPasswordExpiresAt && new Date(employee.temporaryPasswordExpiresAt) <= now) {
          await auditAs('failure', 'temporary-password-expired');
          throw unauthorized('TEMPORARY_PASSWORD_EXPIRED', {
            ja: '仮パスワードの有効期限が切れています。管理者にパスワードの再発行を依頼してください。',
            en: 'The temporary password has expired. Ask your administrator to reissue it.',
          });
        }
        const handle = randomBytes(32).toString('base64url');
        await challenges.put(
          digestOf(handle),
          { companyId: employee.companyId, accountId: employee.id, loginId: employee.loginId, providerSession: outcome.session },
          new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
        );
        await auditAs('success', 'new-password-required');
        return { result: 'new-password-required', session: handle };
      }
      await recordSignIn(employee, entry(employee.companyId, employee.loginId, 'success', undefined, origin, employee.id));
      return { result: 'signed-in', ...outcome.tokens, account: await accountOf(employee) };
    },

    async completeNewPassword(input: { session: string; newPassword: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const digest = digestOf(input.session);
      const challenge = await challenges.get(digest, clock.now());
      if (!challenge) throw SESSION_EXPIRED;
      const problem = passwordProblem(input.newPassword, challenge.loginId);
      if (problem) throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES[problem], { field: 'newPassword', problem });
      if (!(await challenges.take(digest))) throw SESSION_EXPIRED;
      const employee = await directory.employee(challenge.companyId, challenge.accountId);
      if (!employee || employee.deleted || !employee.enabled) throw SESSION_EXPIRED;
      let outcome: AuthOutcome;
      try {
        outcome = await identity.respondNewPassword(employee.id, challenge.providerSession, input.newPassword);
      } catch (e) {
        if (e instanceof PasswordRejected) {
          throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES['too-short'], { field: 'newPassword' });
        }
        throw e;
      }
      if (outcome.kind !== 'tokens') {
        await audit.write(entry(employee.companyId, employee.loginId, 'failure', 'challenge-rejected', origin, employee.id, 'auth.new-password'));
        throw SESSION_EXPIRED;
      }
      await recordSignIn(employee, entry(employee.companyId, employee.loginId, 'success', undefined, origin, employee.id, 'auth.new-password'));
      const from: IssuanceState = { password: employee.passwordStatus ?? 'unissued', verification: employee.verificationStatus ?? 'none' };
      const moved = transition(from, { type: 'first-sign-in' });
      if (moved.ok && (moved.next.password !== from.password || moved.next.verification !== from.verification)) {
        await firstSignIn.record(employee.companyId, employee.id, from, moved.next);
      }
      return { result: 'signed-in', ...outcome.tokens, account: await accountOf(employee) };
    },

    async refresh(input: { accountId: string; refreshToken: string }): Promise<SignInResult> {
      const refreshed = await identity.refresh(input.accountId, input.refreshToken);
      if (!refreshed) throw unauthorized('SESSION_EXPIRED', { ja: 'ログインの有効期限が切れました。もう一度ログインしてください。', en: 'Your session has expired. Sign in again.' });
      const employee = await directory.employee(refreshed.companyId, input.accountId);
      if (!employee || employee.deleted || !employee.enabled) {
        await identity.revoke(input.refreshToken);
        throw INVALID_CREDENTIALS;
      }
      return { result: 'signed-in', ...refreshed.tokens, account: await accountOf(employee) };
    },

    /**
     * Revokes the refresh token and, when the account is named, ends its ID tokens too: every ID
     * token issued up to this second is refused from now on (the account's other sessions get a
     * fresh one by refresh). The token is first checked to belong to the account, so nobody can
     * sign someone else out.
     */
    async logout(input: { refreshToken: string; accountId?: string }): Promise<void> {
      const proof = input.accountId ? await identity.refresh(input.accountId, input.refreshToken) : undefined;
      await identity.revoke(input.refreshToken);
      if (!proof || !input.accountId) return;
      await signInRecords.recordSignOut(proof.companyId, input.accountId, proof.issuedAt);
      // Tokens carry whole seconds: a sign-in that starts after this answer must not share the
      // second just revoked. The provider's clock, not the service's (tests may move that one).
      const wait = (proof.issuedAt + 1) * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, Math.min(wait, 1000)));
    },

    /**
     * マイページ: a signed-in account changes its password. The current one is checked like a
     * sign-in (a wrong one counts towards the lock), the new one against the policy.
     */
    async changePassword(who: { companyId: string; accountId: string; sourceIp?: string }, input: { currentPassword: string; newPassword: string }): Promise<void> {
      const employee = await directory.employee(who.companyId, who.accountId);
      if (!employee || employee.deleted || !employee.enabled) throw INVALID_CREDENTIALS;
      const problem = passwordProblem(input.newPassword, employee.loginId);
      if (problem) throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES[problem], { field: 'newPassword', problem });
      const company = await directory.company(employee.companyId);
      const lockScopes = signInScopes(company?.code ?? '', employee.loginId, who.sourceIp);
      const lock = await guard.lockBefore(lockScopes.scopes);
      const origin = { sourceIp: who.sourceIp };
      if (lock) {
        const [after] = await Promise.all([
          guard.fail(lockScopes.scopes),
          audit.write(entry(employee.companyId, employee.loginId, 'failure', 'locked', origin, employee.id, 'account.password.change')),
        ]);
        throw lockedError(after ?? lock);
      }
      const outcome = await identity.passwordAuth(employee.id, input.currentPassword);
      if (outcome.kind === 'rejected') {
        const [after] = await Promise.all([
          guard.fail(lockScopes.scopes),
          audit.write(entry(employee.companyId, employee.loginId, 'failure', 'bad-password', origin, employee.id, 'account.password.change')),
        ]);
        if (after) throw lockedError(after);
        throw unauthorized('INVALID_CURRENT_PASSWORD', { ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' });
      }
      const lockNow = await guard.succeed(lockScopes.scopes);
      if (lockNow) throw lockedError(lockNow);
      await identity.setPassword(employee.id, employee.companyId, input.newPassword);
      await audit.write(entry(employee.companyId, employee.loginId, 'success', undefined, origin, employee.id, 'account.password.change'));
    },

    /** The account behind verified token claims; undefined when it may no longer act. */
    async account(companyId: string, accountId: string): Promise<(Account & { lastSignInAt: string | null; previousSignInAt: string | null }) | undefined> {
      const employee = await directory.employee(companyId, accountId);
      if (!employee || employee.deleted || !employee.enabled) return undefined;
      const record = await signInRecords.get(companyId, accountId);
      return { ...(await accountOf(employee)), lastSignInAt: record.lastSignInAt ?? null, previousSignInAt: record.previousSignInAt ?? null };
    },

  };
}

export type AuthService = ReturnType<typeof createAuthService>;
