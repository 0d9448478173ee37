import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getEmployeeCounts, getEmployeesById, listEmployees } from '../api/employees';
import { downloadJobResults, getJob } from '../api/issuance';
import { startRequestMail, startRequestMailForAllUnissued } from '../api/mail';
import { ADDRESS_NOS, type AddressNo, type Employee } from '../api/types';
import { AddressMarks, addressOf, defaultAddress } from '../components/AddressPicker';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { InlineAddress } from '../components/InlineAddress';
import { isRunning, JobEnd, JobResults, JobTotals, useJob } from '../components/JobSummary';
import { MailPreviewPanel } from '../components/MailPreviewPanel';
import { estimate, MailSendConfirm } from '../components/MailSendConfirm';
import { StartActions } from '../components/StartActions';
import { ProgressBar } from '../components/ProgressBar';
import { useMailMode } from '../components/useMailMode';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { fullName, saveBlob, yyyymmdd } from '../lib/format';
import { listHref } from '../lib/list-url';
import { Link, useLocation } from '../router';

/** 選択してパスワード発行 in mail mode: the confirmation list for these employees. */
export function bulkMailHref(ids: string[]): string {
  return `/admin/mail-issuance?${new URLSearchParams({ ids: ids.join(',') }).toString()}`;
}

export { mailJobHref } from '../lib/job-url';

/** パスワード一括発行 in mail mode: a first request mail to every employee at 未発行. */
export const mailBulkAllHref = () => '/admin/mail-issuance?all=1';

export function MailBulkPage() {
  return (
    <AdminLayout adminOnly>
      <MailBulkKeyed />
    </AdminLayout>
  );
}

function MailBulkKeyed() {
  const { search } = useLocation();
  const ids = (search.get('ids') ?? '').split(',').filter(Boolean);
  const jobId = search.get('job') ?? '';
  const all = search.get('all') === '1';
  return <MailBulk key={`${ids.join(',')}|${jobId}|${all}`} ids={ids} jobId={jobId} all={all} />;
}

/** Only 未発行 / 未 are sent a first request mail; the job excludes the others with the reason. */
const isTarget = (e: Employee) => e.passwordStatus === 'unissued' && e.verificationStatus === 'none';

/** Where a ticked row's mail would go, for the preview link. */
interface PreviewOf {
  employee: Employee;
  address: AddressNo;
}

function MailBulk({ ids, jobId, all }: { ids: string[]; jobId: string; all: boolean }) {
  const { t, lang } = useI18n();
  useTitle(all ? t('issuance.bulkTitle') : t('issuance.title'));
  const { sendRate } = useMailMode();
  const [asking, setAsking] = useState(false);
  const [previewOf, setPreviewOf] = useState<PreviewOf | null>(null);
  // パスワード一括発行: N from the 未発行 counter, and a few of them whose mails can be previewed.
  const [allCount, setAllCount] = useState<number | null>(null);
  const [samples, setSamples] = useState<Employee[]>([]);
  const [targets, setTargets] = useState<Employee[] | null>(null);
  const [included, setIncluded] = useState<ReadonlySet<string>>(new Set());
  const [chosen, setChosen] = useState<Record<string, AddressNo | undefined>>({});
  const { job, setJob, pollError } = useJob();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [resultsError, setResultsError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (all && !jobId) {
        try {
          const [counts, first] = await Promise.all([getEmployeeCounts(), listEmployees({ passwordStatus: 'unissued', limit: 3 })]);
          if (!live) return;
          setAllCount(counts['password#unissued'] ?? 0);
          setSamples(first.items.filter((e) => defaultAddress(e) !== undefined));
        } catch (e) {
          if (live) setError(errorMessage(e));
        }
        return;
      }
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
      setChosen(Object.fromEntries(ok.map((e) => [e.id, defaultAddress(e)])));
      // Only those who will be sent start ticked: not 未設定 (no address), not already issued.
      setIncluded(new Set(ok.filter((e) => defaultAddress(e) !== undefined && isTarget(e)).map((e) => e.id)));
    })();
    return () => {
      live = false;
    };
  }, []);

  const running = isRunning(job);
  const rows = targets ?? [];
  // Only rows at 未発行 / 未 with an address can be ticked, and only ticked rows go to the job:
  // the count on the button, the estimate and the job's total are the same number.
  const mails = rows.filter((e) => included.has(e.id) && chosen[e.id] !== undefined && isTarget(e));
  const count = mails.length;

  // The same address on several ticked rows: one person would get several links.
  const byAddress = new Map<string, Employee[]>();
  for (const e of mails) {
    const key = addressOf(e, chosen[e.id]!).trim().toLowerCase();
    byAddress.set(key, [...(byAddress.get(key) ?? []), e]);
  }
  const duplicates = [...byAddress.entries()].filter(([, list]) => list.length > 1);
  const duplicateIds = new Set(duplicates.flatMap(([, list]) => list.map((e) => e.id)));

  async function start() {
    setAsking(false);
    if (!all && mails.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const { jobId } = all ? await startRequestMailForAllUnissued() : await startRequestMail(mails.map((e) => ({ employeeId: e.id, address: chosen[e.id]! })), 'new');
      setJob(await getJob(jobId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function saveResults() {
    if (!job) return;
    setResultsError(null);
    try {
      saveBlob(await downloadJobResults(job.jobId), `job-results-${yyyymmdd(new Date(job.createdAt))}.csv`);
    } catch (e) {
      setResultsError(errorMessage(e));
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

  /** An address typed inline was saved as メールアドレス1: the row may be ticked now (and is). */
  function saved(e: Employee) {
    setTargets((list) => (list ?? []).map((x) => (x.id === e.id ? e : x)));
    setChosen((c) => ({ ...c, [e.id]: 1 }));
    toggle(e.id, true);
  }

  const selectable = rows.filter((e) => chosen[e.id] !== undefined && isTarget(e));
  const allIncluded = selectable.length > 0 && selectable.every((e) => included.has(e.id));
  const notTargets = rows.filter((e) => !isTarget(e));

  /** A link that shows, below the list, the mail this employee would get. */
  const previewButton = (e: Employee, n: AddressNo) => (
    <button
      type="button"
      className="btn-inline"
      onClick={() => {
        setAsking(false);
        setPreviewOf({ employee: e, address: n });
        // After the panel renders: bring it into view.
        setTimeout(() => document.getElementById('bulk-preview')?.scrollIntoView({ block: 'start' }), 0);
      }}
      data-testid="bulk-preview-link"
    >
      {t('bulkMail.previewOf', { code: e.employeeCode, name: fullName(e) })}
    </button>
  );
  const previewLinks = (list: Employee[]) =>
    list.length > 0 && (
      <>
        <p className="mail-confirm-previews-title">{t('bulkMail.previews')}</p>
        <ul className="preview-links">
          {list.slice(0, 3).map((e) => (
            <li key={e.id}>{previewButton(e, all ? defaultAddress(e)! : chosen[e.id]!)}</li>
          ))}
        </ul>
      </>
    );

  return (
    <>
      <div className="page-head">
        <div>
          <Link to={listHref()} className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{all ? t('issuance.bulkTitle') : t('issuance.title')}</h1>
          <p className="page-sub">{t('bulkMail.sub')}</p>
        </div>
      </div>

      {(error ?? pollError) && <Alert kind="error">{error ?? pollError}</Alert>}

      {!job && all && allCount === null && !error && <p className="empty">{t('common.loading')}</p>}
      {!job && all && allCount !== null && (
        <section className="card" aria-labelledby="bulk-mail-all-title">
          <h2 id="bulk-mail-all-title" className="card-title">
            {t('bulkMail.confirmTitle')}
          </h2>
          {allCount === 0 ? (
            <Alert kind="info">{t('issuance.noneUnissued')}</Alert>
          ) : (
            <p className="section-hint" data-testid="password-bulk-lead">
              {t('bulkMail.allLead', { n: allCount })}
            </p>
          )}
          <p className="estimate" data-testid="mail-estimate">
            {t('bulkMail.estimateAll', { n: allCount, time: estimate(allCount, sendRate, lang), rate: sendRate })}
          </p>
          {samples.length > 0 && <div className="preview-box">{previewLinks(samples)}</div>}
          <StartActions label={t('bulkMail.send', { n: allCount })} busy={busy} disabled={allCount === 0} onStart={() => setAsking(true)} />
        </section>
      )}
      {!job && !all && !jobId && targets === null && <p className="empty">{t('common.loading')}</p>}
      {!job && !jobId && targets !== null && rows.length === 0 && <Alert kind="info">{t('issuance.noTargets')}</Alert>}
      {!job && rows.length > 0 && (
        <section className="card" aria-labelledby="bulk-mail-title">
          <h2 id="bulk-mail-title" className="card-title">
            {t('bulkMail.confirmTitle')}
          </h2>
          <p className="section-hint">{t('bulkMail.lead')}</p>
          <div className="table-wrap">
            <table className="table table-compact table-mail-targets" data-testid="mail-targets">
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
                      onChange={(ev) => setIncluded(new Set(ev.target.checked ? selectable.map((e) => e.id) : []))}
                      disabled={selectable.length === 0}
                    />
                  </th>
                  <th scope="col">{t('field.employeeCode')}</th>
                  <th scope="col">{t('list.col.name')}</th>
                  <th scope="col">{t('mail.to')}</th>
                  <th scope="col">{t('issuance.col.current')}</th>
                  <th scope="col">{t('mail.previewTitle')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => {
                  const n = chosen[e.id];
                  const target = isTarget(e);
                  const on = included.has(e.id) && n !== undefined && target;
                  return (
                    <tr key={e.id} className={on ? 'selected' : 'excluded'}>
                      <td className="col-check">
                        <input
                          type="checkbox"
                          className="row-check"
                          aria-label={t('issuance.selectOne', { code: e.employeeCode, name: fullName(e) })}
                          checked={on}
                          disabled={n === undefined || !target}
                          title={!target ? t('bulkMail.notTargetRow') : undefined}
                          onChange={(ev) => toggle(e.id, ev.target.checked)}
                        />
                      </td>
                      <td className="mono">{e.employeeCode}</td>
                      <td className="nowrap">{fullName(e)}</td>
                      <td>
                        {n === undefined ? (
                          <InlineAddress employee={e} onSaved={saved} />
                        ) : (
                          <div className="address-cell">
                            <select
                              aria-label={t('bulkMail.addressOf', { code: e.employeeCode, name: fullName(e) })}
                              value={n}
                              onChange={(ev) => setChosen((c) => ({ ...c, [e.id]: Number(ev.target.value) as AddressNo }))}
                            >
                              {ADDRESS_NOS.filter((k) => addressOf(e, k).trim() !== '').map((k) => (
                                <option key={k} value={k}>
                                  {k}: {addressOf(e, k)}
                                </option>
                              ))}
                            </select>
                            <AddressMarks employee={e} n={n} />
                            {on && duplicateIds.has(e.id) && <span className="mark mark-duplicate">{t('bulkMail.duplicateMark')}</span>}
                          </div>
                        )}
                      </td>
                      <td className="nowrap">
                        <span className={`status status-${e.passwordStatus}`}>{t(`passwordStatus.${e.passwordStatus}`)}</span>
                        {' ／ '}
                        <span className="status">{t(`verificationStatus.${e.verificationStatus}`)}</span>
                      </td>
                      <td className="nowrap">
                        {n !== undefined && target && (
                          <button
                            type="button"
                            className="btn-inline"
                            aria-label={t('bulkMail.previewOf', { code: e.employeeCode, name: fullName(e) })}
                            onClick={() => setPreviewOf({ employee: e, address: n })}
                          >
                            {t('bulkMail.preview')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {duplicates.length > 0 && (
            <Alert kind="warning">
              <p>{t('bulkMail.duplicates')}</p>
              <ul className="duplicate-list" data-testid="duplicate-warning">
                {duplicates.map(([address, list]) => (
                  <li key={address}>
                    <span className="email">{address}</span>: {list.map((e) => `${e.employeeCode} ${fullName(e)}`).join('、')}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          {notTargets.length > 0 && <Alert kind="info">{t('bulkMail.notTargets', { n: notTargets.length })}</Alert>}
          <p className="estimate" data-testid="mail-estimate">
            {t('bulkMail.estimate', { n: count, time: estimate(count, sendRate, lang), rate: sendRate })}
          </p>
          <StartActions label={t('bulkMail.send', { n: count })} busy={busy} disabled={count === 0} onStart={() => setAsking(true)} />
        </section>
      )}

      {!job && previewOf && (
        <div id="bulk-preview" className="bulk-preview">
          <div className="bulk-preview-head">
            <span>{t('bulkMail.previewFor', { code: previewOf.employee.employeeCode, name: fullName(previewOf.employee) })}</span>
            <button type="button" className="btn btn-link btn-small" onClick={() => setPreviewOf(null)}>
              {t('bulkMail.closePreview')}
            </button>
          </div>
          <MailPreviewPanel key={`${previewOf.employee.id}|${previewOf.address}`} employeeId={previewOf.employee.id} address={previewOf.address} />
        </div>
      )}

      {asking && (
        <MailSendConfirm
          title={t('bulkMail.confirmSendTitle')}
          body={<p>{all ? t('bulkMail.confirmAllBody', { n: allCount ?? 0 }) : t('bulkMail.confirmBody', { n: count })}</p>}
          count={all ? (allCount ?? 0) : count}
          upTo={all}
          sendRate={sendRate}
          confirmLabel={t('bulkMail.sendConfirm', { n: all ? (allCount ?? 0) : count })}
          previews={previewLinks(all ? samples : mails)}
          onConfirm={() => void start()}
          onCancel={() => setAsking(false)}
        />
      )}

      {job && running && (
        <section className="card">
          <h2 className="card-title">{t('bulkMail.runningTitle')}</h2>
          <p>{t('bulkMail.runningBody')}</p>
          <ProgressBar done={job.progress.done} total={job.progress.total} label={t('issuance.progress')} />
        </section>
      )}

      {job && !running && (
        <section className="card" aria-live="polite" aria-labelledby="bulk-mail-result-title">
          <h2 id="bulk-mail-result-title" className="card-title">
            {t('bulkMail.resultTitle')}
          </h2>
          <JobEnd job={job} />
          <JobTotals job={job} succeededLabel={t('bulkMail.sent')} />
          <JobResults job={job} title={t('bulkMail.resultsTitle')} />
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
      )}
    </>
  );
}
