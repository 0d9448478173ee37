import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { setClientSettings } from '../api/company';
import type { ClientSettings, SupportCompany } from '../api/types';
import { useI18n } from '../i18n';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';

type LinkChoice = 'off' | 'clock' | 'clock+breaks';
const CHOICES: readonly LinkChoice[] = ['off', 'clock', 'clock+breaks'];
/** Each choice in full words, as 企業情報 shows it (the radio's short 「＋…」 reads only beside the others). */
const LINK_WORDS = { off: 'companyInfo.link.off', clock: 'companyInfo.link.clock', 'clock+breaks': 'companyInfo.link.breaks' } as const;

const choiceOf = (s: ClientSettings): LinkChoice => (!s.attendanceLink.enabled ? 'off' : s.attendanceLink.breaks ? 'clock+breaks' : 'clock');
const linkOf = (c: LinkChoice): ClientSettings['attendanceLink'] => ({ enabled: c !== 'off', breaks: c === 'clock+breaks' });

/** The support console's company settings: 打刻連携 and 「管理者による認証情報の削除を許可する」, saved after a confirmation. */
export function ClientSettingsCard({ company, onSaved }: { company: SupportCompany; onSaved: (settings: ClientSettings) => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState<LinkChoice>(choiceOf(company.clientSettings));
  const [mayDelete, setMayDelete] = useState(company.clientSettings.adminMayDeleteMfa);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const unchanged = choice === choiceOf(company.clientSettings) && mayDelete === company.clientSettings.adminMayDeleteMfa;

  function ask(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    setAsking(true);
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await setClientSettings(company.id, { attendanceLink: linkOf(choice), adminMayDeleteMfa: mayDelete });
      onSaved(saved);
      setNotice(t('clientSettings.saved', { name: company.name }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <section className="card" aria-labelledby="support-settings-title">
      <h2 id="support-settings-title" className="card-title">
        {t('clientSettings.title')}
      </h2>
      <p className="section-hint">{t('clientSettings.lead')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {notice && (
        <Alert kind="success">
          <span data-testid="client-settings-saved">{notice}</span>
        </Alert>
      )}
      <form onSubmit={ask} noValidate>
        <fieldset className="field">
          <legend className="field-label">{t('companyInfo.attendanceLink')}</legend>
          <div className="radio-options">
            {CHOICES.map((c) => (
              <label key={c} className={`radio-option${choice === c ? ' checked' : ''}`}>
                <input type="radio" name="attendanceLink" value={c} checked={choice === c} onChange={() => setChoice(c)} />
                <span className="radio-text">
                  <span className="radio-title">{t(`clientSettings.choice.${c}`)}</span>
                  <span className="radio-hint">{t(`clientSettings.choice.${c}.hint`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="checkbox-option">
            <input type="checkbox" checked={mayDelete} onChange={(e) => setMayDelete(e.target.checked)} aria-describedby="support-may-delete-hint" />
            <span>{t('clientSettings.mayDelete')}</span>
          </label>
          <p id="support-may-delete-hint" className="field-hint">
            {t('clientSettings.mayDeleteHint')}
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy || unchanged}>
            {t('clientSettings.save')}
          </button>
          {unchanged && <span className="field-hint">{t('clientSettings.unchanged')}</span>}
        </div>
      </form>
      {asking && (
        <ConfirmDialog title={t('clientSettings.confirmTitle')} confirmLabel={t('clientSettings.confirm')} onConfirm={() => void save()} onCancel={() => setAsking(false)} busy={busy} focus="cancel">
          <p>{t('clientSettings.confirmBody', { name: company.name, code: company.code })}</p>
          <dl className="facts">
            <dt>{t('companyInfo.attendanceLink')}</dt>
            <dd>{t(LINK_WORDS[choice])}</dd>
            <dt>{t('clientSettings.mayDeleteShort')}</dt>
            <dd>{t(mayDelete ? 'companyInfo.mfaDeletion.on' : 'companyInfo.mfaDeletion.off')}</dd>
          </dl>
        </ConfirmDialog>
      )}
    </section>
  );
}
