import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { cancelImport, commitImport, getImport, previewImport, type ImportEncoding } from '../api/imports';
import type { EmployeeImport } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { ImportGuide } from '../components/ImportGuide';
import { IssueTable } from '../components/IssueTable';
import { ProgressBar } from '../components/ProgressBar';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';

const POLL_MS = 1000;

export function ImportPage() {
  return (
    <AdminLayout adminOnly>
      <EmployeeImportScreen />
    </AdminLayout>
  );
}

/** CSV取込: choose a file → preview (nothing saved) → 取り込む → progress → result. */
function EmployeeImportScreen() {
  const { t } = useI18n();
  useTitle(t('import.title'));
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<ImportEncoding>('auto');
  const [job, setJob] = useState<EmployeeImport | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const state = job?.state;
  const running = state === 'committing';

  // Poll once a second while the import is being saved.
  useEffect(() => {
    if (!running || !job) return;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const latest = await getImport(job.importId);
        if (live) setJob(latest);
      } catch (e) {
        if (live) setError(errorMessage(e));
        // Keep polling: a blip in the network should not strand the screen.
        if (live) setJob({ ...job });
      }
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [job, running]);

  async function preview(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!file) {
      setFileError(t('import.noFile'));
      return;
    }
    setFileError(null);
    setBusy(true);
    const previous = job;
    try {
      const next = await previewImport(file, encoding);
      setJob(next);
      // A new file replaces the old preview; the old one is dropped on the server too.
      if (previous?.state === 'previewed') void cancelImport(previous.importId).catch(() => undefined);
    } catch (e) {
      setJob(null);
      setFileError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function commit() {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      setJob(await commitImport(job.importId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      await cancelImport(job.importId);
      reset();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function reset() {
    setJob(null);
    setFile(null);
    setFileError(null);
    if (fileInput.current) fileInput.current.value = '';
  }

  const showChooser = !job || state === 'previewed';

  return (
    <>
      <div className="page-head">
        <div>
          <Link to="/admin/employees" className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{t('import.title')}</h1>
        </div>
      </div>

      {showChooser && <ImportGuide />}

      {showChooser && (
        <form className="card" onSubmit={preview} noValidate>
          <h2 className="card-title">{t('import.chooseTitle')}</h2>
          <div className="import-chooser">
            <div className={`field${fileError ? ' has-error' : ''}`}>
              <label htmlFor="import-file" className="field-label">
                {t('import.file')}
              </label>
              <div className="file-picker">
                <input
                  ref={fileInput}
                  id="import-file"
                  type="file"
                  accept=".csv,text/csv"
                  aria-invalid={Boolean(fileError)}
                  aria-describedby={fileError ? 'import-file-error' : undefined}
                  onChange={(e) => {
                    setFile(e.target.files?.[0] ?? null);
                    setFileError(null);
                  }}
                />
                <label htmlFor="import-file" className="btn btn-secondary" aria-hidden="true">
                  {t('import.chooseFile')}
                </label>
                <span className={`file-name${file ? ' chosen' : ''}`} data-testid="chosen-file">
                  {file ? file.name : t('import.noFileChosen')}
                </span>
              </div>
              {fileError && (
                <p id="import-file-error" className="field-error">
                  {fileError}
                </p>
              )}
            </div>
            <div className="field">
              <label htmlFor="import-encoding" className="field-label">
                {t('import.encoding')}
              </label>
              <select id="import-encoding" value={encoding} onChange={(e) => setEncoding(e.target.value as ImportEncoding)}>
                <option value="auto">{t('import.encoding.auto')}</option>
                <option value="utf-8">UTF-8</option>
                <option value="shift_jis">Shift_JIS</option>
              </select>
            </div>
            <div className="import-chooser-action">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy && !job ? t('import.previewing') : t('import.preview')}
              </button>
            </div>
          </div>
        </form>
      )}

      {error && <Alert kind="error">{error}</Alert>}

      {job && state === 'previewed' && <Preview job={job} busy={busy} onCommit={commit} onCancel={cancel} />}

      {job && running && (
        <section className="card">
          <h2 className="card-title">{t('import.committingTitle')}</h2>
          <p>{t('import.committingBody')}</p>
          <ProgressBar done={job.progress.done} total={job.progress.total} label={t('import.progress')} />
        </section>
      )}

      {job && (state === 'done' || state === 'failed' || state === 'cancelled' || state === 'expired') && <Result job={job} onAgain={reset} />}
    </>
  );
}

function Preview({ job, busy, onCommit, onCancel }: { job: EmployeeImport; busy: boolean; onCommit: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const blocked = job.errorCount > 0;
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title" className="card-title">
        {t('import.previewTitle')}
        <span className="card-title-note">{t('import.detected', { encoding: job.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8', total: job.total })}</span>
      </h2>
      <ul className="totals" data-testid="import-totals">
        <li>
          <span className="totals-label">{t('import.creates')}</span>
          <span className="totals-value">{t('import.count', { n: job.creates })}</span>
        </li>
        <li>
          <span className="totals-label">{t('import.updates')}</span>
          <span className="totals-value">{t('import.count', { n: job.updates })}</span>
        </li>
        <li className={job.errorCount > 0 ? 'totals-error' : ''}>
          <span className="totals-label">{t('import.errors')}</span>
          <span className="totals-value">{t('import.count', { n: job.errorCount })}</span>
        </li>
        <li className={job.warningCount > 0 ? 'totals-warning' : ''}>
          <span className="totals-label">{t('import.warnings')}</span>
          <span className="totals-value">{t('import.count', { n: job.warningCount })}</span>
        </li>
      </ul>

      {blocked && <Alert kind="error">{t('import.blocked')}</Alert>}
      {job.errors.length > 0 && <IssueTable title={t('import.errorsTitle')} issues={job.errors} total={job.errorCount} kind="error" />}
      {job.warnings.length > 0 && <IssueTable title={t('import.warningsTitle')} issues={job.warnings} total={job.warningCount} kind="warning" />}
      {!blocked && job.warningCount > 0 && <p className="section-hint">{t('import.warningsNote')}</p>}

      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onCommit} disabled={busy || blocked}>
          {t('import.commit')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}

function Result({ job, onAgain }: { job: EmployeeImport; onAgain: () => void }) {
  const { t } = useI18n();
  const failedRows = job.failedRows ?? [];
  return (
    <section className="card" aria-live="polite">
      {job.state === 'done' && (
        <Alert kind="success">
          <strong>{t('import.done', { n: job.progress.done })}</strong>
          <span className="result-breakdown">{t('import.doneBreakdown', { creates: job.creates, updates: job.updates })}</span>
        </Alert>
      )}
      {job.state === 'failed' && (
        <Alert kind="error">
          <strong>{t('import.failed', { done: job.progress.done, total: job.progress.total })}</strong>
          {job.stopReason && <p data-testid="import-stop-reason">{t(job.stopReason === 'stalled' ? 'import.stopped.stalled' : 'import.stopped.chunkFailed')}</p>}
        </Alert>
      )}
      {job.state === 'cancelled' && <Alert kind="info">{t('import.cancelled')}</Alert>}
      {job.state === 'expired' && <Alert kind="info">{t('import.expired')}</Alert>}
      {failedRows.length > 0 && <IssueTable title={t('import.failedRowsTitle')} issues={failedRows} total={failedRows.length} kind="error" />}
      <div className="form-actions">
        <Link to="/admin/employees" className="btn btn-primary">
          {t('import.toList')}
        </Link>
        <button type="button" className="btn btn-secondary" onClick={onAgain}>
          {t('import.again')}
        </button>
      </div>
    </section>
  );
}
