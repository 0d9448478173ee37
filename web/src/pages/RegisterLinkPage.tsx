import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { completeRegistration, readRegistrationLink, type RegistrationLinkInfo } from '../api/registration';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../components/field-errors';
import { signInHref } from '../components/SignInForm';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { RegisterFrame } from './RegisterPage';

type State =
  | { step: 'loading' }
  | { step: 'ready'; info: RegistrationLinkInfo }
  | { step: 'done'; info: RegistrationLinkInfo }
  | { step: 'invalid' }
  | { step: 'error'; message: string };

/** Expired, used, superseded and unknown links answer alike: the page tells them apart no more. */
const isInvalid = (e: unknown) => e instanceof ApiError && (e.status === 410 || e.status === 404 || e.code === 'LINK_INVALID');

/**
 * /register/link/:token — the link of 【kagi】メールアドレスの確認. Opening it changes nothing (mail
 * scanners open links); 「変更する」 with 元のパスワード and the new password creates the account.
 */
export function RegisterLinkPage({ token }: { token: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ step: 'loading' });
  const [original, setOriginal] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(state.step === 'done' ? t('registerLink.doneTitle') : state.step === 'invalid' ? t('registerLink.invalidTitle') : t('registerLink.title'));

  async function read() {
    setState({ step: 'loading' });
    try {
      setState({ step: 'ready', info: await readRegistrationLink(token) });
    } catch (e) {
      if (isInvalid(e)) setState({ step: 'invalid' });
      else setState({ step: 'error', message: errorMessage(e) });
    }
  }

  useEffect(() => {
    void read();
  }, [token]);

  async function submit(event: FormEvent, info: RegistrationLinkInfo) {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (original.trim() === '') problems.originalPassword = t('registerLink.originalMissing');
    if (password === '') problems.newPassword = t('newPassword.missing');
    else if (password !== confirm) problems.confirm = t('newPassword.mismatch');
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      const done = await completeRegistration(token, original.trim(), password);
      setState({ step: 'done', info: done });
      window.scrollTo(0, 0);
    } catch (e) {
      if (isInvalid(e)) setState({ step: 'invalid' });
      else if (e instanceof ApiError) {
        const byField = fieldErrorsOf(e);
        setFieldErrors(byField);
        setError(Object.keys(byField).length > 0 ? null : e.message);
      } else setError(t('error.unknown'));
      setState((s) => (s.step === 'invalid' ? s : { step: 'ready', info }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <RegisterFrame>
      {state.step === 'loading' && <p className="muted">{t('common.loading')}</p>}

      {state.step === 'ready' && (
        <form onSubmit={(e) => void submit(e, state.info)} noValidate aria-labelledby="register-link-title">
          <h1 id="register-link-title" className="signin-title">
            {t('registerLink.title')}
          </h1>
          <p className="signin-lead">{t('registerLink.lead')}</p>
          <dl className="verify-facts">
            <dt>{t('registerLink.company')}</dt>
            <dd>{state.info.companyName}</dd>
            <dt>{t('registerLink.name')}</dt>
            <dd>{t('verify.nameValue', { name: state.info.employeeName })}</dd>
            <dt>{t('registerLink.loginId')}</dt>
            <dd className="mono" data-testid="register-login-id">
              {state.info.loginId}
            </dd>
          </dl>
          {error && (
            <Alert kind="error">
              <span data-testid="register-link-error">{error}</span>
            </Alert>
          )}
          <Field id="originalPassword" label={t('registerLink.original')} hint={t('registerLink.originalHint')} error={fieldErrors.originalPassword}>
            {(p) => <input {...p} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={32} value={original} onChange={(e) => setOriginal(e.target.value)} />}
          </Field>
          <Field id="newPassword" label={t('newPassword.new')} hint={t('newPassword.hint')} error={fieldErrors.newPassword}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
          </Field>
          <Field id="confirmPassword" label={t('newPassword.confirm')} error={fieldErrors.confirm}>
            {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('registerLink.submitting') : t('registerLink.submit')}
          </button>
        </form>
      )}

      {state.step === 'done' && (
        <>
          <h1 className="signin-title">{t('registerLink.doneTitle')}</h1>
          <p data-testid="register-done">{t('registerLink.doneBody', { name: state.info.employeeName })}</p>
          <dl className="verify-facts">
            <dt>{t('registerLink.company')}</dt>
            <dd>{state.info.companyName}</dd>
            <dt>{t('login.companyCode')}</dt>
            <dd className="mono">{state.info.companyCode}</dd>
            <dt>{t('registerLink.loginId')}</dt>
            <dd className="mono" data-testid="register-done-login-id">
              {state.info.loginId}
            </dd>
          </dl>
          <Link to={signInHref(state.info.companyCode)} className="btn btn-primary btn-block">
            {t('registerLink.toLogin')}
          </Link>
        </>
      )}

      {state.step === 'invalid' && (
        <>
          <h1 className="signin-title">{t('registerLink.invalidTitle')}</h1>
          <p data-testid="register-link-invalid">{t('registerLink.invalidBody')}</p>
          <p>{t('registerLink.invalidNote')}</p>
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
    </RegisterFrame>
  );
}
