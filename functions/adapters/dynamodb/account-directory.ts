import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountDirectory } from '../../core/auth/service.js';
import type { Company } from '../../core/companies/company.js';
import type { SupportAccount } from '../../core/support/support-account.js';
import { dynamo } from '../clients/dynamodb.js';
import { employeeFromItem } from './employee-store.js';
import { keys } from './keys.js';
import { tableName } from './table.js';

/** Read in place of a missing company or employee: no item has it. */
const DECOY_ID = '~decoy';

async function getItem(key: { pk: string; sk: string }) {
  const out = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  return out.Item;
}

const companyFromItem = (item: Record<string, unknown>): Company => ({
  id: String(item.id),
  code: String(item.code),
  name: String(item.name),
  createdAt: String(item.createdAt),
});

const supportFromItem = (item: Record<string, unknown>): SupportAccount => ({
  id: String(item.id),
  loginId: String(item.loginId),
  displayName: String(item.displayName ?? ''),
  enabled: item.enabled !== false,
  createdAt: String(item.createdAt),
});

export function createAccountDirectory(): AccountDirectory {
  return {
    async companyByCode(code) {
      if (!code) return undefined;
      const ref = await getItem(keys.companyCode(code));
      // An unknown code costs the same two reads as a known one (no timing oracle).
      const company = await this.company(ref ? String(ref.companyId) : DECOY_ID);
      return ref ? company : undefined;
    },
    async company(id) {
      const item = await getItem(keys.company(id));
      return item ? companyFromItem(item) : undefined;
    },
    async employeeByLoginId(companyId, loginId) {
      if (!loginId) return undefined;
      const ref = await getItem(keys.loginId(companyId, loginId));
      const employee = await this.employee(companyId, ref ? String(ref.employeeId) : DECOY_ID);
      return ref ? employee : undefined;
    },
    async employee(companyId, id) {
      const item = await getItem(keys.employee(companyId, id));
      return item ? employeeFromItem(item) : undefined;
    },
    async supportByLoginId(loginId) {
      if (!loginId) return undefined;
      const ref = await getItem(keys.supportLogin(loginId));
      const account = await this.supportAccount(ref ? String(ref.supportId) : DECOY_ID);
      return ref ? account : undefined;
    },
    async supportAccount(id) {
      const item = await getItem(keys.supportAccount(id));
      return item ? supportFromItem(item) : undefined;
    },
  };
}
