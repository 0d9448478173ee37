/**
 * Creates a company and its first admin in a deployed stack (there is no sign-up by design).
 *
 *   AWS_REGION=ap-northeast-1 KAGI_TABLE_NAME=… KAGI_USER_POOL_ID=… KAGI_USER_POOL_CLIENT_ID=… \
 *   npx tsx bin/create-company.ts --code acme --name 株式会社アクメ --admin-email hr@acme.example.jp
 *
 * The values come from the stack outputs. The admin signs in with login ID `admin` and the
 * printed temporary password, and sets their own password at first sign-in.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { COMPANY_CODE_PATTERN } from '../functions/core/companies/company.js';
import { seedCompany } from './local/seed.js';

const { values } = parseArgs({
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    'admin-login': { type: 'string', default: 'admin' },
    'admin-family-name': { type: 'string', default: '管理者' },
    'admin-given-name': { type: 'string', default: '初期' },
    'admin-email': { type: 'string', default: '' },
  },
});
if (!values.code || !values.name) {
  console.error('Usage: npx tsx bin/create-company.ts --code CODE --name NAME [--admin-login admin] [--admin-email ADDRESS]');
  process.exit(2);
}
if (!COMPANY_CODE_PATTERN.test(values.code)) {
  console.error('The company code may hold only letters, digits, ".", "_" and "-" (at most 64).');
  process.exit(2);
}

const temporaryPassword = randomBytes(12).toString('base64url');
const created = await seedCompany(
  values.code,
  values.name,
  [
    {
      employeeCode: 'ADMIN', familyName: values['admin-family-name']!, givenName: values['admin-given-name']!, familyNameKana: '', givenNameKana: '',
      office: '', department: '', birthDate: '', email1: values['admin-email']!, email2: '', email3: '',
      loginId: values['admin-login']!, role: 'admin', enabled: true, signIn: true,
    },
  ],
  temporaryPassword,
  false,
);
console.log(created ? `Created company ${values.code} (${values.name}).` : `Company ${values.code} exists; the admin's password was reset.`);
console.log(`Admin login ID: ${values['admin-login']}  temporary password: ${temporaryPassword}`);
