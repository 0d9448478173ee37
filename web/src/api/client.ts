import { setFlash } from '../flash';
import { getLang, t } from '../i18n';
import { navigate, signInPathFor } from '../router';
import { apiUrl } from './config';
import { clearSession, getSession, saveSignedIn } from './session';
import type { SignedIn } from './types';

/** An error answer of the API: `{ error: { code, message, details } }`, message already localized. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What to tell the user about a failed call: the API's own message, or that something unexpected happened. */
export const errorMessage = (e: unknown): string => (e instanceof ApiError ? e.message : t('error.unknown'));

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A plain object is sent as JSON; a Blob (a chosen file) as-is with `contentType`. */
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | undefined>;
  /** Send the bearer token and handle expiry (default true). */
  auth?: boolean;
}

function urlOf(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return apiUrl(qs ? `${path}?${qs}` : path);
}

async function send(path: string, options: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { 'Accept-Language': getLang() };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob) {
    body = options.body;
    headers['Content-Type'] = options.contentType ?? 'application/octet-stream';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(urlOf(path, options.query), { method: options.method ?? 'GET', headers, body });
  } catch {
    throw new ApiError(0, 'NETWORK', t('error.network'));
  }
}

/**
 * What API Gateway answers itself, before kagi runs: `{"message": "Unauthorized"}` from the JWT
 * authorizer, and Not Found, Bad Request or Request Entity Too Large. Not kagi's error shape.
 */
export function isGatewayError(body: unknown): body is { message: string } {
  return !!body && typeof body === 'object' && Object.keys(body).length === 1 && typeof (body as { message?: unknown }).message === 'string';
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const json = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (json.error?.message) return new ApiError(response.status, json.error.code ?? 'ERROR', json.error.message, json.error.details);
    if (isGatewayError(json)) {
      if (response.status === 401) return new ApiError(401, 'UNAUTHORIZED', t('auth.sessionExpired'));
      if (response.status === 413) return new ApiError(413, 'PAYLOAD_TOO_LARGE', t('error.tooLarge'));
    }
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic message.
  }
  return new ApiError(response.status, `HTTP_${response.status}`, t('error.unexpected', { status: response.status }));
}

/** Where an account that must set up a second factor first is sent (403 MFA_SETUP_REQUIRED), whatever it asked for. */
export const MFA_SETUP_PATH = '/mfa/setup';

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time; concurrent 401s wait for the same answer. */
function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = getSession();
    if (!session?.refreshToken) return false;
    try {
      const response = await send('/api/auth/refresh', {
        method: 'POST',
        body: { refreshToken: session.refreshToken, accountId: session.account.accountId },
      }, undefined);
      if (!response.ok) return false;
      saveSignedIn((await response.json()) as SignedIn);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The session is over: back to the sign-in page (once, however many calls failed), saying why. */
function signInAgain(): never {
  if (getSession()) {
    // The flash first: clearing the session re-renders at once and the sign-in page reads it on mount.
    setFlash({ kind: 'info', text: t('auth.sessionExpired') });
    clearSession();
    navigate(signInPathFor(window.location.pathname), { replace: true });
  }
  throw new ApiError(401, 'SESSION_EXPIRED', t('auth.sessionExpired'));
}

/** Any call; resolves to the response when it is 2xx, else throws ApiError. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const auth = options.auth ?? true;
  if (!auth) {
    const response = await send(path, options, undefined);
    if (!response.ok) throw await errorOf(response);
    return response;
  }
  const session = getSession();
  if (!session) signInAgain();
  let response = await send(path, options, session.idToken);
  // 401 from the gateway's JWT authorizer ({"message":"Unauthorized"}: expired or revoked token) or
  // from kagi (UNAUTHENTICATED: the account may no longer act) ends the same way: refresh once, else sign in again.
  if (response.status === 401) {
    if (!(await refreshTokens())) signInAgain();
    response = await send(path, options, getSession()?.idToken);
    if (response.status === 401) signInAgain();
  }
  if (!response.ok) {
    const error = await errorOf(response);
    // The company turned 2FA on (or support reset it): the setup screen, and nothing else, until done.
    if (error.code === 'MFA_SETUP_REQUIRED' && window.location.pathname !== MFA_SETUP_PATH) navigate(MFA_SETUP_PATH, { replace: true });
    throw error;
  }
  return response;
}

/** A call answering JSON (or nothing, for 204). */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
