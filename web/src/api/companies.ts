import { requestJson } from './client';

/** The company's display name for a code (public); the sign-in page shows it once it knows the code. */
export function getCompanyName(code: string) {
  return requestJson<{ name: string }>(`/api/companies/${encodeURIComponent(code)}`, { auth: false });
}
