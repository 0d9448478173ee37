import { requestJson } from './client';
import type { AuditConditions, AuditExportJob, AuditPage, SavedSearch } from './types';

/** A search's conditions as the query of GET /api/admin/audit (lists comma-separated). */
export function conditionsQuery(c: AuditConditions): Record<string, string | number | undefined> {
  return {
    lastDays: c.lastDays,
    from: c.from,
    to: c.to,
    groups: c.groups?.length ? c.groups.join(',') : undefined,
    actions: c.actions?.length ? c.actions.join(',') : undefined,
    actor: c.actor,
    actorLogin: c.actorLogin,
    target: c.target,
    targetLogin: c.targetLogin,
    user: c.user,
    result: c.result,
    mode: c.mode,
  };
}

export function searchAudit(c: AuditConditions, page: { limit?: number; cursor?: string } = {}) {
  return requestJson<AuditPage>('/api/admin/audit', { query: { ...conditionsQuery(c), limit: page.limit, cursor: page.cursor } });
}

export async function listSavedSearches(): Promise<SavedSearch[]> {
  return (await requestJson<{ items: SavedSearch[] }>('/api/admin/audit/saved-searches')).items;
}

export function createSavedSearch(name: string, conditions: AuditConditions) {
  return requestJson<SavedSearch>('/api/admin/audit/saved-searches', { method: 'POST', body: { name, conditions } });
}

export function renameSavedSearch(searchId: string, name: string) {
  return requestJson<SavedSearch>(`/api/admin/audit/saved-searches/${encodeURIComponent(searchId)}`, { method: 'PUT', body: { name } });
}

export function deleteSavedSearch(searchId: string) {
  return requestJson<void>(`/api/admin/audit/saved-searches/${encodeURIComponent(searchId)}`, { method: 'DELETE' });
}

export function startAuditExport(c: AuditConditions) {
  return requestJson<AuditExportJob>('/api/admin/audit/exports', { method: 'POST', body: c });
}

export function getAuditExport(jobId: string) {
  return requestJson<AuditExportJob>(`/api/admin/audit/exports/${encodeURIComponent(jobId)}`);
}
