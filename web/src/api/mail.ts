import { requestJson } from './client';
import type { AddressNo, MailKind, MailMode, MailPreview, MailRecord, MailTarget, VerificationInfo } from './types';

/**
 * 認証要求メール for these targets, on the bulk-job engine (202 with the job):
 * `new` from 未発行 / 未, `resend` while waiting for the first sign-in, `reissue` = 再発行 (A).
 */
export function startRequestMail(targets: MailTarget[], mode: MailMode = 'new') {
  return requestJson<{ jobId: string }>('/api/admin/issuance/mail', { method: 'POST', body: { targets, mode } });
}

/** パスワード一括発行 by mail: a first 認証要求メール to every employee at 未発行. */
export function startRequestMailForAllUnissued() {
  return requestJson<{ jobId: string }>('/api/admin/issuance/mail', { method: 'POST', body: { allUnissued: true } });
}

/** 再発行 (B): the アカウント通知メール directly, with a new temporary password. */
export function startNoticeMail(targets: MailTarget[]) {
  return requestJson<{ jobId: string }>('/api/admin/issuance/notice-mail', { method: 'POST', body: { targets } });
}

/** メール送信履歴, newest first. */
export async function listMails(employeeId: string): Promise<MailRecord[]> {
  return (await requestJson<{ items: MailRecord[] }>(`/api/admin/employees/${encodeURIComponent(employeeId)}/mails`)).items;
}

/** A mail rendered by the same code that sends it. */
export function previewMail(employeeId: string, kind: MailKind, address: AddressNo) {
  return requestJson<MailPreview>(`/api/admin/employees/${encodeURIComponent(employeeId)}/mail-preview`, { query: { kind, address } });
}

/** Counters per status value, e.g. `verification#pending`. */
export function getEmployeeCounts() {
  return requestJson<Record<string, number>>('/api/admin/employee-counts');
}

/** The employee's verify page: reading never uses the link. */
export function readVerification(token: string) {
  return requestJson<VerificationInfo>(`/api/verification/${encodeURIComponent(token)}`, { auth: false });
}

/** 認証する: uses the link; the account-notice mail follows. */
export function verify(token: string) {
  return requestJson<VerificationInfo>(`/api/verification/${encodeURIComponent(token)}`, { method: 'POST', auth: false });
}
