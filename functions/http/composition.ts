import { createAuditService } from '../core/audit/service.js';
import { createAuditExportService } from '../core/audit/export.js';
import { createSavedSearchService } from '../core/audit/saved-searches.js';
import { createAuditCloser, createAuditVerifier } from '../core/audit/seal.js';
import { createSavedSearchStore } from '../adapters/dynamodb/saved-search-store.js';
import { createAuditSealStore, createCloseProgress } from '../adapters/dynamodb/audit-seal-store.js';
import { createAuditDigestFiles } from '../adapters/s3/audit-digests.js';
import { listCompanies } from '../adapters/dynamodb/company-list.js';
import { createAuthService, type AuthService } from '../core/auth/service.js';
import { fullName } from '../core/employees/employee.js';
import { createEmployeeService } from '../core/employees/service.js';
import { systemClock, type Clock } from '../core/shared/ports.js';
import { createUlids } from '../core/shared/ulid.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createAuditCounter } from '../adapters/dynamodb/audit-count.js';
import { createChallengeStore } from '../adapters/dynamodb/challenge-store.js';
import { createEmployeeIdDirectory, createEmployeeStore, staffOf } from '../adapters/dynamodb/employee-store.js';
import { createGroupDirectory } from '../adapters/dynamodb/group-directory.js';
import { createCompanyAdminService } from '../core/companies/company-admin.js';
import { createSignInRecordStore } from '../adapters/dynamodb/sign-in-record-store.js';
import { createFailureCounterStore } from '../adapters/dynamodb/failure-counter-store.js';
import { createThrottleStore } from '../adapters/dynamodb/throttle-store.js';
import { createFailureGuard } from '../core/guard/failure-guard.js';
import { createThrottle } from '../core/guard/throttle.js';
import { publicThrottleFamilies, type PublicFamily } from '../core/guard/public-limits.js';
import { createIdentityProvider, createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { createImportService } from '../core/imports/service.js';
import { createExportService } from '../core/employees/export-service.js';
import { createImportStore } from '../adapters/dynamodb/import-store.js';
import { createImportTarget } from '../adapters/dynamodb/import-target.js';
import { createImportRowsFile } from '../adapters/s3/import-rows-file.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createSettingsService } from '../core/companies/settings.js';
import { createCompanyLookup } from '../core/companies/lookup.js';
import { createSettingsStore } from '../adapters/dynamodb/settings-store.js';
import { createJobService } from '../core/jobs/service.js';
import { createJobRerun } from '../core/jobs/rerun.js';
import { createPdfIssuanceStarter } from '../core/issuance/pdf-issuance.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createFirstSignInRecorder, createIssuanceTargets, createUnissuedEmployees } from '../adapters/dynamodb/issuance-targets.js';
import { createPasscodeIssuanceStarter } from '../core/issuance/passcode-issuance.js';
import { createTimeclockService } from '../core/timeclock/service.js';
import { createPasscodeJobStore, createPasscodeStore, createPasscodeTargets, createTimeclockDirectory } from '../adapters/dynamodb/passcode-store.js';
import type { ActorLoader, RouteThrottle } from '../shared/http-stack.js';
import { createMailIssuanceStarter } from '../core/issuance/mail-issuance.js';
import { createMailHistoryService } from '../core/issuance/mail-history.js';
import { createMailVerification } from '../core/issuance/mail-verification.js';
import { createLinkStore, createMailHistory } from '../adapters/dynamodb/mail-store.js';
import { createVerificationStore } from '../adapters/dynamodb/verification-store.js';
import { createSesMailer } from '../adapters/ses/mailer.js';
import { optionalEnv, requireEnv } from '../shared/env.js';
import { createRegistrationDownloads, createRegistrationUrlService } from '../core/registration/admin.js';
import { createRegistrationCodesStarter } from '../core/registration/issuance.js';
import { createRegistrationService } from '../core/registration/service.js';
import { createPrivateAddressService } from '../core/registration/private-address.js';
import { createPrivateAddressStore } from '../adapters/dynamodb/private-address-store.js';
import {
  createCsvLinks,
  createRegistrationDirectory,
  createRegistrationJobStore,
  createRegistrationKeyStore,
  createRegistrationStore,
} from '../adapters/dynamodb/registration-store.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { SUPPORT_TENANT } from '../core/access/actor.js';
import { DEFAULT_SETTINGS } from '../core/companies/settings.js';
import { mfaRequiredFor, mustSetUpMfa } from '../core/mfa/enforcement.js';
import { createMfaService, type MfaService, type MfaSubjects } from '../core/mfa/service.js';
import { createSupportService } from '../core/support/service.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { createTotpKeySource, totpKeyConfigured } from '../adapters/secrets/totp-key.js';
import { createGroupService } from '../core/groups/service.js';
import { createGroupAssignmentStarter, type MatchingEmployees } from '../core/groups/assignment.js';
import { createAssignmentJobStore, createGroupStore } from '../adapters/dynamodb/group-store.js';

/**
 * The composition root: the one place that wires adapters into services. Handlers take what they
 * need from here at module load, so each function builds its clients once per cold start.
 */
let currentClock: Clock = systemClock;
/** The clock of every service; the local runtime may swap it (tests move time without waiting). */
export const clock: Clock = { now: () => currentClock.now() };
/** Local runtime only. */
export function useClock(next: Clock): void {
  currentClock = next;
}
export const ids = createUlids(clock);

const directory = createAccountDirectory();
const signInRecords = createSignInRecordStore();
const settingsStore = createSettingsStore();
const mfaStore = createMfaStore();

/** An ID token of a signed-out session (issued at or before the sign-out) is refused. */
const signedOut = (record: { signedOutAt?: number }, issuedAt: number | undefined) =>
  record.signedOutAt !== undefined && (issuedAt === undefined || issuedAt <= record.signedOutAt);

/**
 * The account behind verified claims, loaded fresh on every request, with whether it must set up
 * a second factor first: a company that turns enforcement on reaches tokens issued earlier too.
 */
export const loadActor: ActorLoader = async (companyId, accountId, token) => {
  if (companyId === SUPPORT_TENANT) {
    const [support, record, factor] = await Promise.all([directory.supportAccount(accountId), signInRecords.get(companyId, accountId), mfaStore.get({ kind: 'support', accountId })]);
    if (!support?.enabled || signedOut(record, token.issuedAt)) return undefined;
    // Support operators always sign in with a second factor: set up at the first sign-in.
    return { accountId, companyId, loginId: support.loginId, role: 'support', displayName: support.displayName, mfaSetupRequired: factor?.status !== 'active' };
  }
  const [employee, record, settings] = await Promise.all([directory.employee(companyId, accountId), signInRecords.get(companyId, accountId), settingsStore.get(companyId)]);
  if (!employee || employee.deleted || !employee.enabled || employee.companyId !== companyId) return undefined;
  if (signedOut(record, token.issuedAt)) return undefined;
  const enforcement = settings?.mfaEnforcement ?? DEFAULT_SETTINGS.mfaEnforcement;
  return {
    accountId,
    companyId,
    loginId: employee.loginId,
    role: employee.role,
    displayName: fullName(employee),
    mfaSetupRequired: mustSetUpMfa(enforcement, employee.accountKind, employee.mfaStatus ?? 'none'),
  };
};

/** How each owner's authenticator app names it, and whether policy requires it. */
const mfaSubjects: MfaSubjects = {
  async subject(owner) {
    if (owner.kind === 'support') {
      const support = await directory.supportAccount(owner.accountId);
      return support ? { issuer: 'kagi (サポート)', label: support.loginId, required: true } : undefined;
    }
    const [company, employee, settings] = await Promise.all([directory.company(owner.companyId), directory.employee(owner.companyId, owner.accountId), settingsStore.get(owner.companyId)]);
    if (!company || !employee || employee.deleted) return undefined;
    return {
      issuer: `kagi (${company.name})`,
      label: employee.loginId,
      required: mfaRequiredFor(settings?.mfaEnforcement ?? DEFAULT_SETTINGS.mfaEnforcement, employee.accountKind),
      account: { kind: employee.accountKind },
    };
  },
};

/** Handlers that verify or set up codes call this at load: without the TOTP key they must not start. */
export function requireTotpKey(): void {
  if (!totpKeyConfigured()) throw new Error('Missing the TOTP key (KAGI_TOTP_KEY_SECRET_ARN or, locally, KAGI_TOTP_KEY)');
}

let passwordConfirmer: AuthService['confirmPassword'] | undefined;

/** The second factor of every account: setup, checks (through the one failure guard), support's unlock and reset. */
export const mfaService = (): MfaService =>
  createMfaService({
    store: mfaStore,
    guard: failureGuard(),
    keys: createTotpKeySource(),
    subjects: mfaSubjects,
    passwords: (actor, password, action) => (passwordConfirmer ??= authService().confirmPassword)(actor, password, action),
    audit: createAuditStore(),
    clock,
    ids,
  });

export const authService = (): AuthService => {
  const mfa = mfaService();
  return createAuthService({
    directory,
    signInRecords,
    guard: failureGuard(),
    challenges: createChallengeStore(),
    identity: createIdentityProvider(),
    secondFactor: {
      isActive: async (owner) => (await mfaStore.get(owner))?.status === 'active',
      lockOf: mfa.lockOf,
      check: mfa.check,
    },
    audit: createAuditStore(),
    firstSignIn: createFirstSignInRecorder(),
    clock,
    ids,
  });
};

/** The support console: companies and accounts of any company, for support operators only. */
export const supportService = () => {
  const employees = createEmployeeStore();
  return createSupportService({
    directory: {
      companyByCode: (code) => directory.companyByCode(code),
      company: (id) => directory.company(id),
      employee: (companyId, id) => directory.employee(companyId, id),
      employeeByLoginId: (companyId, loginId) => directory.employeeByLoginId(companyId, loginId),
      search: async (companyId, q, limit) => (await employees.list(companyId, { q, limit })).items,
    },
    mfa: mfaService(),
  });
};

/** The one failure counter and lock (sign-in today; second factor and registration passwords next). */
export const failureGuard = () => createFailureGuard({ store: createFailureCounterStore(), clock });

let throttle: ReturnType<typeof createThrottle> | undefined;
/** The throttle of one public route family, for a route's `throttle` option. */
export const publicThrottle = (family: PublicFamily): RouteThrottle => {
  throttle ??= createThrottle({ store: createThrottleStore(), clock, families: publicThrottleFamilies(optionalEnv('throttleLimits')) });
  const bound = throttle;
  return (subject) => bound.check(family, subject);
};

export const companyLookup = () => createCompanyLookup({ directory });

export const employeeService = () => createEmployeeService({ store: createEmployeeStore(), identity: createUserPoolAdmin(), clock, ids });

/** ログ表示: search (admins and viewers); export, saved searches and verify below. */
export const auditService = () => {
  const settings = settingsService();
  const groups = createGroupDirectory();
  return createAuditService({
    reader: createAuditStore(),
    counter: createAuditCounter(),
    accounts: { accountIdByLogin: async (companyId, loginId) => (await directory.employeeByLoginId(companyId, loginId))?.id },
    settings: (companyId) => settings.current(companyId),
    // A member's own history is shown in their group's time zone (issue 12, item 9).
    userZone: async (companyId, accountId) => (await groups.groupOfEmployee(companyId, accountId))?.timeZone,
    clock,
  });
};

export const importService = () =>
  createImportService({
    imports: createImportStore(),
    rowsFile: createImportRowsFile(),
    target: createImportTarget(),
    queue: jobQueue(),
    audit: createAuditStore(),
    clock,
    ids,
  });

export const exportService = () => createExportService({ source: createImportTarget(), audit: createAuditStore(), clock, ids });

export const settingsService = () => createSettingsService({ store: settingsStore, clock, ids });

export const jobService = () => createJobService({ jobs: createJobStore(), audit: createAuditStore(), clock, ids });

export const issuanceStarter = () => createPdfIssuanceStarter({ jobs: createJobStore(), targets: createIssuanceTargets(), directory: createEmployeeIdDirectory(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

export const passcodeIssuanceStarter = () =>
  createPasscodeIssuanceStarter({ jobs: createPasscodeJobStore(), targets: createPasscodeTargets(), directory: createEmployeeIdDirectory(), queue: jobQueue(), clock, ids });

export const timeclockService = () =>
  createTimeclockService({ directory: createTimeclockDirectory(), passcodes: createPasscodeStore(), audit: createAuditStore(), clock, ids });
export const mailIssuanceStarter = () => createMailIssuanceStarter({ jobs: createJobStore(), directory: createEmployeeIdDirectory(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

export const mailHistoryService = () => {
  const settings = settingsService();
  const employees = createEmployeeStore();
  return createMailHistoryService({
    history: createMailHistory(),
    employee: (companyId, id) => employees.get(companyId, id),
    company: (companyId) => directory.company(companyId),
    settings: (companyId) => settings.current(companyId),
    publicBaseUrl: requireEnv('publicBaseUrl'),
    clock,
  });
};

export const mailVerification = () => {
  const settings = settingsService();
  const users = createUserPoolAdmin();
  return createMailVerification({
    links: createLinkStore(),
    store: createVerificationStore(),
    history: createMailHistory(),
    credentials: { setTemporaryPassword: (accountId, companyId, password) => users.setPassword(accountId, companyId, password, false) },
    mailer: createSesMailer(),
    settings: (companyId) => settings.current(companyId),
    publicBaseUrl: requireEnv('publicBaseUrl'),
    clock,
    ids,
  });
};

export const registrationUrls = () => createRegistrationUrlService({ keys: createRegistrationKeyStore(), publicBaseUrl: requireEnv('publicBaseUrl'), clock, ids });

export const registrationCodesStarter = () => createRegistrationCodesStarter({ jobs: createRegistrationJobStore(), directory: createEmployeeIdDirectory(), queue: jobQueue(), clock, ids });

export const registrationDownloads = () =>
  createRegistrationDownloads({ jobs: createRegistrationJobStore(), csvLinks: createCsvLinks(), files: createJobFiles(), audit: createAuditStore(), clock, ids });

export const registrationService = () => {
  const users = createUserPoolAdmin();
  return createRegistrationService({
    directory: createRegistrationDirectory(),
    store: createRegistrationStore(),
    guard: failureGuard(),
    identity: { setPermanentPassword: (accountId, companyId, password) => users.setPassword(accountId, companyId, password, true) },
    mailer: createSesMailer(),
    publicBaseUrl: requireEnv('publicBaseUrl'),
    clock,
    ids,
  });
};

export const auditExportService = () =>
  createAuditExportService({ prepare: auditService().prepare, jobs: createJobStore(), queue: jobQueue(), clock, ids });

export const savedSearchService = () => createSavedSearchService({ store: createSavedSearchStore(), clock, ids });

const auditSeals = () => createAuditSealStore(createAuditDigestFiles());

export const auditVerifier = () => {
  const settings = settingsService();
  return createAuditVerifier({ store: auditSeals(), settings: (companyId) => settings.current(companyId), audit: createAuditStore(), clock, ids });
};

/** The daily close of every company's log (the sweep), within `budgetMs` a run. */
export const auditCloser = (budgetMs: number) =>
  createAuditCloser({ store: auditSeals(), companies: { page: listCompanies }, progress: createCloseProgress(), clock, budgetMs });

/** 未処理の社員で再実行: each kind of bulk job re-runs through its own starter (a kind without one cannot). */
export const jobRerun = () => {
  const pdf = issuanceStarter();
  const passcodes = passcodeIssuanceStarter();
  const mail = mailIssuanceStarter();
  const registration = registrationCodesStarter();
  return createJobRerun({
    jobs: createJobStore(),
    starters: { 'pdf-issuance': pdf.rerun, 'passcode-issuance': passcodes.rerun, 'mail-request': mail.rerun, 'mail-notice': mail.rerun,
      'registration-codes': registration.rerun,
      'group-assignment': groupAssignmentStarter().rerun,
      // An export's rows are slices of the log, not employees: there is no one to run it again for.
      'audit-export': undefined,
    },
  });
};

/** マイページ's private address: the one throttle's `private-email` family limits its mails per account. */
export const privateAddressService = () =>
  createPrivateAddressService({
    store: createPrivateAddressStore(),
    owners: { company: (id) => directory.company(id), employee: (companyId, id) => directory.employee(companyId, id) },
    mailer: createSesMailer(),
    throttle: publicThrottle('private-email'),
    publicBaseUrl: requireEnv('publicBaseUrl'),
    clock,
    ids,
  });

/** グループ設定: the groups, and the bulk job that moves employees into or out of one. */
export const groupService = () => createGroupService({ store: createGroupStore(), clock, ids });
export const groupAssignmentStarter = () => {
  const employees = createEmployeeStore();
  /** Everyone a list filter matches: the list's own query, page after page (its cursor), up to `max`. */
  const matching: MatchingEmployees = async (companyId, filter, max) => {
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await employees.list(companyId, { ...filter, limit: 200, cursor });
      found.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && found.length < max);
    return found.slice(0, max);
  };
  return createGroupAssignmentStarter({ jobs: createAssignmentJobStore(), groups: createGroupStore(), directory: createEmployeeIdDirectory(), matching, queue: jobQueue(), clock, ids });
};
/** 企業情報 and 管理者設定 (read-only), and an admin's 認証情報の削除 where support allowed it (issue 12). */
export const companyAdminService = () => {
  const settings = settingsService();
  return createCompanyAdminService({
    directory: {
      company: (id) => directory.company(id),
      settings: (companyId) => settings.current(companyId),
      staff: staffOf,
      employee: (companyId, id) => directory.employee(companyId, id),
    },
    mfa: mfaService(),
  });
};
