import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { downloadJobResults, listJobs } from '../api/issuance';
import { getAuditExport } from '../api/audit';
import type { JobSummary } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { useTitle } from '../components/useTitle';
import { t as translate, useI18n } from '../i18n';
import { saveBlob, yyyymmdd } from '../lib/format';
import { Link } from '../router';
import { jobPageHref } from '../lib/job-url';
import { useRerun } from '../components/JobSummary';

const POLL_MS = 3000;

/** /admin/jobs: 発行ジョブ — each bulk job with its results until its file expires (admins only). */
export function JobsPage() {
  return (
    <AdminLayout adminOnly>
      <Jobs />
    </AdminLayout>
  );
}

function Jobs() {
  const { t } = useI18n();
  useTitle(t('jobs.title'));
  const [jobs, setJobs] = useState<JobSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const { rerun, busy: rerunning, error: rerunError } = useRerun();

  useEffect(() => {
    let live = true;
    listJobs()
      .then((items) => live && (setJobs(items), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [tick]);

  // While a job runs, its row follows it.
  const running = jobs?.some((j) => j.state === 'queued' || j.state === 'running') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [running, jobs]);

  async function saveExport(job: JobSummary) {
    try {
      const url = (await getAuditExport(job.jobId)).download?.url;
      if (url) window.location.assign(url);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function saveResults(job: JobSummary) {
    try {
      saveBlob(await downloadJobResults(job.jobId), `job-results-${yyyymmdd(new Date(job.createdAt))}.csv`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('jobs.title')}</h1>
          <p className="page-sub">{t('jobs.lead')}</p>
        </div>
        <button type="button" className="btn btn-secondary" onClick={() => setTick((n) => n + 1)}>
          {t('list.refresh')}
        </button>
      </div>
      {(error ?? rerunError) && <Alert kind="error">{error ?? rerunError}</Alert>}
      {jobs === null && !error && <p className="empty">{t('common.loading')}</p>}
      {jobs?.length === 0 && <p className="empty">{t('jobs.empty')}</p>}
      {jobs && jobs.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="jobs">
            <thead>
              <tr>
                <th scope="col">{t('jobs.col.createdAt')}</th>
                <th scope="col">{t('jobs.col.kind')}</th>
                <th scope="col">{t('jobs.col.createdBy')}</th>
                <th scope="col">{t('jobs.col.state')}</th>
                <th scope="col" className="num">{t('issuance.succeeded')}</th>
                <th scope="col" className="num">{t('issuance.failed')}</th>
                <th scope="col" className="num">{t('issuance.excluded')}</th>
                <th scope="col">{t('jobs.col.listedUntil')}</th>
                <th scope="col">{t('jobs.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.jobId} data-testid={`job-${job.jobId}`}>
                  <td className="nowrap">{new Date(job.createdAt).toLocaleString()}</td>
                  <td>{kindLabel(job)}</td>
                  <td>{job.createdBy}</td>
                  <td>
                    {job.state === 'done' ? (
                      <span className="badge badge-on">{t('jobs.state.done')}</span>
                    ) : job.state === 'failed' ? (
                      <>
                        <span className="badge badge-error">{t('jobs.state.failed')}</span>
                        {/* Which way it ended, in words: the admin decides on the re-run from this. */}
                        <div className="job-stop-reason" data-testid="stop-reason">
                          {job.stopReason === 'stalled' ? t('jobs.stopReason.stalled') : job.kind === 'audit-export' ? t('jobs.stopReason.exportFailed') : t('jobs.stopReason.chunkFailed')}
                        </div>
                      </>
                    ) : (
                      <span className="badge">{t('jobs.state.running', { done: job.progress.done, total: job.progress.total })}</span>
                    )}
                  </td>
                  <td className="num">{job.counts.succeeded}</td>
                  <td className="num">{job.counts.failed}</td>
                  <td className="num">{job.counts.excluded}</td>
                  <td className="nowrap">{job.listedUntil ? new Date(job.listedUntil).toLocaleString() : '-'}</td>
                  <td className="nowrap">
                    <div className="row-actions">
                      {job.kind === 'audit-export' ? (
                        job.state === 'done' && (
                          <button type="button" className="btn btn-secondary btn-small" onClick={() => void saveExport(job)}>
                            {t('logs.exportLink')}
                          </button>
                        )
                      ) : (
                        <Link to={jobPageHref(job.kind, job.jobId)} className="btn btn-secondary btn-small">
                          {t('jobs.open')}
                        </Link>
                      )}
                      {(job.state === 'done' || job.state === 'failed') && job.kind !== 'audit-export' && (
                        <button type="button" className="btn btn-secondary btn-small" onClick={() => void saveResults(job)}>
                          {t('jobs.resultsCsv')}
                        </button>
                      )}
                      {job.canRerun && (
                        <button type="button" className="btn btn-primary btn-small" disabled={rerunning} onClick={() => void rerun(job)} data-testid="rerun">
                          {t('jobs.rerunShort', { n: job.counts.failed })}
                        </button>
                      )}
                      {job.rerunBy && (
                        <Link to={jobPageHref(job.kind, job.rerunBy)} className="btn btn-link btn-small">
                          {t('jobs.openRerun')}
                        </Link>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** What a job did, in words; a kind this screen does not know yet shows as is. */
function kindLabel(job: JobSummary): string {
  if (job.kind === 'pdf-issuance') return translate(job.reissue ? 'jobs.kind.pdfReissue' : 'jobs.kind.pdf');
  if (job.kind === 'passcode-issuance') return translate(job.reissue ? 'jobs.kind.passcodeReissue' : 'jobs.kind.passcode');
  if (job.kind === 'mail-request') return translate('jobs.kind.mailRequest');
  if (job.kind === 'mail-notice') return translate('jobs.kind.mailNotice');
  if (job.kind === 'registration-codes') return translate('jobs.kind.registration');
  if (job.kind === 'audit-export') return translate('jobs.kind.auditExport');
  if (job.kind === 'group-assignment') return translate('jobs.kind.groupAssignment');
  return job.kind;
}
