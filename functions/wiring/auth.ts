import { createAuthService, type AuthService } from '../core/auth/service.js';
import type { MfaService } from '../core/mfa/service.js';
import { createIdentityProvider } from '../adapters/cognito/user-pool.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createChallengeStore } from '../adapters/dynamodb/challenge-store.js';
import { createFirstSignInRecorder } from '../adapters/dynamodb/issuance-targets.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { createSignInRecordStore } from '../adapters/dynamodb/sign-in-record-store.js';
import { clock, ids } from './clock.js';
import { failureGuard } from './guard.js';
import { secondFactor } from './mfa.js';

/**
 * Sign-in and the account's own second factor, together because each calls the other: a sign-in
 * checks the second factor, and turning the factor off confirms the password.
 */

let passwordConfirmer: AuthService['confirmPassword'] | undefined;

/** The account's own second factor: setup, checks, turning it off with the password. */
export const mfaService = (): MfaService => secondFactor((actor, password, action) => (passwordConfirmer ??= authService().confirmPassword)(actor, password, action));

export const authService = (): AuthService => {
  const mfa = mfaService();
  const mfaStore = createMfaStore();
  return createAuthService({
    directory: createAccountDirectory(),
    signInRecords: createSignInRecordStore(),
    guard: failureGuard(),
    challenges: createChallengeStore(),
    identity: createIdentityProvider(),
    secondFactor: {
      isActive: async (owner) => (await mfaStore.get(owner))?.status === 'active',
      lockOf: mfa.lockOf,
      check: mfa.check,
    },
    audit: createAuditStore(),
    firstSignIn: createFirstSignInRecorder(),
    clock,
    ids,
  });
};
