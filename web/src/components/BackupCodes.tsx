import { useI18n } from '../i18n';
import { saveBlob } from '../lib/format';
import { formatJapanTime } from '../pages/HomePage';
import { CopyButton } from './CopyButton';

interface Props {
  codes: string[];
  /** For the file: whose codes they are. */
  companyName: string;
  loginId: string;
}

/**
 * The 10 backup codes, shown once, with the three ways to keep them: a .txt download, the
 * printer (only the codes are printed), and the clipboard.
 */
export function BackupCodes({ codes, companyName, loginId }: Props) {
  const { t, lang } = useI18n();

  function fileText(): string {
    return [
      t('mfaSetup.fileHeader'),
      t('mfaSetup.fileAccount', { company: companyName || '-', loginId }),
      t('mfaSetup.fileCreated', { at: formatJapanTime(new Date().toISOString(), lang) }),
      t('mfaSetup.fileNote'),
      '',
      ...codes,
      '',
    ].join('\r\n');
  }

  function download() {
    saveBlob(new Blob([fileText()], { type: 'text/plain;charset=utf-8' }), `kagi-backup-codes-${loginId}.txt`);
  }

  function print() {
    // The print style shows only the codes block while this class is on.
    document.body.classList.add('printing-codes');
    const done = () => {
      document.body.classList.remove('printing-codes');
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
    setTimeout(done, 1000);
  }

  return (
    <div className="backup-codes">
      <div className="backup-codes-print">
        <p className="backup-codes-print-head">
          {t('mfaSetup.fileHeader')}
          <br />
          {t('mfaSetup.fileAccount', { company: companyName || '-', loginId })}
        </p>
        <ul className="backup-code-list" data-testid="backup-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ul>
        <p className="backup-codes-print-note">{t('mfaSetup.fileNote')}</p>
      </div>
      <div className="backup-codes-actions">
        <button type="button" className="btn btn-secondary" onClick={download}>
          {t('mfaSetup.download')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={print}>
          {t('mfaSetup.print')}
        </button>
        <CopyButton text={codes.join('\n')} />
      </div>
    </div>
  );
}
