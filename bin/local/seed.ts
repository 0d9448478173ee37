import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
import { SUPPORT_TENANT } from '../../functions/core/access/actor.js';
import { mfaLockKey } from '../../functions/core/mfa/mfa-lock.js';
import type { SupportAccount } from '../../functions/core/support/support-account.js';
import { createFailureCounterStore } from '../../functions/adapters/dynamodb/failure-counter-store.js';

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
      const employee: Employee = { accountKind: 'internal', ...input, id: ids.next(), companyId: company.id, createdAt: at, updatedAt: at, version: 1 };
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

/**
 * Creates a support operator (サポート) unless its login ID exists, and (re)sets its password:
 * temporary (changed at first sign-in) unless `permanent`. A support operator is no company's
 * employee: its items live under SUPPORT#, its Cognito user carries the reserved tenant id
 * SUPPORT_TENANT, which no company has. `resetMfa` forgets its second factor (a lost phone):
 * it sets one up again at the next sign-in. Returns the account and whether it was created now.
 */
export async function seedSupport(loginId: string, displayName: string, password: string, options: { permanent?: boolean; resetMfa?: boolean } = {}): Promise<{ account: SupportAccount; created: boolean }> {
  const directory = createAccountDirectory();
  let account = await directory.supportByLoginId(loginId);
  const created = !account;
  if (!account) {
    account = { id: ids.next(), loginId, displayName, enabled: true, createdAt: systemClock.now().toISOString() } satisfies SupportAccount;
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: { ...keys.supportAccount(account.id), entity: ENTITY.supportAccount, ...account }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName(), Item: { ...keys.supportLogin(loginId), entity: ENTITY.unique, supportId: account.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  }
  await createUserPoolAdmin().setPassword(account.id, SUPPORT_TENANT, password, options.permanent ?? false);
  if (options.resetMfa) {
    const owner = { kind: 'support', accountId: account.id } as const;
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.mfa(owner) }));
    await createFailureCounterStore().clear(mfaLockKey(owner));
  }
  return { account, created };
}
