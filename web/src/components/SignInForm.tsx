import { useEffect, useState, type FormEvent } from 'react';
import { completeNewPassword, login } from '../api/auth';
import { ApiError } from '../api/client';
import { getCompanyName } from '../api/companies';
import { completeMfa, supportLogin } from '../api/mfa';
import type { MfaRequired, NewPasswordRequired, SignedIn } from '../api/types';
import { useI18n } from '../i18n';
import { Alert } from './Alert';
import { Field } from './Field';
import { fieldErrorsOf, type FieldErrors } from './field-errors';
import { ProofFields, proofOf, type ProofMethod } from './ProofFields';

const COMPANY_KEY = 'kagi.companyCode';

function rememberedCompany(): string {
  try {
    return localStorage.getItem(COMPANY_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The employee sign-in page with the company filled in: what notices and mails link to. */
export function signInHref(companyCode: string): string {
  return companyCode ? `/login?${new URLSearchParams({ company: companyCode }).toString()}` : '/login';
}

/** The company of a link (`?company=demo`) comes before the one remembered from the last sign-in. */
function initialCompany(): string {
  const fromLink = new URLSearchParams(window.location.search).get('company')?.trim();
  return fromLink || rememberedCompany();
}

/** The display name of the company whose code is typed; empty while unknown. */
function useCompanyName(code: string): string {
  const [name, setName] = useState<{ code: string; name: string }>({ code: '', name: '' });
  const wanted = code.trim();
  useEffect(() => {
    if (!wanted || wanted.length > 64) return;
    let live = true;
    // Asked once typing pauses; only the answer for the code still typed is shown.
    const timer = setTimeout(() => {
      getCompanyName(wanted).then(
        (answer) => live && setName({ code: wanted, name: answer.name }),
        () => live && setName({ code: wanted, name: '' }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wanted]);
  return name.code === wanted ? name.name : '';
}

interface Props {
  title: string;
  lead: string;
  onSignedIn: (signedIn: SignedIn) => void;
  /** The support page: no company code (support operators belong to none). */
  support?: boolean;
}

/**
 * Company code, login ID and password; then, on a first sign-in with a temporary password,
 * the 新しいパスワードの設定 step; then, with 2段階認証 on, the code (認証アプリのコード or
 * バックアップコード). The API's message is shown as it is: it says the same for every wrong
 * credential and gives the lock time when locked.
 */
export function SignInForm({ title, lead, onSignedIn, support = false }: Props) {
  const { t } = useI18n();
  const [step, setStep] = useState<'credentials' | 'new-password' | 'mfa'>('credentials');
  const [method, setMethod] = useState<ProofMethod>('app');
  const [code, setCode] = useState('');
  const [companyCode, setCompanyCode] = useState(initialCompany);
  const companyName = useCompanyName(support ? '' : companyCode);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  function fail(e: unknown) {
    if (e instanceof ApiError) {
      const byField = fieldErrorsOf(e);
      setFieldErrors(byField);
      setError(Object.keys(byField).length > 0 ? null : e.message);
    } else {
      setError(t('error.unknown'));
    }
  }

  async function submitCredentials(event: FormEvent) {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (!support && !companyCode.trim()) missing.companyCode = t('login.companyCode.missing');
    if (!loginId.trim()) missing.loginId = t('login.loginId.missing');
    if (!password) missing.password = t('login.password.missing');
    setFieldErrors(missing);
    setError(null);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const answer = support
        ? await supportLogin({ loginId: loginId.trim(), password })
        : await login({ companyCode: companyCode.trim(), loginId: loginId.trim(), password });
      if (!support) {
        try {
          localStorage.setItem(COMPANY_KEY, companyCode.trim());
        } catch {
          // Not remembered; the form still works.
        }
      }
      setPassword('');
      next(answer);
    } catch (e) {
      setPassword('');
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  async function submitNewPassword(event: FormEvent) {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!newPassword) problems.newPassword = t('newPassword.missing');
    else if (newPassword !== confirm) problems.confirm = t('newPassword.mismatch');
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      next(await completeNewPassword({ session: challenge, newPassword }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        // The challenge expired or was used: start over, and say why.
        backToCredentials();
        setError(e.message);
      } else {
        fail(e);
      }
    } finally {
      setBusy(false);
    }
  }

  /** The answer of a step: signed in, or the next step with its handle. */
  function next(answer: SignedIn | NewPasswordRequired | MfaRequired) {
    if (answer.result === 'signed-in') {
      onSignedIn(answer);
      return;
    }
    setChallenge(answer.session);
    setFieldErrors({});
    setError(null);
    setCode('');
    setStep(answer.result === 'new-password-required' ? 'new-password' : 'mfa');
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setFieldErrors({ code: t('mfa.codeMissing') });
      return;
    }
    setFieldErrors({});
    setBusy(true);
    try {
      onSignedIn(await completeMfa({ session: challenge, ...proofOf(method, code) }));
    } catch (e) {
      setCode('');
      if (e instanceof ApiError && e.code === 'INVALID_MFA_CODE') setFieldErrors({ code: e.message });
      else if (e instanceof ApiError && e.code === 'SESSION_EXPIRED') {
        backToCredentials();
        setError(e.message);
      } else fail(e);
    } finally {
      setBusy(false);
    }
  }

  function backToCredentials() {
    setStep('credentials');
    setChallenge('');
    setNewPassword('');
    setConfirm('');
    setCode('');
    setFieldErrors({});
    setError(null);
  }

  if (step === 'mfa') {
    return (
      <form className="card signin-card" onSubmit={submitCode} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title" className="signin-title">
          {t('mfaSignIn.title')}
        </h1>
        <p className="signin-lead">{method === 'app' ? t('mfaSignIn.leadApp') : t('mfaSignIn.leadBackup')}</p>
        {error && <Alert kind="error">{error}</Alert>}
        <ProofFields idPrefix="signin" method={method} onMethod={setMethod} value={code} onChange={setCode} error={fieldErrors.code} autoFocus />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('mfaSignIn.submitting') : t('mfaSignIn.submit')}
        </button>
        <button type="button" className="btn btn-link btn-block" onClick={backToCredentials}>
          {t('newPassword.back')}
        </button>
      </form>
    );
  }

  if (step === 'new-password') {
    return (
      <form className="card signin-card" onSubmit={submitNewPassword} noValidate aria-labelledby="signin-title">
        <h1 id="signin-title" className="signin-title">
          {t('newPassword.title')}
        </h1>
        <p className="signin-lead">{t('newPassword.lead')}</p>
        {error && <Alert kind="error">{error}</Alert>}
        <Field id="newPassword" label={t('newPassword.new')} hint={t('newPassword.hint')} error={fieldErrors.newPassword}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} autoFocus />}
        </Field>
        <Field id="confirmPassword" label={t('newPassword.confirm')} error={fieldErrors.confirm}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('common.working') : t('newPassword.submit')}
        </button>
        <button type="button" className="btn btn-link btn-block" onClick={backToCredentials}>
          {t('newPassword.back')}
        </button>
      </form>
    );
  }

  return (
    <form className="card signin-card" onSubmit={submitCredentials} noValidate aria-labelledby="signin-title">
      <h1 id="signin-title" className="signin-title">
        {title}
      </h1>
      <p className="signin-lead">{lead}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {!support && (
        <>
          <Field id="companyCode" label={t('login.companyCode')} error={fieldErrors.companyCode}>
            {(p) => <input {...p} type="text" autoComplete="organization" autoCapitalize="off" spellCheck={false} value={companyCode} onChange={(e) => setCompanyCode(e.target.value)} />}
          </Field>
          {/* Polite: announced once known, without taking the focus from the field being typed in. */}
          <p className="signin-company" aria-live="polite" data-testid="signin-company">
            {companyName && (
              <>
                <span className="signin-company-label">{t('login.companyName')}</span>
                <span className="signin-company-name">{companyName}</span>
              </>
            )}
          </p>
        </>
      )}
      <Field id="loginId" label={t('login.loginId')} error={fieldErrors.loginId}>
        {(p) => <input {...p} type="text" autoComplete="username" autoCapitalize="off" spellCheck={false} value={loginId} onChange={(e) => setLoginId(e.target.value)} />}
      </Field>
      <Field id="password" label={t('login.password')} error={fieldErrors.password}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
