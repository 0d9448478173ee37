import { randomBytes } from 'node:crypto';
import type { AuditEntry, RequestOrigin } from '../audit/audit-entry.js';
import type { AuditReason } from '../audit/actions.js';
import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '../auth/password-policy.js';
import { companySignInUrl, type Company } from '../companies/company.js';
import { fullName, type Employee } from '../employees/employee.js';
import type { FailureGuard } from '../guard/failure-guard.js';
import type { Mailer } from '../mail/mailer.js';
import { renderAddressConfirmation, renderRegistrationComplete, REGISTRATION_SUBJECTS } from '../mail/messages.js';
import { isWellFormedToken, newLinkToken, tokenDigest } from '../mail/token.js';
import { badRequest, DomainError } from '../shared/errors.js';
import type { Clock, Ids } from '../shared/ports.js';
import type { RandomBytes } from '../shared/uniform-random.js';
import { decoySecretHash, verifySecretHash } from '../shared/slow-hash.js';
import { registrationScope, typedCode, unknownCompanyRef } from './lock.js';
import { typedDigits } from './password.js';
import { accountIssued, REGISTRATION_LINK_HOURS, type RegistrationStatus } from './status.js';

/** An employee's registration password as stored: the hash, its batch, its expiry, the newest link. */
export interface RegistrationPasswordRecord {
  hash: string;
  jobId: string;
  expiresAt: string;
  linkDigest?: string;
  usedAt?: string;
}

/** A pending registration: the private address waits here (never on the employee) until it is verified. */
export interface RegistrationLink {
  digest: string;
  companyId: string;
  employeeId: string;
  /** The registration password's batch the link was made for: a reissue kills the link. */
  jobId: string;
  address: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** Port: what the public pages read. Unknown keys and codes cost the same reads as known ones. */
export interface RegistrationDirectory {
  companyByKey(companyKey: string): Promise<Company | undefined>;
  company(companyId: string): Promise<Company | undefined>;
  employeeByCode(companyId: string | undefined, employeeCode: string): Promise<Employee | undefined>;
  employee(companyId: string, employeeId: string): Promise<Employee | undefined>;
  password(companyId: string | undefined, employeeId: string | undefined): Promise<RegistrationPasswordRecord | undefined>;
  link(digest: string): Promise<RegistrationLink | undefined>;
}

/** The writes of a registration. */
export interface RegistrationStore {
  /** Stores the link and makes it the employee's newest, while the password is still `jobId`'s and unused. */
  startLink(link: RegistrationLink, audit: AuditEntry): Promise<boolean>;
  /**
   * Completes a registration at once: link and password used, 発行済 / 済, 使用済, 私用メールアドレス 有,
   * the verified address stored for its owner, counters and audit. False when anything moved meanwhile.
   */
  complete(change: RegistrationCompletion): Promise<boolean>;
  /** Marks the employee's password ロック中 in the list, with the audit entry that records the lock. */
  markLocked(companyId: string, employeeId: string, audit: AuditEntry): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

export interface RegistrationCompletion {
  link: RegistrationLink;
  from: { password: Employee['passwordStatus'] & string; verification: Employee['verificationStatus'] & string; registration: RegistrationStatus };
  at: string;
  audit: AuditEntry;
}

/** Port: the Cognito account, created (or its password replaced) with a permanent password. */
export interface RegistrationIdentity {
  setPermanentPassword(accountId: string, companyId: string, password: string): Promise<void>;
}

/** The slow hash, replaceable in tests. */
export interface RegistrationHashes {
  verify(password: string, hash: string): Promise<boolean>;
  decoy(): Promise<string>;
}

export interface RegistrationInput {
  employeeCode: string;
  /** 8 digits, yyyymmdd. */
  birthDate: string;
  password: string;
  email: string;
}

export interface RegistrationServiceDeps {
  directory: RegistrationDirectory;
  store: RegistrationStore;
  guard: FailureGuard;
  identity: RegistrationIdentity;
  mailer: Mailer;
  publicBaseUrl: string;
  clock: Clock;
  ids: Ids;
  hashes?: RegistrationHashes;
  random?: RandomBytes;
}

/** The one answer of the form for every mismatch: it never says which field was wrong. */
export const REGISTRATION_INVALID = () =>
  badRequest('REGISTRATION_INVALID', {
    ja: '入力内容に誤りがあるか、このURLまたは登録用パスワードは使えません。入力内容を確かめて、もう一度お試しください。解決しない場合は会社のご担当者様にお問い合わせください。',
    en: 'Something entered is wrong, or this URL or registration password cannot be used. Check what you entered and try again; if it still fails, ask the person in charge at your company.',
  });

export const REGISTRATION_LOCKED = () =>
  new DomainError(423, 'REGISTRATION_LOCKED', {
    ja: '続けて誤った入力があったため、この社員コードの登録用パスワードはロックされています。会社のご担当者様に登録用パスワードの再発行を依頼してください。',
    en: 'After repeated wrong entries, the registration password of this employee code is locked. Ask the person in charge at your company to issue a new one.',
  });

/** Every link that cannot be used: expired, used, superseded, reissued or unknown. */
export const REGISTRATION_LINK_INVALID = () =>
  new DomainError(410, 'LINK_INVALID', {
    ja: 'このURLは有効期限が切れているか、すでに使用されています。お手数ですが、はじめから登録をやり直してください。',
    en: 'This link has expired or has already been used. Please start the registration again.',
  });

const MAIL_FAILED = () =>
  new DomainError(503, 'MAIL_NOT_SENT', {
    ja: '確認メールを送信できませんでした。時間をおいてもう一度お試しください。',
    en: 'The confirmation mail could not be sent. Try again later.',
  });

const ACCOUNT_NOT_READY = () =>
  new DomainError(503, 'TRY_AGAIN', {
    ja: 'アカウントを作成できませんでした。このページのまま、時間をおいてもう一度「変更する」を押してください。',
    en: 'The account could not be created. Stay on this page and press the button again in a little while.',
  });

export const registrationUrl = (publicBaseUrl: string, companyKey: string) => `${publicBaseUrl.replace(/\/+$/, '')}/register/${companyKey}`;
export const registrationLinkUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl.replace(/\/+$/, '')}/register/link/${token}`;

/** yyyymmdd → YYYY-MM-DD, as birth dates are stored; undefined for anything else. */
const birthDateOf = (typed: string): string | undefined => {
  const digits = typedDigits(typed);
  return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : undefined;
};

export interface LinkPage {
  companyName: string;
  companyCode: string;
  employeeName: string;
  loginId: string;
}

const SCRYPT: RegistrationHashes = { verify: verifySecretHash, decoy: decoySecretHash };

/**
 * The employee's side of self-registration: the QR page's form, then the mailed link's page that
 * sets the first password. Public: a company URL key and a link token are the only credentials.
 */
export function createRegistrationService({ directory, store, guard, identity, mailer, publicBaseUrl, clock, ids, hashes = SCRYPT, random = randomBytes }: RegistrationServiceDeps) {
  function entry(companyId: string, action: AuditEntry['action'], result: AuditEntry['result'], employee: Employee | undefined, typed: string, origin: RequestOrigin, reason?: AuditReason): AuditEntry {
    return {
      id: ids.next(), companyId, at: clock.now().toISOString(), actor: employee?.loginId ?? typed, actorAccountId: employee?.id, action, target: employee?.employeeCode ?? typed, result,
      ...(reason ? { reason } : {}), sourceIp: origin.sourceIp,
    };
  }

  /** A failure of an employee's scope; the one that locks is recorded as a lock (with no address). */
  async function failed(scope: ReturnType<typeof registrationScope>, company: Company | undefined, employee: Employee | undefined, typed: string, reason: AuditReason, origin: RequestOrigin, action: AuditEntry['action']) {
    const [lock] = await Promise.all([guard.fail([scope]), company ? store.audit(entry(company.id, action, 'failure', employee, typed, origin, reason)) : Promise.resolve()]);
    if (lock && company && employee && !employee.registrationLocked) {
      await store.markLocked(company.id, employee.id, entry(company.id, 'registration.locked', 'failure', employee, typed, origin, 'ten-failures'));
    }
    return lock;
  }

  /** The usable link behind a token, with its employee and password record; LINK_INVALID otherwise. */
  async function usableLink(token: string) {
    if (!isWellFormedToken(token)) throw REGISTRATION_LINK_INVALID();
    const link = await directory.link(tokenDigest(token));
    if (!link || link.usedAt || Date.parse(link.expiresAt) <= clock.now().getTime()) throw REGISTRATION_LINK_INVALID();
    const [employee, record, company] = await Promise.all([directory.employee(link.companyId, link.employeeId), directory.password(link.companyId, link.employeeId), directory.company(link.companyId)]);
    const usable =
      employee && !employee.deleted && employee.enabled && record && company &&
      record.jobId === link.jobId && record.linkDigest === link.digest && !record.usedAt && Date.parse(record.expiresAt) > clock.now().getTime() &&
      employee.registrationStatus === 'issued' && !employee.privateEmailRegistered &&
      !accountIssued(employee.passwordStatus ?? 'unissued', employee.verificationStatus ?? 'none');
    if (!usable) throw REGISTRATION_LINK_INVALID();
    return { link, employee: employee!, record: record!, company: company! };
  }

  return {
    /**
     * The QR page's form. An unknown URL, employee code, birth date, a wrong, used or expired
     * password all answer REGISTRATION_INVALID after the same reads and one scrypt check.
     */
    async submit(companyKey: string, input: RegistrationInput, origin: RequestOrigin): Promise<{ expiresAt: string }> {
      const code = typedCode(input.employeeCode);
      const company = await directory.companyByKey(companyKey);
      const scope = registrationScope(company?.id ?? unknownCompanyRef(companyKey), code);
      const [lock, found] = await Promise.all([guard.lockBefore([scope]), directory.employeeByCode(company?.id, code)]);
      const employee = found && !found.deleted ? found : undefined;
      const record = await directory.password(company?.id, employee?.id);
      if (lock) {
        await failed(scope, company, employee, code, 'locked', origin, 'registration.submit');
        throw REGISTRATION_LOCKED();
      }
      const matches = await hashes.verify(typedDigits(input.password), record?.hash ?? (await hashes.decoy()));
      const now = clock.now();
      const reason = !company
        ? 'unknown-url'
        : !employee
          ? 'unknown-employee'
          : !employee.enabled
            ? 'disabled'
            : employee.registrationStatus !== 'issued' || !record || record.usedAt
              ? 'no-password'
              : Date.parse(record.expiresAt) <= now.getTime()
                ? 'expired'
                : accountIssued(employee.passwordStatus ?? 'unissued', employee.verificationStatus ?? 'none') || employee.privateEmailRegistered
                  ? 'already-registered'
                  : birthDateOf(input.birthDate) !== employee.birthDate
                    ? 'bad-birth-date'
                    : !matches
                      ? 'bad-password'
                      : undefined;
      if (reason) {
        const locked = await failed(scope, company, employee, code, reason, origin, 'registration.submit');
        throw locked ? REGISTRATION_LOCKED() : REGISTRATION_INVALID();
      }
      // Correct: a lock set while the hash was being checked still wins.
      if (await guard.succeed([scope])) throw REGISTRATION_LOCKED();
      const { token, digest } = newLinkToken(random);
      const expiresAt = new Date(now.getTime() + REGISTRATION_LINK_HOURS * 3600_000).toISOString();
      const link: RegistrationLink = {
        digest, companyId: company!.id, employeeId: employee!.id, jobId: record!.jobId, address: input.email.trim(), createdAt: now.toISOString(), expiresAt,
      };
      if (!(await store.startLink(link, entry(company!.id, 'registration.submit', 'success', employee, code, origin)))) throw REGISTRATION_INVALID();
      const content = renderAddressConfirmation({ companyName: company!.name, employeeName: fullName(employee!), link: registrationLinkUrl(publicBaseUrl, token), expiresAt });
      const [outcome] = await mailer.send(REGISTRATION_SUBJECTS.confirm, [
        { to: link.address, text: content.text, html: content.html, tags: { companyId: company!.id, employeeId: employee!.id, mailId: ids.next() } },
      ]);
      if (outcome?.status !== 'sent') throw MAIL_FAILED();
      return { expiresAt };
    },

    /** The link's page: whose registration it is. Reads only: a mail scanner opening it uses nothing up. */
    async peek(token: string): Promise<LinkPage> {
      const { employee, company } = await usableLink(token);
      return { companyName: company.name, companyCode: company.code, employeeName: fullName(employee), loginId: employee.loginId };
    },

    /**
     * 「変更する」: the registration password again (元のパスワード) and the first password. The
     * account is made before anything is marked used, so a failure of Cognito leaves the link as
     * it was; running it again sets the same password and completes (the retry is idempotent).
     */
    async complete(token: string, input: { originalPassword: string; newPassword: string }, origin: RequestOrigin) {
      const { link, employee, record, company } = await usableLink(token);
      const problem = passwordProblem(input.newPassword, employee.loginId);
      if (problem) throw badRequest('PASSWORD_POLICY', PASSWORD_PROBLEM_MESSAGES[problem], { field: 'newPassword', problem });
      const scope = registrationScope(company.id, employee.employeeCode);
      if (await guard.lockBefore([scope])) {
        await failed(scope, company, employee, employee.employeeCode, 'locked', origin, 'registration.complete');
        throw REGISTRATION_LOCKED();
      }
      if (!(await hashes.verify(typedDigits(input.originalPassword), record.hash))) {
        const locked = await failed(scope, company, employee, employee.employeeCode, 'bad-password', origin, 'registration.complete');
        if (locked) throw REGISTRATION_LOCKED();
        throw badRequest('ORIGINAL_PASSWORD_INVALID', {
          ja: '元のパスワード（私用メールアドレス登録用パスワード）が正しくありません。',
          en: 'The original password (the registration password) is incorrect.',
        }, { field: 'originalPassword' });
      }
      if (await guard.succeed([scope])) throw REGISTRATION_LOCKED();
      try {
        await identity.setPermanentPassword(employee.id, company.id, input.newPassword);
      } catch {
        throw ACCOUNT_NOT_READY();
      }
      const at = clock.now().toISOString();
      const done = await store.complete({
        link,
        from: { password: employee.passwordStatus ?? 'unissued', verification: employee.verificationStatus ?? 'none', registration: 'issued' },
        at,
        audit: entry(company.id, 'registration.complete', 'success', employee, employee.employeeCode, origin),
      });
      if (!done) throw REGISTRATION_LINK_INVALID();
      const signInUrl = companySignInUrl(publicBaseUrl, company.code);
      const content = renderRegistrationComplete({ companyName: company.name, companyCode: company.code, employeeName: fullName(employee), loginId: employee.loginId, signInUrl });
      // The account exists: a lost completion mail changes nothing (the page says the same).
      await mailer
        .send(REGISTRATION_SUBJECTS.complete, [{ to: link.address, text: content.text, html: content.html, tags: { companyId: company.id, employeeId: employee.id, mailId: ids.next() } }])
        .catch(() => undefined);
      return { companyName: company.name, companyCode: company.code, employeeName: fullName(employee), loginId: employee.loginId, signInUrl };
    },
  };
}

