import { createMailHistoryService } from '../core/issuance/mail-history.js';
import { createMailVerification } from '../core/issuance/mail-verification.js';
import { createUserPoolAdmin } from '../adapters/cognito/user-pool.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createEmployeeStore } from '../adapters/dynamodb/employee-store.js';
import { createLinkStore, createMailHistory } from '../adapters/dynamodb/mail-store.js';
import { createVerificationStore } from '../adapters/dynamodb/verification-store.js';
import { createSesMailer } from '../adapters/ses/mailer.js';
import { requireEnv } from '../shared/env.js';
import { clock, ids } from './clock.js';
import { settingsService } from './settings.js';

/** An employee's mail history and the preview of their next mail (admins). */
export const mailHistoryService = () => {
  const directory = createAccountDirectory();
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

/** The mailed verification link (public): 認証する, then the account-notice mail. */
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
