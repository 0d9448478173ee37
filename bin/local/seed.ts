import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/adapters/aws-clients.js';
import { createAccountDirectory } from '../../functions/adapters/dynamodb/account-directory.js';
import { employeeWriteItems, rememberDepartment } from '../../functions/adapters/dynamodb/employee-store.js';
import { createFirstSignInRecorder } from '../../functions/adapters/dynamodb/issuance-targets.js';
import { ENTITY, keys } from '../../functions/adapters/dynamodb/keys.js';
import { ensureListed } from '../../functions/adapters/dynamodb/company-list.js';
import { tableName, transact } from '../../functions/adapters/dynamodb/table.js';
import { createUserPoolAdmin } from '../../functions/adapters/cognito/user-pool.js';
import type { Company } from '../../functions/core/companies/company.js';
import type { Employee } from '../../functions/core/employees/employee.js';
import { systemClock } from '../../functions/core/shared/ports.js';
import { createUlids } from '../../functions/core/shared/ulid.js';
import type { DemoAccount } from './demo-data.js';

const ids = createUlids(systemClock);

/**
 * Creates a company with its employees unless the company code exists, and (re)sets the password
 * of its sign-in accounts: permanent for demo data, temporary (changed at first sign-in) for a
 * real company. Those accounts have a password, so they show パスワード 発行済 (認証状態 -, as
 * after a PDF notice): issuing for them is a reissue. Returns true when the company was created now.
 */
export async function seedCompany(code: string, name: string, accounts: DemoAccount[], password: string, permanent = true): Promise<boolean> {
  const directory = createAccountDirectory();
  let company = await directory.companyByCode(code);
  const created = !company;
  if (!company) {
    const at = systemClock.now().toISOString();
    company = { id: ids.next(), code, name, createdAt: at } satisfies Company;
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...keys.company(company.id), ...keys.companyList(company.id), entity: ENTITY.company, ...company }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: { ...keys.companyCode(code), entity: ENTITY.companyCode, companyId: company.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    for (const { signIn: _s, ...input } of accounts) {
      const employee: Employee = { ...input, id: ids.next(), companyId: company.id, createdAt: at, updatedAt: at, version: 1 };
      const { items, reasons } = employeeWriteItems(undefined, employee);
      await transact(items, reasons);
      await rememberDepartment(employee);
    }
  }
  // A company made before the company list existed joins it (the daily close of the log walks it).
  if (!created) await ensureListed(company.id);
  const admin = createUserPoolAdmin();
  const statuses = createFirstSignInRecorder();
  for (const account of accounts.filter((a) => a.signIn)) {
    const employee = await directory.employeeByLoginId(company.id, account.loginId);
    if (!employee) continue;
    await admin.setPassword(employee.id, company.id, password, permanent);
    // Data seeded by an older kagi left these accounts at 未発行 although they sign in.
    if ((employee.passwordStatus ?? 'unissued') === 'unissued') {
      await statuses.record(company.id, employee.id, { password: 'unissued', verification: employee.verificationStatus ?? 'none' }, { password: 'issued', verification: 'not_applicable' });
    }
  }
  return created;
}
