import { SUPPORT_TENANT } from '../core/access/actor.js';
import { DEFAULT_SETTINGS } from '../core/companies/settings.js';
import { fullName } from '../core/employees/employee.js';
import { mustSetUpMfa } from '../core/mfa/enforcement.js';
import { createAccountDirectory } from '../adapters/dynamodb/account-directory.js';
import { createMfaStore } from '../adapters/dynamodb/mfa-store.js';
import { createSettingsStore } from '../adapters/dynamodb/settings-store.js';
import { createSignInRecordStore } from '../adapters/dynamodb/sign-in-record-store.js';
import type { ActorLoader } from '../shared/http-stack.js';

const directory = createAccountDirectory();
const signInRecords = createSignInRecordStore();
const settingsStore = createSettingsStore();
const mfaStore = createMfaStore();

/** An ID token of a signed-out session (issued at or before the sign-out) is refused. */
const signedOut = (record: { signedOutAt?: number }, issuedAt: number | undefined) =>
  record.signedOutAt !== undefined && (issuedAt === undefined || issuedAt <= record.signedOutAt);

/**
 * The account behind verified claims, loaded fresh on every request, with whether it must set up
 * a second factor first: a company that turns enforcement on reaches tokens issued earlier too.
 * Every signed-in route's handler imports this (and only this) module for it.
 */
export const loadActor: ActorLoader = async (companyId, accountId, token) => {
  if (companyId === SUPPORT_TENANT) {
    const [support, record, factor] = await Promise.all([directory.supportAccount(accountId), signInRecords.get(companyId, accountId), mfaStore.get({ kind: 'support', accountId })]);
    if (!support?.enabled || signedOut(record, token.issuedAt)) return undefined;
    // Support operators always sign in with a second factor: set up at the first sign-in.
    return { accountId, companyId, loginId: support.loginId, role: 'support', displayName: support.displayName, mfaSetupRequired: factor?.status !== 'active' };
  }
  const [employee, record, settings] = await Promise.all([directory.employee(companyId, accountId), signInRecords.get(companyId, accountId), settingsStore.get(companyId)]);
  if (!employee || employee.deleted || !employee.enabled || employee.companyId !== companyId) return undefined;
  if (signedOut(record, token.issuedAt)) return undefined;
  const enforcement = settings?.mfaEnforcement ?? DEFAULT_SETTINGS.mfaEnforcement;
  return {
    accountId,
    companyId,
    loginId: employee.loginId,
    role: employee.role,
    displayName: fullName(employee),
    mfaSetupRequired: mustSetUpMfa(enforcement, employee.accountKind, employee.mfaStatus ?? 'none'),
  };
};
