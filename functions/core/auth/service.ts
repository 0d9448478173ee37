import { createHash, randomBytes } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee, type Role } from '../employees/employee.js';
import { badRequest, DomainError, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import { StoreConflict } from '../shared/store-errors.js';
import { afterFailure, afterSuccess, isLocked, type SignInState } from './lockout.js';
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
  refresh(username: string, refreshToken: string): Promise<{ tokens: Tokens; companyId: string } | undefined>;
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

/** Port: per-account sign-in state, saved together with the attempt's audit entry. */
export interface SignInStateStore {
  get(companyId: string, accountId: string): Promise<{ state: SignInState; version: number }>;
  /** Throws StoreConflict('state') when the version moved on. */
  save(companyId: string, accountId: string, state: SignInState, expectedVersion: number, audit: AuditEntry): Promise<void>;
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
  signInStates: SignInStateStore;
  challenges: ChallengeStore;
  identity: IdentityProvider;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
}

const CHALLENGE_MINUTES = 10;
const STATE_WRITE_ATTEMPTS = 3;

const INVALID_CREDENTIALS = unauthorized('INVALID_CREDENTIALS', {
  ja: '会社コード、ログインID、またはパスワードが正しくありません。',
  en: 'The company code, login ID or password is incorrect.',
});

const SESSION_EXPIRED = unauthorized('SESSION_EXPIRED', {
  ja: 'パスワード設定の有効期限が切れました。もう一度ログインしてください。',
  en: 'The password step has expired. Sign in again.',
});

function lockedError(until: string): DomainError {
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

/** Sign-in, first-sign-in password, refresh and sign-out, with lockout and an audit entry per attempt. */
export function createAuthService({ directory, signInStates, challenges, identity, audit, clock, ids, firstSignIn }: AuthServiceDeps) {
  function entry(companyId: string, actor: string, result: AuditEntry['result'], reason: string | undefined, origin: { sourceIp?: string }, accountId?: string, action: AuditEntry['action'] = 'auth.login'): AuditEntry {
    return { id: ids.next(), companyId, at: clock.now().toISOString(), actor, actorAccountId: accountId, action, result, reason, sourceIp: origin.sourceIp };
  }

  /** Reads, changes and saves the sign-in state, retrying when a concurrent attempt got there first. */
  async function recordAttempt(employee: Employee, change: (s: SignInState) => SignInState, auditEntry: AuditEntry): Promise<SignInState> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await signInStates.get(employee.companyId, employee.id);
      const next = change(state);
      try {
        await signInStates.save(employee.companyId, employee.id, next, version, auditEntry);
        return next;
      } catch (e) {
        if (!(e instanceof StoreConflict) || attempt >= STATE_WRITE_ATTEMPTS) throw e;
      }
    }
  }

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

  return {
    async login(input: { companyCode: string; loginId: string; password: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const company = await directory.companyByCode(input.companyCode.trim());
      const employee = company ? await directory.employeeByLoginId(company.id, input.loginId.trim()) : undefined;
      if (!company || !employee || employee.deleted) {
        // Spend the time a real check takes, so unknown accounts cannot be told apart by timing.
        await identity.passwordAuth(`unknown-${randomBytes(8).toString('hex')}`, input.password);
        if (company) await audit.write(entry(company.id, input.loginId, 'failure', 'unknown-login-id', origin));
        throw INVALID_CREDENTIALS;
      }
      const now = clock.now();
      const { state } = await signInStates.get(company.id, employee.id);
      if (isLocked(state, now)) {
        await audit.write(entry(company.id, employee.loginId, 'failure', 'locked', origin, employee.id));
        throw lockedError(state.lockedUntil!);
      }
      if (!employee.enabled) {
        await identity.passwordAuth(`unknown-${randomBytes(8).toString('hex')}`, input.password);
        await audit.write(entry(company.id, employee.loginId, 'failure', 'disabled', origin, employee.id));
        throw INVALID_CREDENTIALS;
      }
      const outcome = await identity.passwordAuth(employee.id, input.password);
      if (outcome.kind === 'rejected') {
        const next = await recordAttempt(employee, (s) => afterFailure(s, clock.now()), entry(company.id, employee.loginId, 'failure', 'bad-password', origin, employee.id));
        if (isLocked(next, clock.now())) throw lockedError(next.lockedUntil!);
        throw INVALID_CREDENTIALS;
      }
      if (outcome.kind === 'new-password') {
        // Cognito keeps a temporary password for its own 30 days; the company's validity is shorter.
        if (employee.temporaryPasswordExpiresAt && new Date(employee.temporaryPasswordExpiresAt) <= now) {
          await audit.write(entry(company.id, employee.loginId, 'failure', 'temporary-password-expired', origin, employee.id));
          throw unauthorized('TEMPORARY_PASSWORD_EXPIRED', {
            ja: '仮パスワードの有効期限が切れています。管理者にパスワードの再発行を依頼してください。',
            en: 'The temporary password has expired. Ask your administrator to reissue it.',
          });
        }
        const handle = randomBytes(32).toString('base64url');
        await challenges.put(
          digestOf(handle),
          { companyId: company.id, accountId: employee.id, loginId: employee.loginId, providerSession: outcome.session },
          new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
        );
        await audit.write(entry(company.id, employee.loginId, 'success', 'new-password-required', origin, employee.id));
        return { result: 'new-password-required', session: handle };
      }
      await recordAttempt(employee, (s) => afterSuccess(s, clock.now()), entry(company.id, employee.loginId, 'success', undefined, origin, employee.id));
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
      await recordAttempt(employee, (s) => afterSuccess(s, clock.now()), entry(employee.companyId, employee.loginId, 'success', undefined, origin, employee.id, 'auth.new-password'));
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

    async logout(refreshToken: string): Promise<void> {
      await identity.revoke(refreshToken);
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
      const { state } = await signInStates.get(who.companyId, who.accountId);
      if (isLocked(state, clock.now())) throw lockedError(state.lockedUntil!);
      const origin = { sourceIp: who.sourceIp };
      const outcome = await identity.passwordAuth(employee.id, input.currentPassword);
      if (outcome.kind !== 'tokens') {
        const next = await recordAttempt(employee, (s) => afterFailure(s, clock.now()), entry(employee.companyId, employee.loginId, 'failure', 'bad-password', origin, employee.id, 'account.password.change'));
        if (isLocked(next, clock.now())) throw lockedError(next.lockedUntil!);
        throw unauthorized('INVALID_CURRENT_PASSWORD', { ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' });
      }
      await identity.setPassword(employee.id, employee.companyId, input.newPassword);
      await audit.write(entry(employee.companyId, employee.loginId, 'success', undefined, origin, employee.id, 'account.password.change'));
    },

    /** The account behind verified token claims; undefined when it may no longer act. */
    async account(companyId: string, accountId: string): Promise<(Account & { lastSignInAt: string | null; previousSignInAt: string | null }) | undefined> {
      const employee = await directory.employee(companyId, accountId);
      if (!employee || employee.deleted || !employee.enabled) return undefined;
      const { state } = await signInStates.get(companyId, accountId);
      return { ...(await accountOf(employee)), lastSignInAt: state.lastSignInAt ?? null, previousSignInAt: state.previousSignInAt ?? null };
    },

  };
}

export type AuthService = ReturnType<typeof createAuthService>;
