import { getLang, t } from '../i18n';
import { ApiError, request, requestJson } from './client';
import { apiUrl } from './config';
import { getSession } from './session';
import type { MyAccount, MyEmails, MyPrivateEmail } from './types';

export function getMe() {
  return requestJson<MyAccount>('/api/me');
}

export function changeMyLoginId(loginId: string) {
  return requestJson<{ loginId: string }>('/api/me/login-id', { method: 'PUT', body: { loginId } });
}

export function updateMyEmails(emails: MyEmails, confirmDuplicates = false) {
  return requestJson<MyEmails>('/api/me/emails', { method: 'PUT', body: { ...emails, ...(confirmDuplicates ? { confirmDuplicates: true } : {}) } });
}

export function getMyPrivateEmail() {
  return requestJson<MyPrivateEmail>('/api/me/private-email');
}

/** Mails the confirmation link to the new address; nothing changes until it is confirmed. */
export function requestPrivateEmailChange(email: string, emailConfirmation: string) {
  return requestJson<{ expiresAt: string }>('/api/me/private-email', { method: 'POST', body: { email, emailConfirmation } });
}

const privateLinkPath = (token: string) => `/api/me/private-email/links/${encodeURIComponent(token)}`;

export function readPrivateEmailLink(token: string) {
  return requestJson<{ address: string; expiresAt: string }>(privateLinkPath(token));
}

export function confirmPrivateEmail(token: string) {
  return requestJson<{ address: string }>(privateLinkPath(token), { method: 'POST' });
}

/**
 * A wrong current password answers 401 INVALID_CURRENT_PASSWORD. The shared client reads any 401
 * as an expired session (refresh, retry, sign out), which would sign the person out and count a
 * second wrong attempt; so the first try goes out here, and only a token 401 falls back to it.
 */
export async function changeMyPassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  const token = getSession()?.idToken;
  if (token) {
    let response: Response;
    try {
      response = await fetch(apiUrl('/api/me/password'), {
        method: 'POST',
        headers: { 'Accept-Language': getLang(), 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', t('error.network'));
    }
    if (response.ok) return;
    let error: { code?: string; message?: string; details?: unknown } | undefined;
    try {
      error = ((await response.json()) as { error?: typeof error }).error;
    } catch {
      // Not JSON: handled below.
    }
    if (response.status !== 401 || error?.code === 'INVALID_CURRENT_PASSWORD') {
      if (error?.message) throw new ApiError(response.status, error.code ?? 'ERROR', error.message, error.details);
      throw new ApiError(response.status, `HTTP_${response.status}`, t('error.unexpected', { status: response.status }));
    }
  }
  // No session or an expired token: the shared client refreshes (or signs out) as everywhere else.
  await request('/api/me/password', { method: 'POST', body: input });
}
