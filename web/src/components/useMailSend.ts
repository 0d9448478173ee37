import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getJob } from '../api/issuance';
import type { Job } from '../api/types';
import { useI18n } from '../i18n';
import { isRunning, useJob } from './JobSummary';

/**
 * One mail job for one employee (send, resend, reissue A or B): start it, follow it, and say
 * `onDone` once it has ended, so the page reloads the employee and the history.
 */
export function useMailSend(onDone: (job: Job) => void) {
  const { t } = useI18n();
  const { job, setJob, pollError } = useJob();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = isRunning(job);

  useEffect(() => {
    if (job && !running) onDone(job);
  }, [job?.jobId, running]);

  async function start(send: () => Promise<{ jobId: string }>) {
    setBusy(true);
    setError(null);
    setJob(null);
    try {
      const { jobId } = await send();
      setJob(await getJob(jobId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { job, running, busy: busy || running, error: error ?? pollError, start, clear: () => setJob(null) };
}

/** What one employee's job came to: sent, or the reason it was not. */
export function outcomeOf(job: Job): { ok: true } | { ok: false; message: string } {
  if (job.counts.succeeded > 0) return { ok: true };
  const reason = job.results[0]?.message;
  return { ok: false, message: reason ?? '' };
}
