import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { previewMail } from '../api/mail';
import type { AddressNo, MailKind, MailPreview } from '../api/types';
import { useI18n } from '../i18n';
import { Alert } from './Alert';

const KINDS: readonly MailKind[] = ['verification-request', 'account-notice'];

/**
 * Both mails exactly as they are sent (the API renders them with the sending code). The HTML part
 * is shown in a sandboxed frame: no script runs and no link opens from the preview.
 */
export function MailPreviewPanel({ employeeId, address }: { employeeId: string; address: AddressNo | undefined }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<MailKind>('verification-request');
  const [preview, setPreview] = useState<MailPreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!address) return;
    let live = true;
    setPreview(null);
    setError(null);
    previewMail(employeeId, kind, address)
      .then((p) => live && setPreview(p))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [employeeId, kind, address]);

  return (
    <section className="card" aria-labelledby="mail-preview-title">
      <h2 id="mail-preview-title" className="card-title">
        {t('mail.previewTitle')}
      </h2>
      <div className="tabs" role="tablist" aria-label={t('mail.previewTitle')}>
        {KINDS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={kind === k} className={`tab${kind === k ? ' tab-active' : ''}`} onClick={() => setKind(k)}>
            {t(`mail.kind.${k}`)}
          </button>
        ))}
      </div>
      {!address && <p className="muted">{t('mail.previewNoAddress')}</p>}
      {error && <Alert kind="error">{error}</Alert>}
      {address && !preview && !error && <p className="muted">{t('common.loading')}</p>}
      {preview && (
        <div className="mail-preview" role="tabpanel" data-testid="mail-preview">
          <dl className="mail-head">
            <dt>{t('mail.col.to')}</dt>
            <dd className="email" data-testid="preview-to">{preview.to}</dd>
            <dt>{t('mail.col.subject')}</dt>
            <dd data-testid="preview-subject">{preview.subject}</dd>
          </dl>
          <p className="section-hint">{t('mail.previewHint')}</p>
          <div className="mail-parts">
            <div className="mail-part">
              <h3 className="mail-part-title">{t('mail.htmlPart')}</h3>
              <iframe className="mail-frame" title={t('mail.htmlFrame', { subject: preview.subject })} sandbox="" srcDoc={preview.html} data-testid="preview-html" />
            </div>
            <div className="mail-part">
              <h3 className="mail-part-title">{t('mail.textPart')}</h3>
              <pre className="mail-text" data-testid="preview-text">{preview.text}</pre>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
