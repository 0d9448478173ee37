import { createSupportService } from '../core/support/service.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createEmployeeStore } from '../adapters/dynamodb/employee-store.js';
import { mfaAdministration } from './mfa.js';

/** The support console: companies and accounts of any company, for support operators only. */
export const supportService = () => {
  const directory = createAccountDirectory();
  const employees = createEmployeeStore();
  return createSupportService({
    directory: {
      companyByCode: (code) => directory.companyByCode(code),
      company: (id) => directory.company(id),
      employee: (companyId, id) => directory.employee(companyId, id),
      employeeByLoginId: (companyId, loginId) => directory.employeeByLoginId(companyId, loginId),
      search: async (companyId, q, limit) => (await employees.list(companyId, { q, limit })).items,
    },
    mfa: mfaAdministration(),
  });
};
