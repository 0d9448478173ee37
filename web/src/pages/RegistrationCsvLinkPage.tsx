import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { csvLinkDownload } from '../api/registration';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { registrationJobHref } from './RegistrationCodesPage';

/**
 * /admin/registration-codes/download/:token — the link of 【kagi】CSVファイルのダウンロードリンクのお知らせ.
 * It needs that admin signed in (a stranger is sent to sign in and brought back); opening it
 * downloads nothing: the download is a press, so a mail scanner following the link fetches no file.
 */
export function RegistrationCsvLinkPage({ token }: { token: string }) {
  const session = useSession();
  const here = `/admin/registration-codes/download/${encodeURIComponent(token)}`;
  useEffect(() => {
    if (!session) navigate(`/admin/login?${new URLSearchParams({ next: here }).toString()}`, { replace: true });
  }, [session]);
  if (!session) return null;
  return (
    <AdminLayout adminOnly>
      <CsvLink token={token} />
    </AdminLayout>
  );
}

function CsvLink({ token }: { token: string }) {
  const { t } = useI18n();
  useTitle(t('csvLink.title'));
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ message: string; jobId?: string } | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const link = await csvLinkDownload(token);
      setDone(true);
      window.location.assign(link.url);
    } catch (e) {
      if (e instanceof ApiError) {
        const jobId = (e.details as { jobId?: unknown } | undefined)?.jobId;
        setError({ message: e.message, jobId: typeof jobId === 'string' ? jobId : undefined });
      } else setError({ message: t('error.unknown') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="form-page">
      <div className="page-head">
        <h1 className="page-title">{t('csvLink.title')}</h1>
      </div>
      <section className="card">
        <p>{t('csvLink.lead')}</p>
        <Alert kind="warning">{t('registration.note')}</Alert>
        {done && <Alert kind="success">{t('csvLink.done')}</Alert>}
        {error && (
          <Alert kind="error">
            <span data-testid="csv-link-error">{error.message}</span>
            {error.jobId && (
              <>
                {' '}
                <Link to={registrationJobHref(error.jobId)}>{t('csvLink.toJob')}</Link>
              </>
            )}
          </Alert>
        )}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" data-testid="csv-link-download" onClick={() => void download()} disabled={busy}>
            {busy ? t('registration.downloading') : t('csvLink.button')}
          </button>
        </div>
      </section>
    </div>
  );
}
