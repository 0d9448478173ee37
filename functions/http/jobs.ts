import type { Job } from '../core/jobs/job.js';
import { listedUntil } from '../core/jobs/service.js';
import { japanDateStamp as stamp } from '../core/shared/japan-date.js';
import { httpHandler, json, localize, type Lang } from '../shared/http-stack.js';
import { createJobFiles } from '../adapters/s3/job-files.js';
import { loadActor } from '../wiring/actor.js';
import { jobRerun, jobService } from '../wiring/jobs.js';

const jobs = jobService();
const rerun = jobRerun();
const files = createJobFiles();

const NO_STORE = { 'Cache-Control': 'no-store' };

/** Why it failed, what re-ran it, and whether its failed and unprocessed employees can be re-run. */
const outcome = (job: Job) => ({ stopReason: job.stopReason ?? null, rerunOf: job.rerunOf ?? null, rerunBy: job.rerunBy ?? null, canRerun: rerun.canRerun(job) });

/** A job as the API shows it: results in the caller's language, a fresh short-lived download link. */
async function view(job: Job, lang: Lang) {
  const { companyId: _c, fileKey, fileExpiresAt, results, createdByAccountId: _a, csvMail, stopReason: _s, rerunOf: _o, rerunBy: _b, ...rest } = job;
  if (job.kind === 'registration-codes') {
    // Its files hold the plain passwords: each download is asked for and audited (registration-codes routes).
    const live = fileKey && fileExpiresAt && Date.parse(fileExpiresAt) > Date.now();
    return { ...rest, ...outcome(job), results: localize(results, lang), download: null, files: live ? { expiresAt: fileExpiresAt, csvMail: csvMail ?? 'no-address' } : null };
  }
  const download =
    fileKey && fileExpiresAt && Date.parse(fileExpiresAt) > Date.now()
      ? { ...(await files.downloadUrl(fileKey, `${job.kind === 'passcode-issuance' ? 'passcode' : 'password'}-notices-${stamp(job.createdAt)}.pdf`)), fileExpiresAt }
      : null;
  return { ...rest, ...outcome(job), results: localize(results, lang), download };
}

/** A job in the list: no rows and no link (opening the job makes one). */
function summary(job: Job) {
  const { companyId: _c, fileKey: _k, results: _r, createdByAccountId: _a, csvMail: _m, stopReason: _s, rerunOf: _o, rerunBy: _b, ...rest } = job;
  return { ...rest, ...outcome(job), listedUntil: listedUntil(job) ?? null };
}

export const handler = httpHandler(
  {
    'GET /api/admin/jobs': {
      auth: 'jwt',
      handle: async ({ actor }) => json(200, { items: (await jobs.list(actor)).map(summary) }, NO_STORE),
    },
    'GET /api/admin/jobs/{jobId}': {
      auth: 'jwt',
      handle: async ({ actor, params, lang }) => json(200, await view(await jobs.get(actor, params.jobId ?? ''), lang), NO_STORE),
    },
    'POST /api/admin/jobs/{jobId}/rerun': {
      auth: 'jwt',
      handle: async ({ actor, params }) => json(202, { jobId: (await rerun.rerun(actor, params.jobId ?? '')).jobId }),
    },
    'GET /api/admin/jobs/{jobId}/results': {
      auth: 'jwt',
      handle: async ({ actor, params, lang }) => {
        const { job, csv } = await jobs.resultsCsv(actor, params.jobId ?? '', lang);
        return {
          statusCode: 200,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="job-results-${stamp(job.createdAt)}-${job.jobId}.csv"`,
            ...NO_STORE,
          },
          body: csv,
        };
      },
    },
  },
  loadActor,
);
