import { createAuthService, type AuthService } from '../core/auth/service.js';
import { DEFAULT_SETTINGS } from '../core/companies/settings.js';
import { mfaRequiredFor } from '../core/mfa/enforcement.js';
import { createMfaService, type MfaService, type MfaSubjects } from '../core/mfa/service.js';
import { createIdentityProvider } from '../adapters/cognito/user-pool.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createChallengeStore } from '../adapters/dynamodb/challenge-store.js';
import { createFirstSignInRecorder } from '../adapters/dynamodb/issuance-targets.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { createSettingsStore } from '../adapters/dynamodb/settings-store.js';
import { createSignInRecordStore } from '../adapters/dynamodb/sign-in-record-store.js';
import { createTotpKeySource, totpKeyConfigured } from '../adapters/secrets/totp-key.js';
import { clock, ids } from './clock.js';
import { failureGuard } from './guard.js';

/**
 * Sign-in and the second factor, in one module because each calls the other: a sign-in checks the
 * second factor, and turning the factor off confirms the password.
 */

/** How each owner's authenticator app names it, and whether policy requires it. */
function mfaSubjects(): MfaSubjects {
  const directory = createAccountDirectory();
  const settingsStore = createSettingsStore();
  return {
    async subject(owner) {
      if (owner.kind === 'support') {
        const support = await directory.supportAccount(owner.accountId);
        return support ? { issuer: 'kagi (サポート)', label: support.loginId, required: true } : undefined;
      }
      const [company, employee, settings] = await Promise.all([directory.company(owner.companyId), directory.employee(owner.companyId, owner.accountId), settingsStore.get(owner.companyId)]);
      if (!company || !employee || employee.deleted) return undefined;
      return {
        issuer: `kagi (${company.name})`,
        label: employee.loginId,
        required: mfaRequiredFor(settings?.mfaEnforcement ?? DEFAULT_SETTINGS.mfaEnforcement, employee.accountKind),
        account: { kind: employee.accountKind },
      };
    },
  };
}

/** Handlers that verify or set up codes call this at load: without the TOTP key they must not start. */
export function requireTotpKey(): void {
  if (!totpKeyConfigured()) throw new Error('Missing the TOTP key (KAGI_TOTP_KEY_SECRET_ARN or, locally, KAGI_TOTP_KEY)');
}

let passwordConfirmer: AuthService['confirmPassword'] | undefined;

/** The second factor of every account: setup, checks (through the one failure guard), support's unlock and reset. */
export const mfaService = (): MfaService =>
  createMfaService({
    store: createMfaStore(),
    guard: failureGuard(),
    keys: createTotpKeySource(),
    subjects: mfaSubjects(),
    passwords: (actor, password, action) => (passwordConfirmer ??= authService().confirmPassword)(actor, password, action),
    audit: createAuditStore(),
    clock,
    ids,
  });

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
