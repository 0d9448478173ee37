/**
 * Creates a support operator (サポート) in a deployed stack: the only way one comes to exist (the
 * company API never makes one). Support operators sign in at /support/login, always with a
 * second factor, which they set up at their first sign-in.
 *
 *   AWS_REGION=ap-northeast-1 KAGI_TABLE_NAME=… KAGI_USER_POOL_ID=… KAGI_USER_POOL_CLIENT_ID=… \
 *   npx tsx bin/create-support.ts --login-id ops.tanaka --name "田中 サポート"
 *
 * Run again for an existing login ID, it hands out a new temporary password; with --reset-mfa
 * it also forgets the operator's second factor (a lost phone): set up again at the next sign-in.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { seedSupport } from './local/seed.js';

const { values } = parseArgs({
  options: {
    'login-id': { type: 'string' },
    name: { type: 'string', default: '' },
    'reset-mfa': { type: 'boolean', default: false },
  },
});
const loginId = values['login-id']?.trim();
if (!loginId || !/^[A-Za-z0-9._@-]{3,64}$/.test(loginId)) {
  console.error('Usage: npx tsx bin/create-support.ts --login-id LOGIN_ID [--name NAME] [--reset-mfa]');
  process.exit(2);
}

const temporaryPassword = randomBytes(12).toString('base64url');
const { created } = await seedSupport(loginId, values.name || loginId, temporaryPassword, { resetMfa: values['reset-mfa'] });
console.log(created ? `Created support operator ${loginId}.` : `Support operator ${loginId} exists; the password was reset${values['reset-mfa'] ? ' and the second factor forgotten' : ''}.`);
console.log(`Login ID: ${loginId}  temporary password: ${temporaryPassword}  (sign in at /support/login)`);
