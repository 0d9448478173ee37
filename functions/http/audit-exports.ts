import type { Job } from '../core/jobs/job.js';
import { parseWith } from '../core/shared/parse.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { httpHandler, json } from '../shared/http-stack.js';
import { ConditionsBody } from './audit-conditions.js';
import { loadActor } from '../wiring/actor.js';
import { auditExportService } from '../wiring/audit.js';

const exporter = auditExportService();
const files = createJobFiles();

const NO_STORE = { 'Cache-Control': 'no-store' };
const stamp = (iso: string) => iso.slice(0, 10).replaceAll('-', '');

/** An export as the API shows it: progress in slices, rows so far, and a fresh short-lived link once done. */
async function view(job: Job) {
  const download =
    job.fileKey && job.fileExpiresAt && Date.parse(job.fileExpiresAt) > Date.now()
      ? { ...(await files.downloadUrl(job.fileKey, `audit-log-${stamp(job.createdAt)}.csv`)), fileExpiresAt: job.fileExpiresAt }
      : null;
  return { jobId: job.jobId, state: job.state, progress: job.progress, rows: job.counts.succeeded, createdAt: job.createdAt, finishedAt: job.finishedAt ?? null, download };
}

export const handler = httpHandler(
  {
    'POST /api/admin/audit/exports': {
      auth: 'jwt',
      body: 'json',
      handle: async ({ actor, body, lang }) => json(202, await view(await exporter.start(actor, parseWith(ConditionsBody, body), lang)), NO_STORE),
    },
    'GET /api/admin/audit/exports/{jobId}': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(200, await view(await exporter.get(actor, params.jobId ?? '')), NO_STORE),
    },
  },
  loadActor,
);
