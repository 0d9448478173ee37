import { createHash, randomBytes } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditLog, ChallengeStore } from '../auth/service.js';
import { fullName, type Employee } from '../employees/employee.js';
import { logonRequirement, type Factor, type GroupDirectory, type GroupLanguage } from '../groups/group.js';
import type { FailureGuard } from '../guard/failure-guard.js';
import { mfaScopes, type MfaOwner } from '../mfa/mfa-lock.js';
import type { CheckContext } from '../mfa/service.js';
import { DomainError, forbidden, type Messages } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { Device } from './devices.js';

/**
 * The PC logon client's check at logon and unlock (issue 12, item 3): the employee's group says
 * which factors, in which order (core/groups logonRequirement). The password goes through the web
 * sign-in's own check and lock, the one-time password through the second factor's check and lock:
 * a lock reached here is a lock on the web, and the other way round.
 */

export type ClientEvent = 'logon' | 'unlock';

export type DeniedReason = 'invalid' | 'locked' | 'otp-not-set-up' | 'temporary-password' | 'session-expired';

export type ClientAuthResult =
  | { result: 'allowed'; displayName: string; language: GroupLanguage; timeZone: string }
  | { result: 'next-factor'; factor: Factor; session: string }
  | { result: 'denied'; reason: DeniedReason; message: string };

export interface ClientAuthInput {
  loginId: string;
  event: ClientEvent;
  password?: string;
  otp?: string;
  session?: string;
}

/** Port: the web sign-in's password check (AuthService.checkClientPassword); throws what the user sees. */
export type ClientPasswordCheck = (company: { id: string; code: string }, input: { loginId: string; password: string }, origin: { sourceIp?: string }, detail: AuditEntry['detail']) => Promise<Employee>;

/** Port: the second factor (MfaService.check and the store's state); check throws what the user sees. */
export interface ClientOtp {
  isActive(owner: MfaOwner): Promise<boolean>;
  check(owner: MfaOwner, proof: { code: string }, context: CheckContext): Promise<unknown>;
}

export interface ClientAuthDeps {
  directory: {
    company(id: string): Promise<{ id: string; code: string } | undefined>;
    employee(companyId: string, id: string): Promise<Employee | undefined>;
    employeeByLoginId(companyId: string, loginId: string): Promise<Employee | undefined>;
  };
  groups: GroupDirectory;
  /** The company's default language and time zone (企業情報). */
  companyDefaults(companyId: string): Promise<{ language: GroupLanguage; timeZone: string }>;
  password: ClientPasswordCheck;
  otp: ClientOtp;
  /** Counts OTP attempts at login IDs that name nobody, like the real ones. */
  guard: FailureGuard;
  sessions: ChallengeStore;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
}

/** Between two factors: time to open the authenticator app, single use. */
export const CLIENT_SESSION_MINUTES = 5;

const INVALID: Messages = { ja: 'ログインIDまたは認証情報が正しくありません。', en: 'The login ID or the credentials are incorrect.' };
const SESSION_EXPIRED: Messages = { ja: '認証の有効期限が切れました。もう一度最初からやり直してください。', en: 'The sign-in step has expired. Start again.' };
const OTP_NOT_SET_UP: Messages = {
  ja: 'ワンタイムパスワードが設定されていません。Web の マイページ で 2段階認証（認証アプリ）を設定してから、もう一度ログオンしてください。',
  en: 'No one-time password is set up. Set up two-factor sign-in (an authenticator app) on My page on the web, then log on again.',
};
export const AUTH_NOT_INSTALLED = forbidden({
  ja: 'この端末は「認証機能をインストールしない」で登録されています。イベントの送信だけができます。',
  en: 'This device was enrolled without authentication: it may only send events.',
});

const digestOf = (handle: string) => createHash('sha256').update(handle).digest('hex');
const typed = (value: string) => value.normalize('NFKC').trim().toLowerCase();

/** Which factors are still due, given what passed already and what this call offers. */
export function factorsDue(requirement: ReturnType<typeof logonRequirement>, passed: readonly Factor[], offered: { password: boolean; otp: boolean }): { due: Factor[]; outOfTurn: boolean } {
  if (requirement.kind === 'either') {
    if (passed.length > 0) return { due: [], outOfTurn: false };
    // Either factor alone; offered both, the password is checked (the code is not spent).
    return { due: [offered.password || !offered.otp ? 'password' : 'otp'], outOfTurn: false };
  }
  const due = requirement.factors.filter((f) => !passed.includes(f));
  const given = (f: Factor) => offered[f];
  const extra = (['password', 'otp'] as const).some((f) => given(f) && !due.includes(f));
  // Offered factors must be the next ones in order: an OTP first to a password+OTP group is refused unchecked.
  const firstMissing = due.findIndex((f) => !given(f));
  const skipped = firstMissing >= 0 && due.slice(firstMissing).some(given);
  return { due, outOfTurn: extra || skipped };
}

export function createClientAuthService(deps: ClientAuthDeps) {
  const { directory, groups, password, otp, guard, sessions, audit, clock, ids } = deps;

  return {
    async authenticate(device: Device, input: ClientAuthInput, origin: { sourceIp?: string }): Promise<ClientAuthResult> {
      const companyId = device.companyId;
      const loginId = input.loginId.trim();
      const base = { device: device.hostname, deviceId: device.deviceId, event: input.event };
      const write = (result: AuditEntry['result'], reason: AuditEntry['reason'] | undefined, who: { loginId: string; accountId?: string }, detail: AuditEntry['detail'] = {}) =>
        audit.write({ id: ids.next(), companyId, at: clock.now().toISOString(), actor: who.loginId, actorAccountId: who.accountId, action: 'client.authenticate', result, reason, sourceIp: origin.sourceIp, detail: { ...base, ...detail } });

      if (!device.authentication) {
        await write('failure', 'auth-not-installed', { loginId });
        throw AUTH_NOT_INSTALLED;
      }
      const [company, defaults] = await Promise.all([directory.company(companyId), deps.companyDefaults(companyId)]);
      if (!company) throw AUTH_NOT_INSTALLED;

      let employee: Employee | undefined;
      let passed: Factor[] = [];
      if (input.session) {
        const digest = digestOf(input.session);
        const challenge = await sessions.get(digest, clock.now());
        const fits = challenge?.kind === 'client' && challenge.companyId === companyId && challenge.deviceId === device.deviceId && challenge.loginId === typed(loginId);
        if (!fits || !(await sessions.take(digest))) {
          await write('failure', 'session-expired', { loginId });
          return { result: 'denied', reason: 'session-expired', message: SESSION_EXPIRED[defaults.language] };
        }
        passed = challenge.factorsPassed ?? [];
        if (passed.length > 0) {
          const found = await directory.employee(companyId, challenge.accountId);
          if (!found?.enabled || found.deleted) {
            await write('failure', 'disabled', { loginId, accountId: challenge.accountId });
            return { result: 'denied', reason: 'invalid', message: INVALID[defaults.language] };
          }
          employee = found;
        }
      }
      if (!employee) {
        // A disabled or deleted account is nobody: its factors go down the decoy paths.
        const found = await directory.employeeByLoginId(companyId, loginId);
        employee = found && !found.deleted && found.enabled ? found : undefined;
      }
      const group = employee ? await groups.groupOfEmployee(companyId, employee.id) : undefined;
      // Before a factor has passed, answers are in the company's language whoever the login ID
      // names (an unknown ID answers like a real one); after, in the group's.
      const language = () => (passed.length > 0 && group ? group.language : defaults.language);
      const denied = (reason: DeniedReason, messages: Messages): ClientAuthResult => ({ result: 'denied', reason, message: messages[language()] });
      const deniedBy = (e: unknown): ClientAuthResult => {
        if (!(e instanceof DomainError)) throw e;
        if (e.code === 'ACCOUNT_LOCKED' || e.code === 'MFA_LOCKED') return denied('locked', e.messages);
        if (e.code === 'TEMPORARY_PASSWORD') return denied('temporary-password', e.messages);
        return denied('invalid', INVALID);
      };

      // An unknown login ID is treated as an employee in no group: either factor alone, checked on a decoy.
      const requirement = logonRequirement(group);
      const offered = { password: input.password !== undefined, otp: input.otp !== undefined };
      const { due, outOfTurn } = factorsDue(requirement, passed, offered);
      if (outOfTurn) {
        await write('failure', 'factor-not-allowed', { loginId, accountId: employee?.id }, { group: group?.name ?? '' });
        return denied('invalid', INVALID);
      }

      for (const factor of due) {
        if (!offered[factor]) {
          const session = randomBytes(32).toString('base64url');
          await sessions.put(
            digestOf(session),
            { kind: 'client', companyId, accountId: employee?.id ?? '', loginId: typed(loginId), deviceId: device.deviceId, factorsPassed: passed },
            new Date(clock.now().getTime() + CLIENT_SESSION_MINUTES * 60_000),
          );
          if (passed.length > 0) await write('success', 'next-factor', { loginId: employee!.loginId, accountId: employee!.id }, { factor: passed.join('+') });
          return { result: 'next-factor', factor, session };
        }
        const detail = { ...base, factor };
        if (factor === 'password') {
          try {
            employee = await password(company, { loginId, password: input.password! }, origin, detail);
          } catch (e) {
            return deniedBy(e);
          }
        } else if (!employee) {
          // Nobody has this login ID: count and audit the attempt as a wrong code, like a real one.
          const scopes = mfaScopes({ kind: 'employee', companyId, accountId: `~unknown:${digestOf(typed(loginId)).slice(0, 32)}` });
          const lock = await guard.lockBefore(scopes);
          await Promise.all([guard.fail(scopes), write('failure', lock ? 'locked' : 'unknown-login-id', { loginId }, { factor })]);
          return denied('invalid', INVALID);
        } else {
          const owner: MfaOwner = { kind: 'employee', companyId, accountId: employee.id };
          if (!(await otp.isActive(owner))) {
            await write('failure', 'not-active', { loginId: employee.loginId, accountId: employee.id }, { factor });
            return { result: 'denied', reason: 'otp-not-set-up', message: OTP_NOT_SET_UP[group?.language ?? defaults.language] };
          }
          try {
            await otp.check(owner, { code: input.otp! }, { purpose: 'client', actor: employee.loginId, sourceIp: origin.sourceIp, detail });
          } catch (e) {
            return deniedBy(e);
          }
        }
        passed = [...passed, factor];
      }

      const who = employee!;
      await write('success', undefined, { loginId: who.loginId, accountId: who.id }, { factor: passed.join('+'), ...(group ? { group: group.name } : {}) });
      return { result: 'allowed', displayName: fullName(who), language: group?.language ?? defaults.language, timeZone: group?.timeZone ?? defaults.timeZone };
    },
  };
}

export type ClientAuthService = ReturnType<typeof createClientAuthService>;
