import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { getMyMfa } from '../api/mfa';
import { updateSettings } from '../api/settings';
import type { CompanySettings } from '../api/types';
import { useI18n } from '../i18n';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';

type Enforcement = CompanySettings['mfaEnforcement'];
const OPTIONS: readonly Enforcement[] = ['optional', 'required'];

/**
 * 基本設定 › セキュリティ設定 › 2段階認証. Making it required takes effect at the next request of
 * every account, so it asks first, and says so when the admin has none yet themself.
 */
export function SecuritySettings({ initial, onSaved }: { initial: Enforcement; onSaved: (value: Enforcement) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState<Enforcement>(initial);
  const [saved, setSaved] = useState<Enforcement>(initial);
  const [confirming, setConfirming] = useState(false);
  const [selfMissing, setSelfMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    getMyMfa()
      .then((s) => setSelfMissing(s.status !== 'active'))
      .catch(() => setSelfMissing(false));
  }, []);

  async function save() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const after = await updateSettings({ mfaEnforcement: value });
      setSaved(after.mfaEnforcement);
      setValue(after.mfaEnforcement);
      onSaved(after.mfaEnforcement);
      setNotice(t('settings.saved'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (value === 'required' && saved !== 'required') setConfirming(true);
    else void save();
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="security-title">
      <h2 id="security-title" className="card-title">
        {t('settings.securityTitle')}
      </h2>
      <p className="section-hint">{t('settings.securityLead')}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <fieldset className="field">
        <legend className="field-label">{t('settings.mfa')}</legend>
        <div className="radio-options">
          {OPTIONS.map((option) => (
            <label key={option} className={`radio-option${value === option ? ' checked' : ''}`}>
              <input
                type="radio"
                name="mfaEnforcement"
                value={option}
                checked={value === option}
                onChange={() => {
                  setValue(option);
                  setNotice(null);
                }}
                aria-labelledby={`settings-mfa-${option}`}
                aria-describedby={`settings-mfa-${option}-hint`}
              />
              <span className="radio-text">
                <span id={`settings-mfa-${option}`} className="radio-title">
                  {t(`settings.mfa.${option}`)}
                </span>
                <span id={`settings-mfa-${option}-hint`} className="radio-hint">
                  {t(`settings.mfa.${option}Hint`)}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || value === saved}>
          {busy ? t('common.working') : t('settings.save')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog title={t('settings.mfaConfirmTitle')} confirmLabel={t('settings.mfaConfirm')} onConfirm={() => void save()} onCancel={() => setConfirming(false)}>
          <p>{t('settings.mfaConfirmBody')}</p>
          {selfMissing && <p className="dialog-warning">{t('settings.mfaConfirmSelf')}</p>}
        </ConfirmDialog>
      )}
    </form>
  );
}
