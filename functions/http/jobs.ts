import type { Job } from '../core/jobs/job.js';
import { httpHandler, json, localize, type Lang } from '../shared/http-stack.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { issuanceStarter, loadActor } from './composition.js';

const issuance = issuanceStarter();
const files = createJobFiles();

const stamp = (iso: string) => iso.slice(0, 10).replaceAll('-', '');

/** A job as the API shows it: results in the caller's language, a fresh short-lived download link. */
async function view(job: Job, lang: Lang) {
  const { companyId: _c, fileKey, fileExpiresAt, results, ...rest } = job;
  const download =
    fileKey && fileExpiresAt && Date.parse(fileExpiresAt) > Date.now()
      ? { ...(await files.downloadUrl(fileKey, `${job.kind === 'passcode-issuance' ? 'passcode' : 'password'}-notices-${stamp(job.createdAt)}.pdf`)), fileExpiresAt }
      : null;
  return { ...rest, results: localize(results, lang), download };
}

export const handler = httpHandler(
  {
    'GET /api/admin/jobs/{jobId}': {
      auth: 'jwt',
      handle: async ({ actor, params, lang }) => json(200, await view(await issuance.get(actor, params.jobId ?? ''), lang), { 'Cache-Control': 'no-store' }),
    },
  },
  loadActor,
);
