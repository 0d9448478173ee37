import { createHash } from 'node:crypto';
import { expect, inject } from 'vitest';
import { TEST_ORIGIN_VERIFY } from './constants.js';
import { documentProblems } from './openapi.js';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/**
 * A small HTTP client for the local API, as the browser would call it. Every answer is checked
 * against openapi.yaml (operation, status, media type, schema); a mismatch fails the call, so a
 * test cannot pass on an answer the document does not describe.
 */
export function api(token?: string, base?: string) {
  // Another runtime than the shared one (a test that starts its own) is named by its URL.
  const baseUrl = base ?? inject('baseUrl');
  const client = clientHeaders();
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const init: RequestInit = { method, headers: { ...client, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body instanceof Uint8Array || typeof body === 'string') {
      init.body = body as BodyInit;
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    const res = await fetch(baseUrl + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (CSV)
    }
    const pathname = new URL(baseUrl + path).pathname;
    // The site and its config.json are served beside the API, not described by it.
    const problems = pathname.startsWith('/api/') ? documentProblems(method, pathname, { status: res.status, contentType: res.headers.get('content-type'), text, body: parsed }) : [];
    if (problems.length > 0) throw new Error(`The answer to ${method} ${path} does not match openapi.yaml:\n${problems.join('\n')}`);
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    put: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('PUT', path, body, headers),
    del: <T = any>(path: string, headers?: Record<string, string>) => call<T>('DELETE', path, undefined, headers),
    call,
  };
}

/**
 * The client address of the running test file: each file plays its own office, so the
 * per-address limits of the public routes count one file's calls, whatever runs beside it.
 */
function fileAddress(): string {
  const file = expect.getState().testPath ?? `worker-${process.env.VITEST_WORKER_ID ?? 0}`;
  const [a, b, c] = createHash('sha256').update(file).digest();
  return `10.${a}.${b}.${c! % 254 + 1}`;
}

/** The headers of the running test file's client (its browser pages send them too). */
export function clientHeaders(): Record<string, string> {
  return fromAddress(fileAddress());
}

/**
 * Headers CloudFront would add for a viewer at `address`: the tests choose the client address
 * the service sees (throttles, locks, audit) the way the deployed distribution tells it.
 */
export function fromAddress(address: string): Record<string, string> {
  return { 'X-Origin-Verify': TEST_ORIGIN_VERIFY, 'CloudFront-Viewer-Address': `${address}:${40000 + (address.length % 1000)}` };
}

/** Signs in and returns the ID token (what the browser sends as Bearer). */
export async function signIn(companyCode: string, loginId: string, password = inject('demoPassword'), baseUrl?: string): Promise<string> {
  const res = await api(undefined, baseUrl).post('/api/auth/login', { companyCode, loginId, password });
  if (res.status !== 200 || res.body.result !== 'signed-in') throw new Error(`sign-in failed for ${companyCode}/${loginId}: ${res.status} ${res.text}`);
  return res.body.idToken as string;
}

/** The fields of an employee an admin may send back in a PUT (no ids, timestamps or statuses). */
export function editableFields(e: Record<string, unknown>): Record<string, unknown> {
  const {
    id: _i, companyId: _c, createdAt: _ca, updatedAt: _u, version: _v, passwordStatus: _p, verificationStatus: _vs, passcodeStatus: _pc, passcodeLocked: _pl,
    temporaryPasswordExpiresAt: _t, verificationRequestedAt: _vr, verificationExpiresAt: _ve, verifiedAddresses: _va, bouncedAddresses: _ba, mfaStatus: _m, mfaLocked: _ml,
    privateEmailRegistered: _pe, accountIssued: _ai, registrationStatus: _rs, registrationExpiresAt: _re, registrationLocked: _rl, ...fields
  } = e;
  return fields;
}

/** Polls a bulk job until it is done or failed (the local queue runs it in the background). */
export async function waitForJob(token: string, jobId: string, baseUrl?: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const res = await api(token, baseUrl).get(`/api/admin/jobs/${jobId}`);
    if (res.body.state === 'done' || res.body.state === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}
