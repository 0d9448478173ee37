import { createAuditService } from '../core/audit/service.js';
import { createAuthService } from '../core/auth/service.js';
import { fullName } from '../core/employees/employee.js';
import { createEmployeeService } from '../core/employees/service.js';
import { systemClock, type Clock } from '../core/shared/ports.js';
import { createUlids } from '../core/shared/ulid.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createChallengeStore } from '../adapters/dynamodb/challenge-store.js';
import { createEmployeeStore } from '../adapters/dynamodb/employee-store.js';
import { createSignInStateStore } from '../adapters/dynamodb/sign-in-state-store.js';
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
import { createPdfIssuanceStarter } from '../core/issuance/pdf-issuance.js';
import { createJobStore } from '../adapters/dynamodb/job-store.js';
import { createFirstSignInRecorder, createIssuanceTargets, createUnissuedEmployees } from '../adapters/dynamodb/issuance-targets.js';
import { createPasscodeIssuanceStarter } from '../core/issuance/passcode-issuance.js';
import { createTimeclockService } from '../core/timeclock/service.js';
import { createPasscodeJobStore, createPasscodeStore, createPasscodeTargets, createTimeclockDirectory } from '../adapters/dynamodb/passcode-store.js';
import type { ActorLoader } from '../shared/http-stack.js';
import { createMailIssuanceStarter } from '../core/issuance/mail-issuance.js';
import { createMailHistoryService } from '../core/issuance/mail-history.js';
import { createMailVerification } from '../core/issuance/mail-verification.js';
import { createLinkStore, createMailHistory } from '../adapters/dynamodb/mail-store.js';
import { createVerificationStore } from '../adapters/dynamodb/verification-store.js';
import { createSesMailer } from '../adapters/ses/mailer.js';
import { requireEnv } from '../shared/env.js';

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

export const loadActor: ActorLoader = async (companyId, accountId) => {
  const employee = await directory.employee(companyId, accountId);
  if (!employee || employee.deleted || !employee.enabled || employee.companyId !== companyId) return undefined;
  return { accountId, companyId, loginId: employee.loginId, role: employee.role, displayName: fullName(employee) };
};

export const authService = () =>
  createAuthService({
    directory,
    signInStates: createSignInStateStore(),
    challenges: createChallengeStore(),
    identity: createIdentityProvider(),
    audit: createAuditStore(),
    firstSignIn: createFirstSignInRecorder(),
    clock,
    ids,
  });

export const companyLookup = () => createCompanyLookup({ directory });

export const employeeService = () => createEmployeeService({ store: createEmployeeStore(), identity: createUserPoolAdmin(), clock, ids });

export const auditService = () => createAuditService({ reader: createAuditStore() });

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

export const settingsService = () => createSettingsService({ store: createSettingsStore(), clock, ids });

export const jobService = () => createJobService({ jobs: createJobStore(), audit: createAuditStore(), clock, ids });

export const issuanceStarter = () => createPdfIssuanceStarter({ jobs: createJobStore(), targets: createIssuanceTargets(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

export const passcodeIssuanceStarter = () =>
  createPasscodeIssuanceStarter({ jobs: createPasscodeJobStore(), targets: createPasscodeTargets(), queue: jobQueue(), clock, ids });

export const timeclockService = () =>
  createTimeclockService({ directory: createTimeclockDirectory(), passcodes: createPasscodeStore(), audit: createAuditStore(), clock, ids });
export const mailIssuanceStarter = () => createMailIssuanceStarter({ jobs: createJobStore(), unissued: createUnissuedEmployees(), queue: jobQueue(), clock, ids });

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
