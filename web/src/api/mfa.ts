import { requestJson } from './client';
import type { MfaRequired, MfaSetup, MfaState, NewPasswordRequired, SecondFactorProof, SignedIn, SupportAccountView, SupportCompany } from './types';

export function getMyMfa() {
  return requestJson<MfaState>('/api/me/mfa');
}

export function startMfaSetup() {
  return requestJson<MfaSetup>('/api/me/mfa/setup', { method: 'POST' });
}

export function confirmMfaSetup(code: string) {
  return requestJson<{ backupCodes: string[] }>('/api/me/mfa/confirm', { method: 'POST', body: { code } });
}

export function regenerateBackupCodes(proof: SecondFactorProof) {
  return requestJson<{ backupCodes: string[] }>('/api/me/mfa/backup-codes', { method: 'POST', body: proof });
}

export function turnOffMfa(input: { password: string } & SecondFactorProof) {
  return requestJson<void>('/api/me/mfa/disable', { method: 'POST', body: input });
}

/** The second step of a sign-in: the handle the password step gave, and a code. */
export function completeMfa(input: { session: string } & SecondFactorProof) {
  return requestJson<SignedIn>('/api/auth/mfa', { method: 'POST', body: input, auth: false });
}

export function supportLogin(input: { loginId: string; password: string }) {
  return requestJson<SignedIn | NewPasswordRequired | MfaRequired>('/api/auth/support-login', { method: 'POST', body: input, auth: false });
}

export function findSupportCompany(code: string) {
  return requestJson<SupportCompany>('/api/support/companies', { query: { code } });
}

export async function findSupportAccounts(companyId: string, q: string): Promise<SupportAccountView[]> {
  return (await requestJson<{ items: SupportAccountView[] }>(`/api/support/companies/${encodeURIComponent(companyId)}/accounts`, { query: { q } })).items;
}

export function supportUnlock(companyId: string, accountId: string) {
  return requestJson<SupportAccountView>(`/api/support/companies/${encodeURIComponent(companyId)}/accounts/${encodeURIComponent(accountId)}/unlock`, { method: 'POST' });
}

export function supportResetMfa(companyId: string, accountId: string) {
  return requestJson<SupportAccountView>(`/api/support/companies/${encodeURIComponent(companyId)}/accounts/${encodeURIComponent(accountId)}/mfa-reset`, { method: 'POST' });
}
