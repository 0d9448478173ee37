import { useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { getEmployeesById, getEmployeeCounts } from '../api/employees';
import { downloadJobResults, getJob, startPasscodeIssuance, startPdfIssuance, startPdfIssuanceForAllUnissued } from '../api/issuance';
import type { Employee, Job } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { StartActions } from '../components/StartActions';
import { Alert } from '../components/Alert';
import { isRunning, JobEnd, JobResults, JobTotals, useJob } from '../components/JobSummary';
import { ProgressBar } from '../components/ProgressBar';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { fullName, saveBlob, yyyymmdd } from '../lib/format';
import { listHref } from '../lib/list-url';
import { Link, useLocation } from '../router';

/** What a PDF flow issues: the login password, or the time-clock passcode. */
export type IssuanceKind = 'password' | 'passcode';

/** The PDF flow's confirmation page for these employees (`reissue`: パスワード再発行 / パスコード再発行). */
export function issuanceHref(ids: string[], reissue = false, kind: IssuanceKind = 'password'): string {
  const params = new URLSearchParams({ ids: ids.join(',') });
  if (reissue) params.set('reissue', '1');
  if (kind === 'passcode') params.set('kind', 'passcode');
  return `/admin/issuance?${params.toString()}`;
}

/**
 * Whether the job would issue to this employee: enabled, and still 未発行 unless reissuing. Only
 * these can be ticked, so the button's count is the job's total.
 */
export function issuable(e: Employee, kind: IssuanceKind, reissue: boolean): boolean {
  return e.enabled && (reissue || (kind === 'passcode' ? e.passcodeStatus : e.passwordStatus) === 'unissued');
}

export { jobHref } from '../lib/job-url';

/** パスコード一括発行: the confirmation page for every employee whose passcode is 未発行. */
export function passcodeBulkHref(): string {
  return '/admin/issuance?kind=passcode&all=1';
}

/** パスワード一括発行 (PDF): the confirmation page for every employee whose password is 未発行. */
export function passwordBulkHref(): string {
  return '/admin/issuance?all=1';
}

export function IssuancePage() {
  const { search } = useLocation();
  const ids = search.get('ids') ?? '';
  const reissue = search.get('reissue') === '1';
  const jobId = search.get('job') ?? '';
  const kind: IssuanceKind = search.get('kind') === 'passcode' ? 'passcode' : 'password';
  const all = search.get('all') === '1';
  return (
    <AdminLayout adminOnly>
      <Issuance key={`${kind}|${all}|${ids}|${reissue}|${jobId}`} ids={ids.split(',').filter(Boolean)} reissue={reissue} kind={kind} all={all} jobId={jobId} />
    </AdminLayout>
  );
}

/** Issuance by PDF: confirm the targets → ダウンロード → progress → result and the file; or a job opened again. */
function Issuance({ ids, reissue, kind, all, jobId }: { ids: string[]; reissue: boolean; kind: IssuanceKind; all: boolean; jobId: string }) {
  const { t } = useI18n();
  const { job, setJob, pollError } = useJob();
  // A job opened again from 発行ジョブ says itself what it issues.
  const passcode = kind === 'passcode' || job?.kind === 'passcode-issuance';
  const again = reissue || (job?.reissue ?? false);
  const title = passcode
    ? all
      ? t('passcodeIssuance.bulkTitle')
      : again
        ? t('passcodeIssuance.reissueTitle')
        : t('passcodeIssuance.title')
    : all
      ? t('issuance.bulkTitle')
      : again
        ? t('issuance.reissueTitle')
        : t('issuance.title');
  useTitle(title);
  const [unissued, setUnissued] = useState<number | null>(null);
  const [targets, setTargets] = useState<Employee[] | null>(null);
  const [included, setIncluded] = useState<ReadonlySet<string>>(new Set(ids));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    if (all) {
      getEmployeeCounts()
        .then((counts) => live && setUnissued(counts[kind === 'passcode' ? 'passcode#unissued' : 'password#unissued'] ?? 0))
        .catch((e) => live && setError(errorMessage(e)));
      return () => {
        live = false;
      };
    }
    void (async () => {
      if (jobId) {
        try {
          const opened = await getJob(jobId);
          if (live) setJob(opened);
        } catch (e) {
          if (live) setError(errorMessage(e));
        }
        return;
      }
      const { found: ok, failure } = await getEmployeesById(ids);
      if (!live) return;
      if (failure) setError(errorMessage(failure));
      setTargets(ok);
      setIncluded(new Set(ok.filter((e) => issuable(e, kind, reissue)).map((e) => e.id)));
    })();
    return () => {
      live = false;
    };
    // Once per set of ids: the screen is keyed by them.
  }, []);

  const running = isRunning(job);
  useEffect(() => {
    if (pollError) setError(pollError);
  }, [pollError]);

  const chosen = (targets ?? []).filter((e) => included.has(e.id) && issuable(e, kind, reissue)).map((e) => e.id);

  async function start() {
    if (!all && chosen.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const { jobId } = all
        ? passcode
          ? await startPasscodeIssuance({ allUnissued: true })
          : await startPdfIssuanceForAllUnissued()
        : passcode
          ? await startPasscodeIssuance({ employeeIds: chosen, reissue })
          : await startPdfIssuance(chosen, reissue);
      setJob(await getJob(jobId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function toggle(id: string, checked: boolean) {
    setIncluded((s) => {
      const next = new Set(s);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  return (
    <>
      <div className="page-head">
        <div>
          <Link to={listHref()} className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{title}</h1>
        </div>
      </div>

      {error && <Alert kind="error">{error}</Alert>}

      {!job && all && (
        <ConfirmAll kind={kind} unissued={unissued} busy={busy} onStart={start} />
      )}
      {!job && !all && targets === null && !(jobId && error) && <p className="empty">{t('common.loading')}</p>}
      {!job && !all && targets !== null && targets.length === 0 && <Alert kind="info">{t('issuance.noTargets')}</Alert>}
      {!job && !all && targets !== null && targets.length > 0 && (
        <Confirm
          kind={kind}
          targets={targets}
          included={included}
          reissue={reissue}
          busy={busy}
          onToggle={toggle}
          onToggleAll={(c) => setIncluded(new Set(c ? targets.filter((e) => issuable(e, kind, reissue)).map((e) => e.id) : []))}
          onStart={start}
        />
      )}

      {job && running && (
        <section className="card">
          <h2 className="card-title">{t('issuance.runningTitle')}</h2>
          <p>{t('issuance.runningBody')}</p>
          <ProgressBar done={job.progress.done} total={job.progress.total} label={t('issuance.progress')} />
        </section>
      )}

      {job && !running && <Result job={job} onJob={setJob} autoDownload={!jobId} />}
    </>
  );
}

/** パスワード一括発行 / パスコード一括発行: how many are issued, and the one button. */
function ConfirmAll({ kind, unissued, busy, onStart }: { kind: IssuanceKind; unissued: number | null; busy: boolean; onStart: () => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (unissued === null) return <p className="empty">{t('common.loading')}</p>;
  const passcode = kind === 'passcode';
  return (
    <section className="card" aria-labelledby="issuance-confirm-title">
      <h2 id="issuance-confirm-title" className="card-title">
        {t('issuance.confirmTitle')}
      </h2>
      {unissued === 0 ? (
        <Alert kind="info">{passcode ? t('passcodeIssuance.noneUnissued') : t('issuance.noneUnissued')}</Alert>
      ) : (
        <p className="section-hint" data-testid={passcode ? 'passcode-bulk-lead' : 'password-bulk-lead'}>
          {passcode ? t('passcodeIssuance.bulkLead', { n: unissued }) : t('issuance.bulkLead', { n: unissued })}
        </p>
      )}
      <Alert kind="warning">{passcode ? t('passcodeIssuance.note') : t('issuance.note')}</Alert>
      <StartActions label={t('issuance.download', { n: unissued })} busy={busy} disabled={unissued === 0} onStart={() => (passcode ? onStart() : setAsking(true))} />
      {asking && (
        // Passwords of everyone at 未発行 at once: asked once more, with the number.
        <ConfirmDialog
          title={t('issuance.bulkConfirmTitle')}
          confirmLabel={t('issuance.bulkConfirm', { n: unissued })}
          onConfirm={() => {
            setAsking(false);
            onStart();
          }}
          onCancel={() => setAsking(false)}
          focus="confirm"
        >
          <p data-testid="password-bulk-confirm">{t('issuance.bulkConfirmBody', { n: unissued })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

interface ConfirmProps {
  kind: IssuanceKind;
  targets: Employee[];
  included: ReadonlySet<string>;
  reissue: boolean;
  busy: boolean;
  onToggle: (id: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  onStart: () => void;
}

function Confirm({ kind, targets, included, reissue, busy, onToggle, onToggleAll, onStart }: ConfirmProps) {
  const { t } = useI18n();
  const passcode = kind === 'passcode';
  const can = (e: Employee) => issuable(e, kind, reissue);
  const count = targets.filter((e) => included.has(e.id) && can(e)).length;
  const possible = targets.filter(can).length;
  const allIncluded = possible > 0 && count === possible;
  const alreadyIssued = !reissue && targets.some((e) => e.enabled && (passcode ? e.passcodeStatus : e.passwordStatus) !== 'unissued');
  const disabled = targets.some((e) => !e.enabled);
  const lead = passcode ? (reissue ? t('passcodeIssuance.reissueLead') : t('passcodeIssuance.confirmLead')) : reissue ? t('issuance.reissueLead') : t('issuance.confirmLead');
  return (
    <section className="card" aria-labelledby="issuance-confirm-title">
      <h2 id="issuance-confirm-title" className="card-title">
        {t('issuance.confirmTitle')}
      </h2>
      <p className="section-hint">{lead}</p>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="issuance-targets">
          <thead>
            <tr>
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  className="row-check"
                  aria-label={t('issuance.selectAll')}
                  checked={allIncluded}
                  ref={(el) => {
                    if (el) el.indeterminate = count > 0 && !allIncluded;
                  }}
                  onChange={(e) => onToggleAll(e.target.checked)}
                  disabled={possible === 0}
                />
              </th>
              <th scope="col">{t('field.employeeCode')}</th>
              <th scope="col">{t('list.col.name')}</th>
              <th scope="col">{t('field.department')}</th>
              <th scope="col">{t('issuance.col.current')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((e) => (
              <tr key={e.id} className={included.has(e.id) && can(e) ? 'selected' : 'excluded'}>
                <td className="col-check">
                  <input
                    type="checkbox"
                    className="row-check"
                    aria-label={t('issuance.selectOne', { code: e.employeeCode, name: fullName(e) })}
                    checked={included.has(e.id) && can(e)}
                    disabled={!can(e)}
                    onChange={(event) => onToggle(e.id, event.target.checked)}
                  />
                </td>
                <td className="mono">{e.employeeCode}</td>
                <td className="nowrap">{fullName(e)}</td>
                <td>{e.department}</td>
                <td className="nowrap">
                  {passcode ? (
                    <>
                      <span className={`status status-${e.passcodeStatus}`}>{t(`passcodeStatus.${e.passcodeStatus}`)}</span>
                      {e.passcodeLocked && <span className="badge badge-error passcode-locked">{t('passcode.locked')}</span>}
                    </>
                  ) : (
                    <span className={`status status-${e.passwordStatus}`}>{t(`passwordStatus.${e.passwordStatus}`)}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {alreadyIssued && <Alert kind="info">{passcode ? t('passcodeIssuance.alreadyIssued') : t('issuance.alreadyIssued')}</Alert>}
      {disabled && <Alert kind="info">{t('issuance.disabledExcluded')}</Alert>}
      <Alert kind="warning">{passcode ? t('passcodeIssuance.note') : t('issuance.note')}</Alert>
      <StartActions label={t('issuance.download', { n: count })} busy={busy} disabled={count === 0} onStart={onStart} />
    </section>
  );
}

/** The file name the link's Content-Disposition gives, for a download saved from a fetched blob. */
function fileNameOf(url: string): string {
  try {
    const disposition = new URL(url).searchParams.get('response-content-disposition') ?? '';
    return /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'password-notices.pdf';
  } catch {
    return 'password-notices.pdf';
  }
}

/** 'saved'; 'refused' when the link answered an error (e.g. expired); 'unreachable' when it could not be read at all. */
async function fetchAndSave(url: string): Promise<'saved' | 'refused' | 'unreachable'> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return 'unreachable';
  }
  if (!response.ok) return 'refused';
  saveBlob(await response.blob(), fileNameOf(url));
  return 'saved';
}

/** `autoDownload`: save the file as soon as it is ready (not when the job is only opened again). */
function Result({ job, onJob, autoDownload }: { job: Job; onJob: (job: Job) => void; autoDownload: boolean }) {
  const { t } = useI18n();
  const [resultsError, setResultsError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const started = useRef(false);
  const prefix = job.kind === 'passcode-issuance' ? 'passcodeIssuance' : 'issuance';

  /** A fresh presigned link: the job is asked again. */
  async function freshLink(): Promise<Job['download']> {
    const fresh = await getJob(job.jobId);
    onJob(fresh);
    return fresh.download;
  }

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      let link = job.download;
      // The link lasts minutes: one about to lapse is renewed first.
      if (!link || Date.parse(link.expiresAt) - Date.now() < 5_000) link = await freshLink();
      if (!link) {
        setDownloadError(t(`${prefix}.fileExpired`));
        return;
      }
      let outcome = await fetchAndSave(link.url);
      if (outcome === 'saved') return;
      // The first try failed: a fresh link, and once more.
      link = await freshLink();
      if (!link) {
        setDownloadError(t(`${prefix}.fileExpired`));
        return;
      }
      outcome = await fetchAndSave(link.url);
      if (outcome === 'saved') return;
      // The bucket may refuse cross-origin reads: let the browser fetch it itself; the link's
      // Content-Disposition (attachment) saves the file and keeps this page.
      if (outcome === 'unreachable') window.location.assign(link.url);
      else setDownloadError(t(`${prefix}.downloadFailed`));
    } catch (e) {
      setDownloadError(e instanceof ApiError ? e.message : t(`${prefix}.downloadFailed`));
    } finally {
      setDownloading(false);
    }
  }

  async function saveResults() {
    setResultsError(null);
    try {
      saveBlob(await downloadJobResults(job.jobId), `job-results-${yyyymmdd(new Date(job.createdAt))}.csv`);
    } catch (e) {
      setResultsError(errorMessage(e));
    }
  }

  // The file is saved once as soon as it is ready; the link stays for another try.
  useEffect(() => {
    // A failed job's file holds the notices of those it did issue: their passwords changed.
    if (!autoDownload || !job.download || started.current) return;
    started.current = true;
    void download();
  }, [job.state]);

  const { counts } = job;
  return (
    <section className="card" aria-live="polite" aria-labelledby="issuance-result-title">
      <h2 id="issuance-result-title" className="card-title">
        {t('issuance.resultTitle')}
      </h2>
      <JobEnd job={job} />
      <JobTotals job={job} />

      {job.download ? (
        <div className="download-box">
          <a
            href={job.download.url}
            download={fileNameOf(job.download.url)}
            className="btn btn-primary"
            data-testid="issuance-download"
            aria-disabled={downloading}
            onClick={(event) => {
              event.preventDefault();
              if (!downloading) void download();
            }}
          >
            {downloading ? t('issuance.downloading') : t('issuance.downloadPdf')}
          </a>
          <p className="section-hint">{t('issuance.downloadHint', { at: new Date(job.download.expiresAt).toLocaleString() })}</p>
        </div>
      ) : (
        job.state === 'done' && <Alert kind="info">{counts.succeeded > 0 ? t(`${prefix}.fileExpired`) : t('issuance.noneSucceeded')}</Alert>
      )}
      {downloadError && <Alert kind="error">{downloadError}</Alert>}
      {counts.succeeded > 0 && <Alert kind="warning">{job.kind === 'passcode-issuance' ? t('passcodeIssuance.note') : t('issuance.note')}</Alert>}

      <JobResults job={job} title={t('issuance.resultsTitle')} />

      {resultsError && <Alert kind="error">{resultsError}</Alert>}
      <div className="form-actions">
        <Link to={listHref()} className="btn btn-secondary">
          {t('issuance.toList')}
        </Link>
        <button type="button" className="btn btn-secondary" onClick={() => void saveResults()} data-testid="results-csv">
          {t('issuance.resultsCsv')}
        </button>
      </div>
    </section>
  );
}
