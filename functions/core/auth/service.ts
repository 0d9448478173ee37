import { createHash, randomBytes } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import { badRequest, DomainError, unauthorized } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { FailureGuard } from '../guard/failure-guard.js';
import type { Lock } from '../guard/failure-lock.js';
import { signInScopes, TRUSTED_SOURCE_SECONDS } from './sign-in-lock.js';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from './password-policy.js';
import { transition, type IssuanceState } from '../issuance/status.js';
import { SUPPORT_TENANT, type Actor, type ActorRole } from '../access/actor.js';
import type { AuditAction } from '../audit/audit-entry.js';
import type { MfaOwner } from '../mfa/mfa-lock.js';
import { MFA_SESSION_EXPIRED, mfaLockedError, type CheckContext, type SecondFactorProof } from '../mfa/service.js';
import { keyOfHandle, open, SealedSecretRejected, seal } from '../mfa/secret-box.js';
import type { SupportAccount } from '../support/support-account.js';

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
  supportByLoginId(loginId: string): Promise<SupportAccount | undefined>;
  supportAccount(id: string): Promise<SupportAccount | undefined>;
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
  /**
   * `new-password`: the provider's challenge; `mfa`: the password passed, the second factor is due;
   * `client`: the PC logon client passed a factor of its group, the next one is due.
   */
  kind: 'new-password' | 'mfa' | 'client';
  /** The company, or SUPPORT_TENANT for a support operator. */
  companyId: string;
  accountId: string;
  loginId: string;
  /** new-password: the provider's session. */
  providerSession?: string;
  /** mfa: the tokens the password earned, sealed under a key only the handle makes. */
  sealedTokens?: string;
  /** client: the device that asked, and the factors already passed (in order). */
  deviceId?: string;
  factorsPassed?: Array<'password' | 'otp'>;
}

/** Port: sign-in steps after the password, keyed by a digest of the handle the browser holds. */
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
  role: ActorRole;
  displayName: string;
}

export type SignInResult =
  | ({ result: 'signed-in'; account: Account } & Tokens)
  | { result: 'new-password-required'; session: string }
  | { result: 'mfa-required'; session: string };

/** Port: the second factor as sign-in needs it (the MFA service). */
export interface SecondFactor {
  isActive(owner: MfaOwner): Promise<boolean>;
  lockOf(owner: MfaOwner): Promise<Lock | undefined>;
  /** Throws the answer the user sees (wrong code, locked); counts and audits every attempt. */
  check(owner: MfaOwner, proof: SecondFactorProof, context: CheckContext): Promise<unknown>;
}

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
  secondFactor: SecondFactor;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
}

const CHALLENGE_MINUTES = 10;
/** Between the password and the second factor (issue 10): short, single use. */
const MFA_CHALLENGE_MINUTES = 5;
/** The sign-in lock's "company code" of support operators (they type none). */
const SUPPORT_CODE = '~support';
/** Looked up when a company code is unknown, so both paths read the same number of items. */
const DECOY_COMPANY_ID = '~decoy';

const INVALID_CREDENTIALS = unauthorized('INVALID_CREDENTIALS', {
  ja: '会社コード、ログインID、またはパスワードが正しくありません。',
  en: 'The company code, login ID or password is incorrect.',
});

/** マイページ's password change: 401, as the site has long read it (it retries the session only on other 401s). */
const WRONG_CURRENT_PASSWORD = unauthorized('INVALID_CURRENT_PASSWORD', { ja: '現在のパスワードが正しくありません。', en: 'The current password is incorrect.' });
/** A change confirmed with the password: 400 naming the field, the session is fine. */
const WRONG_PASSWORD_CONFIRMATION = badRequest('INVALID_CURRENT_PASSWORD', { ja: 'パスワードが正しくありません。', en: 'The password is incorrect.' }, {
  issues: [{ field: 'password', code: 'INVALID_CURRENT_PASSWORD', messages: { ja: 'パスワードが正しくありません。', en: 'The password is incorrect.' } }],
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

/** Who signs in: an employee of a company (any role) or a support operator. */
interface Principal {
  owner: MfaOwner;
  /** The company whose log records the attempt (SUPPORT_TENANT for support). */
  companyId: string;
  accountId: string;
  loginId: string;
  enabled: boolean;
  employee?: Employee;
  support?: SupportAccount;
}

const principalOfEmployee = (e: Employee): Principal => ({
  owner: { kind: 'employee', companyId: e.companyId, accountId: e.id },
  companyId: e.companyId,
  accountId: e.id,
  loginId: e.loginId,
  enabled: e.enabled && !e.deleted,
  employee: e,
});

const principalOfSupport = (s: SupportAccount): Principal => ({
  owner: { kind: 'support', accountId: s.id },
  companyId: SUPPORT_TENANT,
  accountId: s.id,
  loginId: s.loginId,
  enabled: s.enabled,
  support: s,
});

/**
 * Sign-in, first-sign-in password, refresh and sign-out, with an audit entry per attempt. Every
 * attempt does the same work whether or not the company and login ID exist: the same reads, one
 * identity-provider password check (a decoy user for unknown accounts), the same counting.
 */
export function createAuthService({ directory, signInRecords, guard, challenges, identity, secondFactor, audit, clock, ids, firstSignIn }: AuthServiceDeps) {
  function entry(companyId: string, actor: string, result: AuditEntry['result'], reason: AuditEntry['reason'], origin: { sourceIp?: string }, accountId?: string, action: AuditAction = 'auth.login'): AuditEntry {
    return { id: ids.next(), companyId, at: clock.now().toISOString(), actor, actorAccountId: accountId, action, result, reason, sourceIp: origin.sourceIp };
  }

  const decoyPasswordCheck = (password: string) => identity.passwordAuth(`unknown-${randomBytes(8).toString('hex')}`, password);

  async function accountOf(principal: Principal): Promise<Account> {
    if (principal.support) {
      const s = principal.support;
      return { accountId: s.id, companyId: SUPPORT_TENANT, companyCode: '', companyName: '', loginId: s.loginId, role: 'support', displayName: s.displayName };
    }
    const employee = principal.employee!;
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

  async function principalOf(companyId: string, accountId: string): Promise<Principal | undefined> {
    if (companyId === SUPPORT_TENANT) {
      const s = await directory.supportAccount(accountId);
      return s ? principalOfSupport(s) : undefined;
    }
    const e = await directory.employee(companyId, accountId);
    return e ? principalOfEmployee(e) : undefined;
  }

  async function signedIn(principal: Principal, tokens: Tokens, auditEntry: AuditEntry): Promise<SignInResult> {
    await Promise.all([signInRecords.recordSignIn(principal.companyId, principal.accountId, clock.now().toISOString()), audit.write(auditEntry)]);
    return { result: 'signed-in', ...tokens, account: await accountOf(principal) };
  }

  /**
   * The password (and any new password) passed. With a second factor on, the tokens stay here,
   * sealed under the handle the browser gets, until a code is confirmed; a hard-locked factor
   * ends the attempt at once (the tokens are revoked, never handed out).
   */
  async function afterPassword(principal: Principal, tokens: Tokens, origin: { sourceIp?: string }, action: AuditAction): Promise<SignInResult> {
    if (!(await secondFactor.isActive(principal.owner))) {
      return signedIn(principal, tokens, entry(principal.companyId, principal.loginId, 'success', undefined, origin, principal.accountId, action));
    }
    const lock = await secondFactor.lockOf(principal.owner);
    if (lock?.kind === 'hard') {
      await Promise.all([
        tokens.refreshToken ? identity.revoke(tokens.refreshToken) : Promise.resolve(),
        audit.write(entry(principal.companyId, principal.loginId, 'failure', 'mfa-locked', origin, principal.accountId, action)),
      ]);
      throw mfaLockedError(lock);
    }
    const handle = randomBytes(32).toString('base64url');
    const sealedTokens = seal(keyOfHandle(handle), Buffer.from(JSON.stringify(tokens), 'utf8'), `kagi-sign-in\n${principal.companyId}\n${principal.accountId}`);
    await challenges.put(
      digestOf(handle),
      { kind: 'mfa', companyId: principal.companyId, accountId: principal.accountId, loginId: principal.loginId, sealedTokens },
      new Date(clock.now().getTime() + MFA_CHALLENGE_MINUTES * 60_000),
    );
    await audit.write(entry(principal.companyId, principal.loginId, 'success', 'mfa-required', origin, principal.accountId, action));
    return { result: 'mfa-required', session: handle };
  }

  /**
   * The password check of a sign-in, shared by the web sign-in and the PC logon client: the same
   * lock keys (company code + login ID as typed, at the address and everywhere), one identity-
   * provider check (a decoy user for an unknown or disabled account), the same counting. Throws
   * the lock or INVALID_CREDENTIALS; a failure is audited as `action` with `detail`.
   */
  async function checkPassword(
    lockCode: string,
    loginId: string,
    password: string,
    origin: { sourceIp?: string },
    find: () => Promise<{ auditCompanyId?: string; principal?: Principal }>,
    action: AuditAction = 'auth.login',
    detail?: AuditEntry['detail'],
  ): Promise<{ principal: Principal; outcome: Exclude<AuthOutcome, { kind: 'rejected' }>; auditAs: (result: AuditEntry['result'], reason?: AuditEntry['reason']) => Promise<void> }> {
    const lockScopes = signInScopes(lockCode, loginId, origin.sourceIp);
    const [lock, found] = await Promise.all([guard.lockBefore(lockScopes.scopes), find()]);
    const principal = found.principal;
    const auditAs = (result: AuditEntry['result'], reason?: AuditEntry['reason']): Promise<void> =>
      found.auditCompanyId ? audit.write({ ...entry(found.auditCompanyId, principal?.loginId ?? loginId, result, reason, origin, principal?.accountId, action), ...(detail ? { detail } : {}) }) : Promise.resolve();

    // Locked: the password is not checked, so the answer is the same whether or not it is
    // right; the attempt still counts (every attempt is counted, whatever the contention).
    if (lock) {
      const [after] = await Promise.all([guard.fail(lockScopes.scopes), auditAs('failure', 'locked')]);
      throw lockedError(after ?? lock);
    }
    const outcome = principal?.enabled ? await identity.passwordAuth(principal.accountId, password) : await decoyPasswordCheck(password);
    if (!principal?.enabled || outcome.kind === 'rejected') {
      const reason = !principal ? 'unknown-login-id' : !principal.enabled ? 'disabled' : 'bad-password';
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
    return { principal, outcome, auditAs };
  }

  /**
   * Company code (or the support page's none), login ID and password. Every attempt does the same
   * work whether or not the account exists: the same reads, one password check, the same counting.
   */
  async function passwordStep(
    lockCode: string,
    loginId: string,
    password: string,
    origin: { sourceIp?: string },
    find: () => Promise<{ auditCompanyId?: string; principal?: Principal }>,
  ): Promise<SignInResult> {
    const { principal, outcome, auditAs } = await checkPassword(lockCode, loginId, password, origin, find);
    if (outcome.kind === 'new-password') {
      // Cognito keeps a temporary password for its own 30 days; the company's validity is shorter.
      const now = clock.now();
      const expiresAt = principal.employee?.temporaryPasswordExpiresAt;
      if (expiresAt && new Date(expiresAt) <= now) {
        await auditAs('failure', 'temporary-password-expired');
        throw unauthorized('TEMPORARY_PASSWORD_EXPIRED', {
          ja: '仮パスワードの有効期限が切れています。管理者にパスワードの再発行を依頼してください。',
          en: 'The temporary password has expired. Ask your administrator to reissue it.',
        });
      }
      const handle = randomBytes(32).toString('base64url');
      await challenges.put(
        digestOf(handle),
        { kind: 'new-password', companyId: principal.companyId, accountId: principal.accountId, loginId: principal.loginId, providerSession: outcome.session },
        new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      );
      await auditAs('success', 'new-password-required');
      return { result: 'new-password-required', session: handle };
    }
    return afterPassword(principal, outcome.tokens, origin, 'auth.login');
  }

  /** The account a pending step belongs to, still allowed to sign in. */
  async function challengePrincipal(challenge: PendingChallenge): Promise<Principal | undefined> {
    const principal = await principalOf(challenge.companyId, challenge.accountId);
    return principal?.enabled ? principal : undefined;
  }

  /**
   * The current password of a signed-in account, checked like a sign-in: it counts towards the
   * same lock, and a wrong one answers `wrong`.
   */
  async function checkCurrentPassword(principal: Principal, password: string, origin: { sourceIp?: string }, action: AuditAction, wrong: DomainError): Promise<void> {
    const code = principal.support ? SUPPORT_CODE : ((await directory.company(principal.companyId))?.code ?? '');
    const lockScopes = signInScopes(code, principal.loginId, origin.sourceIp);
    const failure = (reason: AuditEntry['reason']) => audit.write(entry(principal.companyId, principal.loginId, 'failure', reason, origin, principal.accountId, action));
    const lock = await guard.lockBefore(lockScopes.scopes);
    if (lock) {
      const [after] = await Promise.all([guard.fail(lockScopes.scopes), failure('locked')]);
      throw lockedError(after ?? lock);
    }
    const outcome = await identity.passwordAuth(principal.accountId, password);
    if (outcome.kind === 'rejected') {
      const [after] = await Promise.all([guard.fail(lockScopes.scopes), failure('bad-password')]);
      if (after) throw lockedError(after);
      throw wrong;
    }
    // Only the check was wanted: the tokens it earned are given up at once.
    if (outcome.kind === 'tokens' && outcome.tokens.refreshToken) await identity.revoke(outcome.tokens.refreshToken);
    const lockNow = await guard.succeed(lockScopes.scopes);
    if (lockNow) throw lockedError(lockNow);
  }

  async function usablePrincipal(who: Pick<Actor, 'companyId' | 'accountId'>): Promise<Principal> {
    const principal = await principalOf(who.companyId, who.accountId);
    if (!principal?.enabled) throw INVALID_CREDENTIALS;
    return principal;
  }

  return {
    async login(input: { companyCode: string; loginId: string; password: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const loginId = input.loginId.trim();
      return passwordStep(input.companyCode, loginId, input.password, origin, async () => {
        const company = await directory.companyByCode(input.companyCode.trim());
        const found = await directory.employeeByLoginId(company?.id ?? DECOY_COMPANY_ID, loginId);
        const employee = company && found && !found.deleted ? found : undefined;
        return { auditCompanyId: company?.id, principal: employee ? principalOfEmployee(employee) : undefined };
      });
    },

    /**
     * The PC logon client's password factor: the web sign-in's own check and lock (a lock reached
     * here blocks the web sign-in, and the other way round), with no session: tokens the provider
     * gives are revoked at once. Failures are audited as `client.authenticate` with `detail`.
     * Answers the employee, or throws the lock, INVALID_CREDENTIALS or TEMPORARY_PASSWORD.
     */
    async checkClientPassword(company: { id: string; code: string }, input: { loginId: string; password: string }, origin: { sourceIp?: string }, detail: AuditEntry['detail']): Promise<Employee> {
      const loginId = input.loginId.trim();
      const { principal, outcome, auditAs } = await checkPassword(
        company.code,
        loginId,
        input.password,
        origin,
        async () => {
          const found = await directory.employeeByLoginId(company.id, loginId);
          return { auditCompanyId: company.id, principal: found && !found.deleted ? principalOfEmployee(found) : undefined };
        },
        'client.authenticate',
        detail,
      );
      if (outcome.kind === 'new-password') {
        await auditAs('failure', 'new-password-required');
        throw unauthorized('TEMPORARY_PASSWORD', {
          ja: '初回のパスワード設定がまだです。先に Web でログインしてパスワードを設定してください。',
          en: 'Your first password is not set yet. Sign in on the web and set it first.',
        });
      }
      if (outcome.tokens.refreshToken) await identity.revoke(outcome.tokens.refreshToken);
      return principal.employee!;
    },

    /** The support page's sign-in: a login ID and password, then always a second factor. */
    async supportLogin(input: { loginId: string; password: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const loginId = input.loginId.trim();
      return passwordStep(SUPPORT_CODE, loginId, input.password, origin, async () => {
        const found = await directory.supportByLoginId(loginId);
        return { auditCompanyId: SUPPORT_TENANT, principal: found ? principalOfSupport(found) : undefined };
      });
    },

    async completeNewPassword(input: { session: string; newPassword: string }, origin: { sourceIp?: string }): Promise<SignInResult> {
      const digest = digestOf(input.session);
      const challenge = await challenges.get(digest, clock.now());
      if (challenge?.kind !== 'new-password' || !challenge.providerSession) throw SESSION_EXPIRED;
      const problem = passwordProblem(input.newPassword, challenge.loginId);
      if (problem) throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES[problem], { field: 'newPassword', problem });
      if (!(await challenges.take(digest))) throw SESSION_EXPIRED;
      const principal = await challengePrincipal(challenge);
      if (!principal) throw SESSION_EXPIRED;
      let outcome: AuthOutcome;
      try {
        outcome = await identity.respondNewPassword(principal.accountId, challenge.providerSession, input.newPassword);
      } catch (e) {
        if (e instanceof PasswordRejected) {
          throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES['too-short'], { field: 'newPassword' });
        }
        throw e;
      }
      if (outcome.kind !== 'tokens') {
        await audit.write(entry(principal.companyId, principal.loginId, 'failure', 'challenge-rejected', origin, principal.accountId, 'auth.new-password'));
        throw SESSION_EXPIRED;
      }
      const employee = principal.employee;
      if (employee) {
        const from: IssuanceState = { password: employee.passwordStatus ?? 'unissued', verification: employee.verificationStatus ?? 'none' };
        const moved = transition(from, { type: 'first-sign-in' });
        if (moved.ok && (moved.next.password !== from.password || moved.next.verification !== from.verification)) {
          await firstSignIn.record(employee.companyId, employee.id, from, moved.next);
        }
      }
      // The new password is set; a second factor, when on, still comes before the tokens.
      return afterPassword(principal, outcome.tokens, origin, 'auth.new-password');
    },

    /**
     * The second factor of a sign-in: a TOTP code or a backup code for the handle the password
     * step gave. The handle serves wrong codes until the lock stops them, and one success only.
     */
    async completeMfa(input: { session: string } & SecondFactorProof, origin: { sourceIp?: string }): Promise<SignInResult> {
      const digest = digestOf(input.session);
      const challenge = await challenges.get(digest, clock.now());
      if (challenge?.kind !== 'mfa' || !challenge.sealedTokens) throw MFA_SESSION_EXPIRED;
      const principal = await challengePrincipal(challenge);
      if (!principal) throw MFA_SESSION_EXPIRED;
      const proof: SecondFactorProof = 'code' in input ? { code: input.code } : { backupCode: input.backupCode };
      await secondFactor.check(principal.owner, proof, { purpose: 'sign-in', actor: principal.loginId, sourceIp: origin.sourceIp });
      if (!(await challenges.take(digest))) throw MFA_SESSION_EXPIRED;
      let tokens: Tokens;
      try {
        tokens = JSON.parse(Buffer.from(open(keyOfHandle(input.session), challenge.sealedTokens, `kagi-sign-in\n${principal.companyId}\n${principal.accountId}`)).toString('utf8')) as Tokens;
      } catch (e) {
        if (e instanceof SealedSecretRejected) throw MFA_SESSION_EXPIRED;
        throw e;
      }
      // check() wrote the attempt's audit entry.
      await signInRecords.recordSignIn(principal.companyId, principal.accountId, clock.now().toISOString());
      return { result: 'signed-in', ...tokens, account: await accountOf(principal) };
    },

    async refresh(input: { accountId: string; refreshToken: string }): Promise<SignInResult> {
      const refreshed = await identity.refresh(input.accountId, input.refreshToken);
      if (!refreshed) throw unauthorized('SESSION_EXPIRED', { ja: 'ログインの有効期限が切れました。もう一度ログインしてください。', en: 'Your session has expired. Sign in again.' });
      const principal = await principalOf(refreshed.companyId, input.accountId);
      if (!principal?.enabled) {
        await identity.revoke(input.refreshToken);
        throw INVALID_CREDENTIALS;
      }
      return { result: 'signed-in', ...refreshed.tokens, account: await accountOf(principal) };
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
      const principal = await usablePrincipal(who);
      const problem = passwordProblem(input.newPassword, principal.loginId);
      if (problem) throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES[problem], { field: 'newPassword', problem });
      const origin = { sourceIp: who.sourceIp };
      await checkCurrentPassword(principal, input.currentPassword, origin, 'account.password.change', WRONG_CURRENT_PASSWORD);
      await identity.setPassword(principal.accountId, principal.companyId, input.newPassword);
      await audit.write(entry(principal.companyId, principal.loginId, 'success', undefined, origin, principal.accountId, 'account.password.change'));
    },

    /** The password check of a change that asks for it again (turning the second factor off). */
    async confirmPassword(who: Pick<Actor, 'companyId' | 'accountId' | 'sourceIp'>, password: string, action: AuditAction): Promise<void> {
      await checkCurrentPassword(await usablePrincipal(who), password, { sourceIp: who.sourceIp }, action, WRONG_PASSWORD_CONFIRMATION);
    },

    /** The account behind verified token claims; undefined when it may no longer act. */
    async account(companyId: string, accountId: string): Promise<(Account & { lastSignInAt: string | null; previousSignInAt: string | null }) | undefined> {
      const principal = await principalOf(companyId, accountId);
      if (!principal?.enabled) return undefined;
      const record = await signInRecords.get(companyId, accountId);
      return { ...(await accountOf(principal)), lastSignInAt: record.lastSignInAt ?? null, previousSignInAt: record.previousSignInAt ?? null };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
