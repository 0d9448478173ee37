import type { AdminMfaRemoval } from '../core/companies/company-admin.js';
import { DEFAULT_SETTINGS } from '../core/companies/settings.js';
import { mfaRequiredFor } from '../core/mfa/enforcement.js';
import { createMfaService, type MfaService, type MfaSubjects, type PasswordConfirmer } from '../core/mfa/service.js';
import type { SupportMfa } from '../core/support/service.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createAuditStore } from '../adapters/dynamodb/audit-store.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { createSettingsStore } from '../adapters/dynamodb/settings-store.js';
import { createTotpKeySource, totpKeyConfigured } from '../adapters/secrets/totp-key.js';
import { clock, ids } from './clock.js';
import { failureGuard } from './guard.js';

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

/** The second factor of every account (through the one failure guard), with the sign-in's password check given by the caller. */
export const secondFactor = (passwords: PasswordConfirmer): MfaService =>
  createMfaService({ store: createMfaStore(), guard: failureGuard(), keys: createTotpKeySource(), subjects: mfaSubjects(), passwords, audit: createAuditStore(), clock, ids });

/**
 * Support's unlock and reset, and an admin's 認証情報の削除: what others do to an account's second
 * factor. None of it confirms a password (only the owner turning it off does), so these functions
 * carry no Cognito client and are granted none; the confirmer below is never reached.
 */
export const mfaAdministration = (): SupportMfa & AdminMfaRemoval =>
  secondFactor(async () => {
    throw new Error('No password confirmation in the administration of second factors');
  });
