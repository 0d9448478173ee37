import { request, requestJson } from './client';
import type { Job, JobSummary } from './types';

/** パスワード発行 by PDF notice, one employee or many; `reissue` for パスワード再発行. Answers 202 with the job. */
export function startPdfIssuance(employeeIds: string[], reissue = false) {
  return requestJson<{ jobId: string }>('/api/admin/issuance/pdf', { method: 'POST', body: reissue ? { employeeIds, reissue: true } : { employeeIds } });
}

/** パスワード一括発行 by PDF: every employee at 未発行 (as many as the 未発行 counter). */
export function startPdfIssuanceForAllUnissued() {
  return requestJson<{ jobId: string }>('/api/admin/issuance/pdf', { method: 'POST', body: { allUnissued: true } });
}

/** パスコード発行 by PDF notice: chosen employees (`reissue` for パスコード再発行), or every unissued one (一括発行). */
export function startPasscodeIssuance(target: { employeeIds: string[]; reissue?: boolean } | { allUnissued: true }) {
  const body = 'allUnissued' in target ? { allUnissued: true } : target.reissue ? { employeeIds: target.employeeIds, reissue: true } : { employeeIds: target.employeeIds };
  return requestJson<{ jobId: string }>('/api/admin/issuance/passcodes', { method: 'POST', body });
}

/** The job's state, progress, counts, failed/excluded rows and a fresh short-lived download link. */
export function getJob(jobId: string) {
  return requestJson<Job>(`/api/admin/jobs/${encodeURIComponent(jobId)}`);
}

/** The jobs still listed: running, or until their file expires. Newest first. */
export async function listJobs(): Promise<JobSummary[]> {
  return (await requestJson<{ items: JobSummary[] }>('/api/admin/jobs')).items;
}

/** Every employee of a job with its outcome and reason, as CSV in the screen's language. */
export async function downloadJobResults(jobId: string): Promise<Blob> {
  return (await request(`/api/admin/jobs/${encodeURIComponent(jobId)}/results`)).blob();
}

/** 未処理の社員で再実行: a new job for exactly the failed and unprocessed employees of an ended job. Answers 202 with the new job. */
export function rerunJob(jobId: string) {
  return requestJson<{ jobId: string }>(`/api/admin/jobs/${encodeURIComponent(jobId)}/rerun`, { method: 'POST' });
}
