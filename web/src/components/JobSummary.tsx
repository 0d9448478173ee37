import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { getJob } from '../api/issuance';
import type { Job } from '../api/types';
import { useI18n } from '../i18n';

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
        setPollError(e instanceof ApiError ? e.message : t('error.unknown'));
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
