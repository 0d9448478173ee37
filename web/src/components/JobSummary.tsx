import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { getJob, rerunJob } from '../api/issuance';
import type { Job, JobSummary } from '../api/types';
import { useI18n } from '../i18n';
import { jobPageHref } from '../lib/job-url';
import { Link, navigate } from '../router';
import { Alert } from './Alert';

const POLL_MS = 1000;

export const isRunning = (job: Job | null) => job?.state === 'queued' || job?.state === 'running';

/**
 * A bulk job followed once a second until it ends (PDF issuance, request or notice mails).
 * A failed poll is shown and polling goes on: a blip in the network should not strand the screen.
 */
export function useJob(): { job: Job | null; setJob: (job: Job | null) => void; pollError: string | null } {
  const { t } = useI18n();
  const [job, setJob] = useState<Job | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const running = isRunning(job);
  useEffect(() => {
    if (!running || !job) return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const latest = await getJob(job.jobId);
        if (!live) return;
        setPollError(null);
        setJob(latest);
      } catch (e) {
        if (!live) return;
        setPollError(errorMessage(e));
        setJob({ ...job });
      }
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, running]);
  return { job, setJob, pollError };
}

/** 成功 (or 送信) / 失敗 / 対象外 with their counts. */
export function JobTotals({ job, succeededLabel }: { job: Job; succeededLabel?: string }) {
  const { t } = useI18n();
  const { counts } = job;
  return (
    <ul className="totals" data-testid="issuance-totals">
      <li className={counts.succeeded > 0 ? 'totals-success' : ''}>
        <span className="totals-label">{succeededLabel ?? t('issuance.succeeded')}</span>
        <span className="totals-value">{t('issuance.count', { n: counts.succeeded })}</span>
      </li>
      <li className={counts.failed > 0 ? 'totals-error' : ''}>
        <span className="totals-label">{t('issuance.failed')}</span>
        <span className="totals-value">{t('issuance.count', { n: counts.failed })}</span>
      </li>
      <li className={counts.excluded > 0 ? 'totals-warning' : ''}>
        <span className="totals-label">{t('issuance.excluded')}</span>
        <span className="totals-value">{t('issuance.count', { n: counts.excluded })}</span>
      </li>
    </ul>
  );
}

/** The failed and excluded employees of a job, each with the reason. */
export function JobResults({ job, title }: { job: Job; title: string }) {
  const { t } = useI18n();
  if (job.results.length === 0) return null;
  return (
    <div className="issues issues-error">
      <h3 className="issues-title">{title}</h3>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="issuance-results">
          <thead>
            <tr>
              <th scope="col">{t('field.employeeCode')}</th>
              <th scope="col">{t('list.col.name')}</th>
              <th scope="col">{t('issuance.col.outcome')}</th>
              <th scope="col">{t('issuance.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {job.results.map((r) => (
              <tr key={r.employeeId}>
                <td className="mono">{r.employeeCode}</td>
                <td className="nowrap">{r.name}</td>
                <td className="nowrap">
                  <span className={`badge ${r.outcome === 'failed' ? 'badge-error' : 'badge-off'}`}>{t(`issuance.outcome.${r.outcome}`)}</span>
                </td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * 未処理の社員で再実行: starts the re-run and opens it. When another re-run got there first, that
 * one is opened instead.
 */
export function useRerun(): { rerun: (job: JobSummary | Job) => Promise<void>; busy: boolean; error: string | null } {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function rerun(job: JobSummary | Job) {
    setBusy(true);
    setError(null);
    try {
      const { jobId } = await rerunJob(job.jobId);
      navigate(jobPageHref(job.kind, jobId));
    } catch (e) {
      const existing = e instanceof ApiError && e.code === 'ALREADY_RERUN' ? (e.details as { jobId?: string } | undefined)?.jobId : undefined;
      if (existing) navigate(jobPageHref(job.kind, existing));
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return { rerun, busy, error };
}

/**
 * How an ended job stands: why it failed (chunks that never ran), the one button that re-runs its
 * failed and unprocessed employees, and the links between a job and its re-run.
 */
export function JobEnd({ job }: { job: Job }) {
  const { t } = useI18n();
  const { rerun, busy, error } = useRerun();
  return (
    <div data-testid="job-end">
      {job.state === 'failed' && (
        <Alert kind="error">
          <p>
            <strong>{job.stopReason === 'stalled' ? t('jobs.stopped.stalledTitle') : t('jobs.stopped.chunkFailedTitle')}</strong>
          </p>
          <p>{job.stopReason === 'stalled' ? t('jobs.stopped.stalledBody') : t('jobs.stopped.chunkFailedBody')}</p>
        </Alert>
      )}
      {job.rerunOf && (
        <p className="section-hint">
          {t('jobs.rerunOf')} <Link to={jobPageHref(job.kind, job.rerunOf)}>{t('jobs.openOriginal')}</Link>
        </p>
      )}
      {job.rerunBy && (
        <Alert kind="info">
          {t('jobs.rerunDone')} <Link to={jobPageHref(job.kind, job.rerunBy)} data-testid="open-rerun">{t('jobs.openRerun')}</Link>
        </Alert>
      )}
      {job.canRerun && (
        <div className="rerun-box">
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void rerun(job)} data-testid="rerun">
            {t('jobs.rerun', { n: job.counts.failed })}
          </button>
          <p className="section-hint">{t('jobs.rerunHint')}</p>
        </div>
      )}
      {error && <Alert kind="error">{error}</Alert>}
    </div>
  );
}
