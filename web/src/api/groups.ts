import { requestJson } from './client';
import type { ListParams } from './employees';

export type Factor = 'password' | 'otp';
export type GroupLanguage = 'ja' | 'en';

/** A group of グループ設定 (GET /api/admin/groups). */
export interface Group {
  groupId: string;
  name: string;
  firstFactor: Factor;
  secondFactor: Factor | null;
  timeZone: string;
  language: GroupLanguage;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface GroupWrite {
  name: string;
  firstFactor: Factor;
  secondFactor: Factor | null;
  timeZone: string;
  language: GroupLanguage;
}

export async function listGroups(): Promise<Group[]> {
  return (await requestJson<{ items: Group[] }>('/api/admin/groups')).items;
}

export function createGroup(input: GroupWrite) {
  return requestJson<Group>('/api/admin/groups', { method: 'POST', body: input });
}

export function updateGroup(groupId: string, input: GroupWrite & { version: number }) {
  return requestJson<Group>(`/api/admin/groups/${encodeURIComponent(groupId)}`, { method: 'PATCH', body: input });
}

export function deleteGroup(groupId: string) {
  return requestJson<void>(`/api/admin/groups/${encodeURIComponent(groupId)}`, { method: 'DELETE' });
}

/** 社員一覧's filters (no page size, no cursor). */
export type EmployeeFilter = Omit<ListParams, 'limit' | 'cursor'>;

/**
 * 「一括設定の実行」: the chosen employees, or everyone the list's filters match, into a group, or
 * (groupId null) out of theirs. Answers 202 with the job.
 */
export function startGroupAssignment(groupId: string | null, targets: { employeeIds: string[] } | { filter: EmployeeFilter }) {
  return requestJson<{ jobId: string }>('/api/admin/groups/assignments', { method: 'POST', body: { groupId, ...targets } });
}
