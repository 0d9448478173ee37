import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { confirmPrivateEmail, readPrivateEmailLink } from '../api/me';
import { Alert } from '../components/Alert';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { EmployeeHeader, formatJapanTime } from './HomePage';

type PendingLink = { address: string; expiresAt: string };
type State =
  | { step: 'loading' }
  | { step: 'ready'; link: PendingLink; error?: string }
  | { step: 'confirming'; link: PendingLink }
  | { step: 'done'; address: string }
  | { step: 'invalid'; message: string }
  | { step: 'error'; message: string };

/**
 * /mypage/private-email/:token — the link of 【kagi】メールアドレスの確認 sent from マイページ. Only the
 * account that asked confirms it: a stranger is sent to sign in and brought back. Opening it only
 * reads (mail scanners open links); 「確認する」 changes the address.
 */
export function PrivateEmailConfirmPage({ token }: { token: string }) {
  const session = useSession();
  const here = `/mypage/private-email/${encodeURIComponent(token)}`;
  useEffect(() => {
    if (!session) navigate(`/login?${new URLSearchParams({ next: here }).toString()}`, { replace: true });
  }, [session]);
  if (!session) return null;
  return (
    <>
      <EmployeeHeader account={session.account} />
      <main className="page page-narrow">
        <Confirm token={token} />
      </main>
    </>
  );
}

/** Expired, used, superseded, unknown or another account's: the page says the API's words. */
const isInvalid = (e: unknown) => e instanceof ApiError && (e.status === 410 || e.status === 404 || e.code === 'LINK_OTHER_ACCOUNT');

function Confirm({ token }: { token: string }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<State>({ step: 'loading' });
  useTitle(state.step === 'done' ? t('privateEmail.doneTitle') : state.step === 'invalid' ? t('privateEmail.invalidTitle') : t('privateEmail.title'));

  useEffect(() => {
    let live = true;
    readPrivateEmailLink(token)
      .then((link) => live && setState({ step: 'ready', link }))
      .catch((e: unknown) => {
        if (!live) return;
        const message = errorMessage(e);
        setState(isInvalid(e) ? { step: 'invalid', message } : { step: 'error', message });
      });
    return () => {
      live = false;
    };
  }, [token]);

  async function press(link: PendingLink) {
    setState({ step: 'confirming', link });
    try {
      setState({ step: 'done', address: (await confirmPrivateEmail(token)).address });
    } catch (e) {
      const message = errorMessage(e);
      setState(isInvalid(e) ? { step: 'invalid', message } : { step: 'ready', link, error: message });
    }
  }

  const toMyPage = (
    <p>
      <Link to="/mypage">{t('privateEmail.toMyPage')}</Link>
    </p>
  );

  return (
    <section className="card" aria-live="polite">
      {state.step === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {(state.step === 'ready' || state.step === 'confirming') && (
        <>
          <h1 className="card-title">{t('privateEmail.title')}</h1>
          <p>{t('privateEmail.lead')}</p>
          {state.step === 'ready' && state.error && <Alert kind="error">{state.error}</Alert>}
          <dl className="home-facts facts-stacked">
            <dt>{t('privateEmail.address')}</dt>
            <dd data-testid="private-email-new" className="address-value">
              {state.link.address}
            </dd>
            <dt>{t('privateEmail.expiresAt')}</dt>
            <dd>{formatJapanTime(state.link.expiresAt, lang)}</dd>
          </dl>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => void press(state.link)} disabled={state.step === 'confirming'}>
              {state.step === 'confirming' ? t('privateEmail.confirming') : t('privateEmail.confirm')}
            </button>
          </div>
        </>
      )}
      {state.step === 'done' && (
        <>
          <h1 className="card-title">{t('privateEmail.doneTitle')}</h1>
          <Alert kind="success">
            <span data-testid="private-email-done">{t('privateEmail.done', { address: state.address })}</span>
          </Alert>
          {toMyPage}
        </>
      )}
      {(state.step === 'invalid' || state.step === 'error') && (
        <>
          <h1 className="card-title">{state.step === 'invalid' ? t('privateEmail.invalidTitle') : t('privateEmail.title')}</h1>
          <Alert kind="error">
            <span data-testid="private-email-invalid">{state.message}</span>
          </Alert>
          {toMyPage}
        </>
      )}
    </section>
  );
}
