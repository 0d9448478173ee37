import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { deleteEmployeeMfa, getCompanyInfo } from '../api/company';
import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * 認証情報の削除 on the employee page: only where support turned 「管理者による認証情報の削除を許可する」
 * on, and only for an employee with a second factor. A lock stays for support to lift.
 */
export function MfaDeletionCard({ employee, onDone }: { employee: Employee; onDone: () => void }) {
  const { t } = useI18n();
  const [allowed, setAllowed] = useState(false);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    getCompanyInfo()
      .then((info) => setAllowed(info.adminMayDeleteMfa))
      .catch(() => setAllowed(false));
  }, []);

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await deleteEmployeeMfa(employee.id);
      setDone(true);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  if (!allowed || (employee.mfaStatus !== 'active' && !done)) return null;
  const name = fullName(employee);
  return (
    <section className="card" aria-labelledby="mfa-delete-title" data-testid="mfa-delete-card">
      <h2 id="mfa-delete-title" className="card-title">
        {t('mfaDelete.title')}
        <span className="card-title-note">{t('reissue.current', { status: t(done ? 'mfa.status.none' : 'mfa.status.active') })}</span>
        {employee.mfaLocked && <span className="badge badge-error">{t('mfa.status.locked')}</span>}
      </h2>
      {error && <Alert kind="error">{error}</Alert>}
      {done ? (
        <Alert kind="success">{t('mfaDelete.done', { name })}</Alert>
      ) : (
        <>
          <p className="section-hint">{t('mfaDelete.lead')}</p>
          {employee.mfaLocked && <p className="field-hint">{t('mfaDelete.lockStays')}</p>}
          <div className="reissue-actions">
            <button type="button" className="btn btn-danger" onClick={() => setAsking(true)} disabled={busy}>
              {t('mfaDelete.button')}
            </button>
          </div>
        </>
      )}
      {asking && (
        <ConfirmDialog title={t('mfaDelete.confirmTitle')} confirmLabel={t('mfaDelete.confirm')} onConfirm={() => void remove()} onCancel={() => setAsking(false)} danger busy={busy} focus="cancel">
          <p>{t('mfaDelete.confirmBody', { name, loginId: employee.loginId })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
