import { request, requestJson } from './client';
import type { Employee, EmployeePage, EmployeeWrite, PasscodeStatus, PasswordStatus, RegistrationStatus, VerificationStatus } from './types';

export interface ListParams {
  q?: string;
  department?: string;
  passwordStatus?: PasswordStatus;
  passcodeStatus?: PasscodeStatus;
  verificationStatus?: VerificationStatus;
  privateEmail?: 'yes' | 'no';
  accountIssued?: 'yes' | 'no';
  registrationStatus?: RegistrationStatus;
  /** 2段階認証: 設定済, 未設定 or ロック中. */
  mfaStatus?: 'active' | 'none' | 'locked';
  /** 所属グループ: a group's id, or `none` (未所属). */
  groupId?: string;
  limit?: number;
  cursor?: string;
}

export function listEmployees(params: ListParams) {
  return requestJson<EmployeePage>('/api/admin/employees', { query: { ...params } });
}

export function getEmployee(id: string) {
  return requestJson<Employee>(`/api/admin/employees/${encodeURIComponent(id)}`);
}

/** Several employees by id (a confirmation list): those that cannot be read are left out, the first failure is answered. */
export async function getEmployeesById(ids: readonly string[]): Promise<{ found: Employee[]; failure?: unknown }> {
  const settled = await Promise.allSettled(ids.map((id) => getEmployee(id)));
  const found = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  return failure ? { found, failure: failure.reason } : { found };
}

export function createEmployee(input: EmployeeWrite) {
  return requestJson<Employee>('/api/admin/employees', { method: 'POST', body: input });
}

export function updateEmployee(id: string, input: EmployeeWrite & { version: number }) {
  return requestJson<Employee>(`/api/admin/employees/${encodeURIComponent(id)}`, { method: 'PUT', body: input });
}

export function deleteEmployee(id: string) {
  return requestJson<void>(`/api/admin/employees/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export async function listDepartments(): Promise<string[]> {
  return (await requestJson<{ items: string[] }>('/api/admin/departments')).items;
}

/** The whole list as CSV (UTF-8 with BOM), fetched with the bearer token. */
export async function exportEmployeesCsv(): Promise<Blob> {
  const response = await request('/api/admin/employee-export');
  return response.blob();
}

/** Status counts from the counter items, e.g. `passcode#unissued`. */
export function getEmployeeCounts() {
  return requestJson<Record<string, number>>('/api/admin/employee-counts');
}

/** One employee of 選択して削除: deleted, or refused with the reason in the caller's language. */
export interface DeletionResult {
  employeeId: string;
  employeeCode: string;
  name: string;
  outcome: 'deleted' | 'refused';
  reason?: 'not-found' | 'self' | 'changed';
  message?: string;
}

/** 選択して削除: up to one page of employees at once. */
export function deleteEmployees(employeeIds: string[]) {
  return requestJson<{ deleted: number; results: DeletionResult[] }>('/api/admin/employee-deletions', { method: 'POST', body: { employeeIds } });
}
