import { createRegistrationDownloads, createRegistrationUrlService } from '../core/registration/admin.js';
import { createRegistrationCodesStarter } from '../core/registration/issuance.js';
import { createPrivateAddressService } from '../core/registration/private-address.js';
import { createRegistrationService } from '../core/registration/service.js';
import { createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createEmployeeIdDirectory } from '../adapters/dynamodb/employee-store.js';
import { createPrivateAddressStore } from '../adapters/dynamodb/private-address-store.js';
import {
  createCsvLinks,
  createRegistrationDirectory,
  createRegistrationJobStore,
  createRegistrationKeyStore,
  createRegistrationStore,
} from '../adapters/dynamodb/registration-store.js';
import { jobQueue } from '../adapters/queue/job-queue.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { createSesMailer } from '../adapters/ses/mailer.js';
import { requireEnv } from '../shared/env.js';
import { clock, ids } from './clock.js';
import { failureGuard, publicThrottle } from './guard.js';

/** The company's registration URL and QR (a rotatable key); the worker prints it on the letters. */
export const registrationUrls = () => createRegistrationUrlService({ keys: createRegistrationKeyStore(), publicBaseUrl: requireEnv('publicBaseUrl'), clock, ids });

/** 私用メールアドレス登録用パスワード: the start of the bulk job. */
export const registrationCodesStarter = () => createRegistrationCodesStarter({ jobs: createRegistrationJobStore(), directory: createEmployeeIdDirectory(), queue: jobQueue(), clock, ids });

/** The audited downloads of a batch's CSV and letters. */
export const registrationDownloads = () =>
  createRegistrationDownloads({ jobs: createRegistrationJobStore(), csvLinks: createCsvLinks(), files: createJobFiles(), audit: createAuditStore(), clock, ids });

/** Self-registration (public): the company QR page's form and its mailed link. */
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

/** マイページ's private address: the one throttle's `private-email` family limits its mails per account. */
export const privateAddressService = () => {
  const directory = createAccountDirectory();
  return createPrivateAddressService({
    store: createPrivateAddressStore(),
    owners: { company: (id) => directory.company(id), employee: (companyId, id) => directory.employee(companyId, id) },
    mailer: createSesMailer(),
    throttle: publicThrottle('private-email'),
    publicBaseUrl: requireEnv('publicBaseUrl'),
    clock,
    ids,
  });
};
