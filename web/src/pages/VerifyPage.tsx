import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { readVerification, verify } from '../api/mail';
import type { VerificationInfo } from '../api/types';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { signInHref } from '../components/SignInForm';

type State =
  | { step: 'loading' }
  | { step: 'ready'; info: VerificationInfo; error?: string }
  | { step: 'verifying'; info: VerificationInfo }
  | { step: 'done'; info: VerificationInfo }
  | { step: 'invalid' }
  | { step: 'error'; message: string };

/** Expired, used, superseded and unknown links all answer the same 410: the page tells them apart no more than that. */
const isInvalid = (e: unknown) => e instanceof ApiError && (e.status === 410 || e.status === 404 || e.code === 'LINK_INVALID');

/**
 * /verify/:token or /verify?token=… — the link of the アカウント認証要求 mail. Opening the page only
 * reads (mail scanners open links too); the link is used by pressing 認証する.
 */
export function VerifyPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ step: 'loading' });
  const title =
    state.step === 'invalid' ? t('verify.invalidTitle') : state.step === 'done' ? t('verify.doneTitle') : t('verify.title');
  useTitle(title);

  async function read() {
    setState({ step: 'loading' });
    if (!token) {
      setState({ step: 'invalid' });
      return;
    }
    try {
      setState({ step: 'ready', info: await readVerification(token) });
    } catch (e) {
      if (isInvalid(e)) setState({ step: 'invalid' });
      else setState({ step: 'error', message: errorMessage(e) });
    }
  }

  useEffect(() => {
    void read();
  }, [token]);

  async function press(info: VerificationInfo) {
    setState({ step: 'verifying', info });
    try {
      setState({ step: 'done', info: await verify(token) });
    } catch (e) {
      if (isInvalid(e)) setState({ step: 'invalid' });
      else setState({ step: 'ready', info, error: errorMessage(e) });
    }
  }

  return (
    <div className="signin-page verify-page">
      <div className="signin-top">
        <span className="brand-mark" aria-hidden="true">
          鍵
        </span>
        <span className="signin-brand">kagi</span>
        <LangSwitch />
      </div>
      <section className="card signin-card" aria-live="polite">
        {state.step === 'loading' && <p className="muted">{t('common.loading')}</p>}

        {(state.step === 'ready' || state.step === 'verifying') && (
          <>
            <h1 className="signin-title">{t('verify.title')}</h1>
            <p className="signin-lead">{t('verify.lead')}</p>
            <dl className="verify-facts">
              <dt>{t('verify.company')}</dt>
              <dd data-testid="verify-company">{state.info.companyName}</dd>
              <dt>{t('verify.name')}</dt>
              <dd data-testid="verify-name">{t('verify.nameValue', { name: state.info.employeeName })}</dd>
            </dl>
            {state.step === 'ready' && state.error && <Alert kind="error">{state.error}</Alert>}
            <button type="button" className="btn btn-primary btn-block" onClick={() => void press(state.info)} disabled={state.step === 'verifying'}>
              {state.step === 'verifying' ? t('verify.verifying') : t('verify.button')}
            </button>
            <p className="verify-note">{t('verify.note')}</p>
          </>
        )}

        {state.step === 'done' && (
          <>
            <h1 className="signin-title">{t('verify.doneTitle')}</h1>
            <p data-testid="verify-done">{t('verify.doneBody', { name: state.info.employeeName })}</p>
            <p className="verify-note">{t('verify.doneNote')}</p>
            <Link to={signInHref(state.info.companyCode)} className="btn btn-secondary btn-block">
              {t('verify.toLogin')}
            </Link>
          </>
        )}

        {state.step === 'invalid' && (
          <>
            <h1 className="signin-title">{t('verify.invalidTitle')}</h1>
            <p data-testid="verify-invalid">{t('verify.invalidBody')}</p>
            <p>{t('verify.invalidNote')}</p>
          </>
        )}

        {state.step === 'error' && (
          <>
            <Alert kind="error">{state.message}</Alert>
            <button type="button" className="btn btn-secondary btn-block" onClick={() => void read()}>
              {t('verify.retry')}
            </button>
          </>
        )}
      </section>
    </div>
  );
}
