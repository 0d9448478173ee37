import { requestJson } from './client';
import { clearSession, getSession } from './session';
import type { Account, MfaRequired, NewPasswordRequired, SignedIn } from './types';

export function login(input: { companyCode: string; loginId: string; password: string }) {
  return requestJson<SignedIn | NewPasswordRequired | MfaRequired>('/api/auth/login', { method: 'POST', body: input, auth: false });
}

export function completeNewPassword(input: { session: string; newPassword: string }) {
  return requestJson<SignedIn | MfaRequired>('/api/auth/new-password', { method: 'POST', body: input, auth: false });
}

export function fetchMe() {
  return requestJson<Account>('/api/me');
}

/**
 * Revokes the refresh token and ends the session's ID tokens (best effort), and forgets the
 * session either way.
 */
export async function logout(): Promise<void> {
  const session = getSession();
  const refreshToken = session?.refreshToken;
  try {
    if (refreshToken) await requestJson('/api/auth/logout', { method: 'POST', body: { refreshToken, accountId: session?.account.accountId }, auth: false });
  } catch {
    // The tokens are dropped below; a revoke that failed only shortens nothing.
  } finally {
    clearSession();
  }
}
