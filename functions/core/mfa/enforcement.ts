import type { AccountKind, EmployeeStatuses } from '../employees/employee.js';
import { DomainError } from '../shared/errors.js';

/** 基本設定 › セキュリティ設定 › 2段階認証. */
export type MfaEnforcement = 'optional' | 'required';
export const MFA_ENFORCEMENTS = ['optional', 'required'] as const satisfies readonly MfaEnforcement[];

type MfaStatus = EmployeeStatuses['mfaStatus'];

/** Whether the company's policy makes this account have a second factor. */
export function mfaRequiredFor(enforcement: MfaEnforcement, kind: AccountKind): boolean {
  return enforcement === 'required' && kind !== 'external';
}

/** Must set one up before anything else: required, and none active. */
export function mustSetUpMfa(enforcement: MfaEnforcement, kind: AccountKind, status: MfaStatus): boolean {
  return mfaRequiredFor(enforcement, kind) && status !== 'active';
}

export const MFA_SETUP_REQUIRED = new DomainError(403, 'MFA_SETUP_REQUIRED', {
  ja: '2段階認証の設定が必要です。設定を済ませてから続けてください。',
  en: 'Two-factor sign-in must be set up before you continue.',
});

/**
 * The gate of every signed-in request: an account that must set up a second factor reaches only
 * the routes that let it do so (and who-am-I, so the site knows where to send it). It takes
 * effect on the next request, tokens issued earlier included, because the actor is loaded fresh.
 */
export function mfaGate(actor: { mfaSetupRequired?: boolean }, route: { duringMfaSetup?: boolean }): void {
  if (actor.mfaSetupRequired && !route.duringMfaSetup) throw MFA_SETUP_REQUIRED;
}
