import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getEmployeesById } from '../api/employees';
import { getJob } from '../api/issuance';
import { registrationDownload, startRegistrationCodes } from '../api/registration';
import { getSettings } from '../api/settings';
import type { Employee, Job } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { isRunning, JobEnd, JobResults, JobTotals, useJob } from '../components/JobSummary';
import { oneLine } from '../components/EmployeeTable';
import { ProgressBar } from '../components/ProgressBar';
import { StartActions } from '../components/StartActions';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { listHref } from '../lib/list-url';
import { Link, useLocation } from '../router';
import { formatJapanTime } from './HomePage';

/** 私用メールアドレス登録用パスワードを発行: the confirmation page for these employees. */
export const registrationCodesHref = (ids: readonly string[]) => `/admin/registration-codes?${new URLSearchParams({ ids: ids.join(',') }).toString()}`;

/** A registration-password job opened again (from 発行ジョブ, or from the mailed CSV link once it lapsed). */
export { registrationJobHref } from '../lib/job-url';

/** A company address and no account yet: the help page's warning, mail verification suits them better. */
const hasCompanyAddress = (e: Employee) => e.email1 !== '' && e.accountIssued !== true;

export function RegistrationCodesPage() {
  const { search } = useLocation();
  const ids = search.get('ids') ?? '';
  const jobId = search.get('job') ?? '';
  return (
    <AdminLayout adminOnly>
      <RegistrationCodes key={`${ids}|${jobId}`} ids={ids.split(',').filter(Boolean)} jobId={jobId} />
    </AdminLayout>
  );
}

/** Confirm the employees → 発行する → progress → the result, its refused rows and its files. */
function RegistrationCodes({ ids, jobId }: { ids: string[]; jobId: string }) {
  const { t } = useI18n();
  useTitle(t('registration.title'));
  const { job, setJob, pollError } = useJob();
  const [targets, setTargets] = useState<Employee[] | null>(null);
  const [birthDates, setBirthDates] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const message = (e: unknown) => (errorMessage(e));

  useEffect(() => {
    let live = true;
    void (async () => {
      if (jobId) {
        try {
          const opened = await getJob(jobId);
          if (live) setJob(opened);
        } catch (e) {
          if (live) setError(message(e));
        }
        return;
      }
      const [{ found, failure }, settings] = await Promise.all([getEmployeesById(ids), getSettings().catch(() => null)]);
      if (!live) return;
      if (failure) setError(message(failure));
      setTargets(found);
      setBirthDates(settings?.registrationPasswordFromBirthDate === true);
    })();
    return () => {
      live = false;
    };
    // Once per set of ids: the screen is keyed by them.
  }, []);

  useEffect(() => {
    if (pollError) setError(pollError);
  }, [pollError]);

  async function start() {
    if (!targets || targets.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const started = await startRegistrationCodes(targets.map((e) => e.id));
      setJob(await getJob(started.jobId));
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  const running = isRunning(job);
  const companyAddresses = (targets ?? []).filter(hasCompanyAddress).length;
  return (
    <>
      <div className="page-head">
        <div>
          <Link to={listHref()} className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{t('registration.title')}</h1>
        </div>
      </div>

      {error && <Alert kind="error">{error}</Alert>}

      {!job && !jobId && targets === null && <p className="empty">{t('common.loading')}</p>}
      {!job && targets !== null && targets.length === 0 && <Alert kind="info">{t('registration.noTargets')}</Alert>}
      {!job && targets !== null && targets.length > 0 && (
        <section className="card" aria-labelledby="registration-confirm-title">
          <h2 id="registration-confirm-title" className="card-title">
            {t('registration.confirmTitle')}
          </h2>
          <p className="section-hint">{birthDates ? t('registration.birthDateLead') : t('registration.confirmLead')}</p>
          <div className="table-wrap">
            <table className="table table-compact" data-testid="registration-targets">
              <thead>
                <tr>
                  <th scope="col">{t('field.employeeCode')}</th>
                  <th scope="col">{t('list.col.name')}</th>
                  <th scope="col">{t('field.department')}</th>
                  <th scope="col">{oneLine(t('list.col.privateEmail'))}</th>
                  <th scope="col">{oneLine(t('list.col.account'))}</th>
                  <th scope="col">{oneLine(t('list.col.registration'))}</th>
                </tr>
              </thead>
              <tbody>
                {targets.map((e) => (
                  <tr key={e.id}>
                    <td className="mono">{e.employeeCode}</td>
                    <td className="nowrap">{fullName(e)}</td>
                    <td>{e.department}</td>
                    <td className="nowrap">{e.privateEmailRegistered ? t('yesNo.yes') : t('yesNo.no')}</td>
                    <td className="nowrap">{e.accountIssued ? t('yesNo.yes') : t('yesNo.no')}</td>
                    <td className="nowrap">{t(`registrationStatus.${e.registrationStatus ?? 'unissued'}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {companyAddresses > 0 && (
            <Alert kind="warning">
              <span data-testid="company-address-warning">{t('registration.companyAddressWarning', { n: companyAddresses })}</span>
            </Alert>
          )}
          <Alert kind="info">{t('registration.refusedNote')}</Alert>
          {targets.some((e) => e.registrationStatus === 'issued') && <Alert kind="info">{t('registration.reissueNote')}</Alert>}
          <StartActions label={t('registration.start', { n: targets.length })} busy={busy} disabled={false} onStart={() => void start()} />
        </section>
      )}

      {job && running && (
        <section className="card">
          <h2 className="card-title">{t('registration.runningTitle')}</h2>
          <p>{t('registration.runningBody')}</p>
          <ProgressBar done={job.progress.done} total={job.progress.total} label={t('registration.runningTitle')} />
        </section>
      )}

      {job && !running && <Result job={job} />}
    </>
  );
}

function Result({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  const [downloading, setDownloading] = useState<'csv' | 'letters' | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  async function download(file: 'csv' | 'letters') {
    setDownloading(file);
    setDownloadError(null);
    try {
      // A presigned link of minutes, asked for (and audited) at the press; its Content-Disposition saves the file.
      const link = await registrationDownload(job.jobId, file);
      window.location.assign(link.url);
    } catch (e) {
      setDownloadError(errorMessage(e));
    } finally {
      setDownloading(null);
    }
  }

  const files = job.files ?? null;
  return (
    <section className="card" aria-live="polite" aria-labelledby="registration-result-title">
      <h2 id="registration-result-title" className="card-title">
        {t('registration.resultTitle')}
      </h2>
      {/* Why it failed (chunks that never ran), and 未処理の社員で再実行: a new batch for exactly those. */}
      <JobEnd job={job} />
      <JobTotals job={job} succeededLabel={t('registration.succeeded')} />

      {files ? (
        <>
          {files.csvMail === 'sent' && <Alert kind="success">{t('registration.csvMailSent')}</Alert>}
          {files.csvMail === 'no-address' && <Alert kind="info">{t('registration.csvMailNoAddress')}</Alert>}
          {files.csvMail === 'failed' && <Alert kind="error">{t('registration.csvMailFailed')}</Alert>}
          <div className="download-row">
            <button type="button" className="btn btn-primary" data-testid="registration-csv" disabled={downloading !== null} onClick={() => void download('csv')}>
              {downloading === 'csv' ? t('registration.downloading') : t('registration.downloadCsv')}
            </button>
            <button type="button" className="btn btn-secondary" data-testid="registration-letters" disabled={downloading !== null} onClick={() => void download('letters')}>
              {downloading === 'letters' ? t('registration.downloading') : t('registration.downloadLetters')}
            </button>
          </div>
          <p className="section-hint">{t('registration.filesUntil', { at: formatJapanTime(files.expiresAt, lang) })}</p>
          <Alert kind="warning">{t('registration.note')}</Alert>
        </>
      ) : (
        job.state === 'done' && job.counts.succeeded > 0 && <Alert kind="info">{t('registration.filesExpired')}</Alert>
      )}
      {downloadError && <Alert kind="error">{downloadError}</Alert>}

      <JobResults job={job} title={t('registration.refusedTitle')} />

      <div className="form-actions">
        <Link to={listHref()} className="btn btn-secondary">
          {t('issuance.toList')}
        </Link>
      </div>
    </section>
  );
}
