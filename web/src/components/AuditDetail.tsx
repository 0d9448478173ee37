import { AUDIT_GROUP_LABELS, actionLabel, detailLabel, groupOf, reasonLabel } from '../../../functions/core/audit/actions';
import { shownEntry } from '../../../functions/core/audit/presentation';
import { zonedIso } from '../../../functions/core/shared/time-zone';
import type { AuditEntry } from '../api/types';
import { useI18n } from '../i18n';
import { formatZoned } from '../lib/zoned';
import { Link } from '../router';
import { Dialog } from './Dialog';

export const userLogHref = (accountId: string) => `/admin/employees/${encodeURIComponent(accountId)}/logs`;

/** Every non-secret fact of one entry (the detail panel of ログ表示). */
export function AuditDetail({ entry, timeZone, onClose }: { entry: AuditEntry; timeZone: string; onClose: () => void }) {
  const { t, lang } = useI18n();
  const e = shownEntry(entry);
  const facts = Object.entries(e.detail ?? {});
  const person = (label: string, accountId: string | undefined) => (
    <>
      <span className="audit-user">{label || '-'}</span>
      {accountId && (
        <span className="audit-links">
          <Link to={`/admin/employees/${encodeURIComponent(accountId)}`}>{t('logs.detail.employee')}</Link>
          <Link to={userLogHref(accountId)}>{t('logs.detail.history')}</Link>
        </span>
      )}
    </>
  );
  return (
    <Dialog
      title={t('logs.detail.title')}
      onCancel={onClose}
      actions={
        <button type="button" className="btn btn-secondary" onClick={onClose} autoFocus>
          {t('logs.detail.close')}
        </button>
      }
    >
      <dl className="audit-facts" data-testid="audit-detail">
        <dt>{t('logs.detail.at')}</dt>
        <dd>
          {formatZoned(e.at, timeZone)} <span className="muted">({zonedIso(e.at, timeZone).slice(19)})</span>
        </dd>
        <dt>{t('logs.detail.group')}</dt>
        <dd>{AUDIT_GROUP_LABELS[groupOf(e.action)][lang]}</dd>
        <dt>{t('logs.detail.action')}</dt>
        <dd>
          {actionLabel(e.action, lang)} <span className="muted mono">{e.action}</span>
        </dd>
        <dt>{t('logs.detail.result')}</dt>
        <dd>
          <span className={`badge ${e.result === 'success' ? 'badge-on' : 'badge-error'}`}>{t(`logs.result.${e.result}`)}</span>
        </dd>
        {e.reason && (
          <>
            <dt>{t('logs.detail.reason')}</dt>
            <dd>{reasonLabel(e.reason, lang)}</dd>
          </>
        )}
        <dt>{t('logs.detail.actor')}</dt>
        <dd>{person(e.actor, e.actorAccountId)}</dd>
        {(e.target || e.targetAccountId) && (
          <>
            <dt>{t('logs.detail.target')}</dt>
            <dd>{person(e.target ?? '', e.targetAccountId)}</dd>
          </>
        )}
        <dt>{t('logs.detail.sourceIp')}</dt>
        <dd className="mono">{e.sourceIp ?? '-'}</dd>
        {facts.length > 0 && (
          <>
            <dt>{t('logs.detail.facts')}</dt>
            <dd>
              <ul className="audit-fact-list">
                {facts.map(([k, v]) => (
                  <li key={k}>
                    <span className="muted">{detailLabel(k, lang)}</span> {String(v)}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>{t('logs.detail.id')}</dt>
        <dd className="mono muted">{e.id}</dd>
      </dl>
    </Dialog>
  );
}
