import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getRegistrationUrl, rotateRegistrationUrl, type RegistrationUrl } from '../api/registration';
import { useI18n } from '../i18n';
import { saveBlob } from '../lib/format';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyField } from './CopyButton';
import { useSession } from './useSession';

// Medium error correction: a printed code survives a crease; 4 modules of quiet zone, as the standard asks.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** 企業情報's registration URL card: the company's one URL, its QR code (PNG, SVG), and rotating it. */
export function RegistrationUrlCard() {
  const { t, lang } = useI18n();
  const code = useSession()?.account.companyCode ?? 'company';
  const [current, setCurrent] = useState<RegistrationUrl | null>(null);
  const [png, setPng] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    getRegistrationUrl()
      .then(setCurrent)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    if (!current) return;
    let live = true;
    QRCode.toDataURL(current.url, { ...QR_OPTIONS, width: 512 })
      .then((url) => live && setPng(url))
      .catch(() => live && setPng(null));
    return () => {
      live = false;
    };
  }, [current?.url]);

  async function savePng() {
    if (!png) return;
    saveBlob(await (await fetch(png)).blob(), `registration-qr-${code}.png`);
  }

  async function saveSvg() {
    if (!current) return;
    const svg = await QRCode.toString(current.url, { ...QR_OPTIONS, type: 'svg' });
    saveBlob(new Blob([svg], { type: 'image/svg+xml' }), `registration-qr-${code}.svg`);
  }

  async function rotate() {
    setBusy(true);
    setError(null);
    try {
      setCurrent(await rotateRegistrationUrl());
      setNotice(t('company.rotated'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <section className="card" aria-labelledby="registration-url-title">
      <h2 id="registration-url-title" className="card-title">
        {t('company.urlTitle')}
      </h2>
      <p className="section-hint">{t('company.urlLead')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {!current && !error && <p className="empty">{t('common.loading')}</p>}
      {current && (
        <>
          <CopyField id="registration-url" testId="registration-url" value={current.url} label={t('company.urlTitle')} />
          <p className="section-hint">{t('company.rotatedAt', { at: formatJapanTime(current.rotatedAt, lang) })}</p>
          <div className="qr-box">
            {png && <img src={png} alt={t('company.qrAlt')} data-testid="registration-qr" />}
            <div className="download-row">
              <button type="button" className="btn btn-secondary" onClick={() => void savePng()} disabled={!png}>
                {t('company.png')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => void saveSvg()}>
                {t('company.svg')}
              </button>
            </div>
          </div>
          <div className="form-actions">
            <button type="button" className="btn btn-danger" onClick={() => setAsking(true)} disabled={busy}>
              {t('company.rotate')}
            </button>
          </div>
        </>
      )}
      {asking && (
        <ConfirmDialog title={t('company.rotateTitle')} confirmLabel={t('company.rotateConfirm')} onConfirm={() => void rotate()} onCancel={() => setAsking(false)} danger busy={busy} focus="cancel">
          <p>{t('company.rotateBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
