/**
 * 管理者設定 lists a company's admins and viewers from their own small partition, which every
 * employee write keeps in step. Companies written before it existed have none: run this once per
 * deployed stack (idempotent; it reads each company's employee list, never scans the table).
 *
 *   AWS_REGION=ap-northeast-1 KAGI_TABLE_NAME=… npx tsx bin/backfill-staff.ts
 */
import { listCompanies } from '../functions/adapters/dynamodb/company-list.js';
import { backfillStaff } from '../functions/adapters/dynamodb/employee-store.js';

let after: string | undefined;
let companies = 0;
let staff = 0;
for (;;) {
  const page = await listCompanies(after, 100);
  for (const company of page.companies) {
    staff += await backfillStaff(company.id);
    companies += 1;
  }
  if (!page.more || page.companies.length === 0) break;
  after = page.companies[page.companies.length - 1]!.id;
}
console.log(`管理者設定: ${staff} admin(s) and viewer(s) of ${companies} company(ies) listed.`);
