import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { confirmMfaSetup, startMfaSetup } from '../api/mfa';
import type { MfaSetup } from '../api/types';
import { useI18n } from '../i18n';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';
import { BackupCodes } from './BackupCodes';
import { CopyButton } from './CopyButton';
import { Field } from './Field';
import { TotpCodeInput } from './ProofFields';

interface Props {
  companyName: string;
  loginId: string;
  /** After the backup codes were kept. */
  onDone: () => void;
  /** Leaving before the factor is on (none when the setup is forced). */
  onCancel?: () => void;
}

/** The key in groups of four, as apps show it and people type it. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * 2段階認証の設定: the QR code (and the key to type), the first code from the app, then the
 * backup codes, shown once. Nothing is on until that first code is confirmed.
 */
export function MfaSetupFlow({ companyName, loginId, onDone, onCancel }: Props) {
  const { t, lang } = useI18n();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);
  const [kept, setKept] = useState(false);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      setSetup(await startMfaSetup());
      setCode('');
      setCodeError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setCodeError(t('mfa.codeMissing'));
      return;
    }
    setBusy(true);
    try {
      const { backupCodes: codes } = await confirmMfaSetup(code.trim());
      setBackupCodes(codes);
      setSetup(null);
    } catch (e) {
      setCode('');
      if (e instanceof ApiError && e.code === 'INVALID_MFA_CODE') setCodeError(e.message);
      else if (e instanceof ApiError && e.code === 'MFA_SETUP_EXPIRED') {
        setSetup(null);
        setError(e.message);
      } else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (backupCodes) {
    return (
      <div className="mfa-setup">
        <Alert kind="success">{t('mfaSetup.enabled')}</Alert>
        <h2 className="card-title">{t('mfaSetup.codesTitle')}</h2>
        <p className="section-hint">{t('mfaSetup.codesLead')}</p>
        <BackupCodes codes={backupCodes} companyName={companyName} loginId={loginId} />
        <label className="check mfa-kept">
          <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
          <span>{t('mfaSetup.saved')}</span>
        </label>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={onDone} disabled={!kept}>
            {t('mfaSetup.done')}
          </button>
        </div>
      </div>
    );
  }

  if (!setup) {
    return (
      <div className="mfa-setup">
        {error && <Alert kind="error">{error}</Alert>}
        <p>{t('mfa.intro')}</p>
        <ol className="mfa-steps">
          <li>{t('mfaSetup.step1')}</li>
          <li>{t('mfaSetup.step2')}</li>
          <li>{t('mfaSetup.step3')}</li>
        </ol>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={start} disabled={busy}>
            {busy ? t('common.working') : t('mfaSetup.start')}
          </button>
          {onCancel && (
            <button type="button" className="btn btn-secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </div>
    );
  }

  return (
    <form className="mfa-setup" onSubmit={confirm} noValidate>
      {error && <Alert kind="error">{error}</Alert>}
      <ol className="mfa-steps">
        <li>{t('mfaSetup.step1')}</li>
        <li>{t('mfaSetup.step2')}</li>
      </ol>
      <div className="mfa-qr-row">
        <img className="mfa-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`} alt={t('mfaSetup.qrAlt')} width={200} height={200} data-testid="mfa-qr" />
        <div className="mfa-key">
          <p className="field-label">{t('mfaSetup.manualKey')}</p>
          <p>
            <code className="mfa-secret" data-testid="mfa-secret">
              {grouped(setup.secret)}
            </code>
          </p>
          <CopyButton text={setup.secret} label={t('mfaSetup.copyKey')} small />
        </div>
      </div>
      <ol className="mfa-steps" start={3}>
        <li>{t('mfaSetup.step3')}</li>
      </ol>
      <Field id="mfa-setup-code" label={t('mfa.code')} hint={t('mfaSetup.expiresNote', { time: formatJapanTime(setup.expiresAt, lang) })} error={codeError}>
        {(p) => (
          <TotpCodeInput
            control={p}
            value={code}
            onChange={(next) => {
              setCode(next);
              setCodeError(undefined);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : t('mfaSetup.confirm')}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
