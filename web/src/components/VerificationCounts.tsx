import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getEmployeeCounts } from '../api/mail';
import type { VerificationStatus } from '../api/types';
import { useI18n } from '../i18n';
import { verificationListHref } from '../pages/EmployeeListPage';
import { Link } from '../router';
import { Alert } from './Alert';

/** The statuses 認証状態の集計情報 counts (- is PDF issuance, not part of the mail flow). */
export const COUNTED: readonly VerificationStatus[] = ['none', 'pending', 'expired', 'verified_pending_login', 'verified'];

/** 認証状態の集計情報: one count per status, each a link to the list showing only those employees. */
export function VerificationCounts({ current }: { current: VerificationStatus | '' }) {
  const { t } = useI18n();
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getEmployeeCounts()
      .then((c) => live && setCounts(c))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section id="verification-counts" className="card counts-card" aria-labelledby="verification-counts-title">
      <h2 id="verification-counts-title" className="card-title">
        {t('counts.title')}
      </h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!counts && !error && <p className="muted">{t('common.loading')}</p>}
      {counts && (
        <ul className="counts" data-testid="verification-counts">
          {COUNTED.map((s) => (
            <li key={s} className={s === current ? 'counts-current' : undefined}>
              <Link to={verificationListHref(s)} aria-current={s === current ? 'true' : undefined}>
                <span className="counts-label">{t(`verificationStatus.${s}`)}</span>
                <span className="counts-value">{t('issuance.count', { n: counts[`verification#${s}`] ?? 0 })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
