import { createCompanyAdminService } from '../core/companies/company-admin.js';
import { createCompanyLookup } from '../core/companies/lookup.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { staffOf } from '../adapters/dynamodb/employee-store.js';
import { mfaAdministration } from './mfa.js';
import { settingsService } from './settings.js';

/** The sign-in page's company name for a code (public). */
export const companyLookup = () => createCompanyLookup({ directory: createAccountDirectory() });

/** 企業情報 and 管理者設定 (read-only), and an admin's 認証情報の削除 where support allowed it (issue 12). */
export const companyAdminService = () => {
  const directory = createAccountDirectory();
  const settings = settingsService();
  return createCompanyAdminService({
    directory: {
      company: (id) => directory.company(id),
      settings: (companyId) => settings.current(companyId),
      staff: staffOf,
      employee: (companyId, id) => directory.employee(companyId, id),
    },
    mfa: mfaAdministration(),
  });
};
