import { requestJson } from './client';
import type { ClientSettings, CompanyInfo, StaffMember } from './types';

/** 企業情報: the company's facts (read-only for admins; 打刻連携 is support's). */
export function getCompanyInfo() {
  return requestJson<CompanyInfo>('/api/admin/company');
}

/** 管理者設定: the company's admins and viewers. */
export async function listAdmins() {
  return (await requestJson<{ items: StaffMember[] }>('/api/admin/admins')).items;
}

/** 認証情報の削除: only where support allowed admins to. */
export function deleteEmployeeMfa(employeeId: string) {
  return requestJson<{ mfaStatus: 'none' }>(`/api/admin/employees/${encodeURIComponent(employeeId)}/mfa`, { method: 'DELETE' });
}

/** The support console: sets a company's 打刻連携 and 認証情報の削除 permission. */
export function setClientSettings(companyId: string, settings: ClientSettings) {
  return requestJson<ClientSettings>(`/api/support/companies/${encodeURIComponent(companyId)}/client-settings`, { method: 'PUT', body: settings });
}
