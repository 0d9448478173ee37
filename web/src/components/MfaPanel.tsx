import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { getMyMfa, regenerateBackupCodes, turnOffMfa } from '../api/mfa';
import type { MfaState } from '../api/types';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Alert } from './Alert';
import { BackupCodes } from './BackupCodes';
import { Field } from './Field';
import { fieldErrorsOf, type FieldErrors } from './field-errors';
import { ProofFields, proofOf, type ProofMethod } from './ProofFields';

interface Props {
  companyName: string;
  loginId: string;
  /** The page to come back to after the setup screen. */
  returnTo: string;
}

type Form = 'regenerate' | 'turn-off' | null;

/**
 * 2段階認証 of one's own account (マイページ for employees, 個人設定 for admins and viewers —
 * one account, one second factor): its state, the way to set it up, new backup codes, and
 * turning it off where the company leaves it optional.
 */
export function MfaPanel({ companyName, loginId, returnTo }: Props) {
  const { t } = useI18n();
  const [state, setState] = useState<MfaState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState<Form>(null);
  const [method, setMethod] = useState<ProofMethod>('app');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [fresh, setFresh] = useState<string[] | null>(null);

  const load = () =>
    getMyMfa()
      .then(setState)
      .catch((e: unknown) => setError(errorMessage(e)));
  useEffect(() => void load(), []);

  function open(next: Form) {
    setForm(next);
    setCode('');
    setPassword('');
    setFieldErrors({});
    setError(null);
    setNotice(null);
    setFresh(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: FieldErrors = {};
    if (form === 'turn-off' && !password) missing.password = t('mfa.passwordMissing');
    if (!code.trim()) missing.code = t('mfa.codeMissing');
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      if (form === 'regenerate') {
        setFresh((await regenerateBackupCodes(proofOf(method, code))).backupCodes);
        setNotice(t('mfa.regenerated'));
      } else {
        await turnOffMfa({ password, ...proofOf(method, code) });
        setNotice(t('mfa.turnedOff'));
      }
      setForm(null);
      await load();
    } catch (e) {
      setCode('');
      if (!(e instanceof ApiError)) setError(t('error.unknown'));
      else {
        const byField = fieldErrorsOf(e);
        if (Object.keys(byField).length > 0) setFieldErrors(byField);
        else setError(e.message);
      }
    } finally {
      setBusy(false);
    }
  }

  const setupHref = `/mfa/setup?from=${encodeURIComponent(returnTo)}`;

  return (
    <section className="card" aria-labelledby="mfa-panel-title" data-testid="mfa-panel">
      <h2 id="mfa-panel-title" className="card-title">
        {t('mfa.title')}
        {state && (
          <span className={`badge ${state.status === 'active' ? 'badge-on' : 'badge-off'} card-title-badge`} data-testid="mfa-status">
            {t(`mfa.status.${state.status}`)}
          </span>
        )}
      </h2>
      {error && <Alert kind="error">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {!state && !error && <p className="empty">{t('common.loading')}</p>}
      {state && (
        <>
          <p className="section-hint">{t('mfa.intro')}</p>
          {state.required && <p className="section-hint">{t('mfa.requiredNote')}</p>}
          {state.status === 'none' && (
            <Link to={setupHref} className="btn btn-primary">
              {t('mfa.setUp')}
            </Link>
          )}
          {state.status === 'active' && (
            <>
              {state.backupCodesLow ? <Alert kind="warning">{t('mfa.backupLow', { n: state.backupCodesLeft })}</Alert> : <p>{t('mfa.backupLeft', { n: state.backupCodesLeft })}</p>}
              {fresh && <BackupCodes codes={fresh} companyName={companyName} loginId={loginId} />}
              {form ? (
                <form className="mypage-inline-form" onSubmit={submit} noValidate>
                  <p className="section-hint">{form === 'regenerate' ? t('mfa.regenerateLead') : t('mfa.turnOffLead')}</p>
                  {form === 'turn-off' && (
                    <Field id="mfa-password" label={t('mfa.password')} error={fieldErrors.password}>
                      {(p) => <input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
                    </Field>
                  )}
                  <ProofFields idPrefix="mfa-panel" method={method} onMethod={setMethod} value={code} onChange={setCode} error={fieldErrors.code ?? fieldErrors.backupCode} autoFocus={form === 'regenerate'} />
                  <div className="form-actions">
                    <button type="submit" className={`btn ${form === 'turn-off' ? 'btn-danger' : 'btn-primary'}`} disabled={busy}>
                      {busy ? t('common.working') : form === 'regenerate' ? t('mfa.regenerateSubmit') : t('mfa.turnOffSubmit')}
                    </button>
                    <button type="button" className="btn btn-secondary" onClick={() => open(null)} disabled={busy}>
                      {t('common.cancel')}
                    </button>
                  </div>
                </form>
              ) : (
                <div className="form-actions">
                  <button type="button" className="btn btn-secondary" onClick={() => open('regenerate')}>
                    {t('mfa.regenerate')}
                  </button>
                  {state.canTurnOff && (
                    <button type="button" className="btn btn-secondary" onClick={() => open('turn-off')}>
                      {t('mfa.turnOff')}
                    </button>
                  )}
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
