import { requestJson } from './client';

/** 私用メールアドレス登録用パスワードを発行: a background job for these employees (202 with the job). */
export function startRegistrationCodes(employeeIds: string[]) {
  return requestJson<{ jobId: string }>('/api/admin/registration-codes', { method: 'POST', body: { employeeIds } });
}

/** A presigned link of minutes to a registration job's CSV or letter PDF; each one is audited. */
export interface RegistrationDownload {
  jobId: string;
  url: string;
  expiresAt: string;
  fileName: string;
}

export function registrationDownload(jobId: string, file: 'csv' | 'letters') {
  return requestJson<RegistrationDownload>(`/api/admin/registration-codes/${encodeURIComponent(jobId)}/downloads`, { method: 'POST', body: { file } });
}

/** The mailed CSV link: only for the admin it was sent to, seven days. */
export function csvLinkDownload(token: string) {
  return requestJson<RegistrationDownload>(`/api/admin/registration-csv-links/${encodeURIComponent(token)}`, { method: 'POST' });
}

/** 組織情報: the company's one registration URL. */
export interface RegistrationUrl {
  url: string;
  rotatedAt: string;
}

export function getRegistrationUrl() {
  return requestJson<RegistrationUrl>('/api/admin/company/registration-url');
}

export function rotateRegistrationUrl() {
  return requestJson<RegistrationUrl>('/api/admin/company/registration-url', { method: 'POST' });
}

export interface RegistrationForm {
  employeeCode: string;
  birthDate: string;
  password: string;
  email: string;
  emailConfirmation: string;
}

/** The QR page's form (no sign-in): 202 once the confirmation mail is on its way. */
export function submitRegistration(companyKey: string, form: RegistrationForm) {
  return requestJson<{ expiresAt: string }>(`/api/registration/${encodeURIComponent(companyKey)}`, { method: 'POST', body: form, auth: false });
}

export interface RegistrationLinkInfo {
  companyName: string;
  companyCode: string;
  employeeName: string;
  loginId: string;
}

/** Whose link it is; reading changes nothing. */
export function readRegistrationLink(token: string) {
  return requestJson<RegistrationLinkInfo>(`/api/registration/links/${encodeURIComponent(token)}`, { auth: false });
}

/** 変更する: 元のパスワード (the registration password) and the first password. */
export function completeRegistration(token: string, originalPassword: string, newPassword: string) {
  return requestJson<RegistrationLinkInfo & { signInUrl: string }>(`/api/registration/links/${encodeURIComponent(token)}`, {
    method: 'POST',
    body: { originalPassword, newPassword },
    auth: false,
  });
}
