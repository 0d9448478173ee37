import { actionLabel, reasonLabel } from '../../../functions/core/audit/actions';
import type { AuditEntry } from '../api/types';
import { useI18n } from '../i18n';
import { formatZoned } from '../lib/zoned';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** A job, import or company id is shortened in the list (the detail panel has it whole); codes stay as they are. */
const shortTarget = (target: string) => (ID.test(target) ? `${target.slice(0, 8)}…` : target);

/** ログ表示's result rows: time, operation in words, who, target, result, reason, source IP. A row opens its details. */
export function AuditTable({ items, timeZone, onOpen }: { items: AuditEntry[]; timeZone: string; onOpen: (entry: AuditEntry) => void }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="audit-results">
        <thead>
          <tr>
            <th scope="col" className="col-at">{t('logs.col.at')}</th>
            <th scope="col">{t('logs.col.action')}</th>
            <th scope="col">{t('logs.col.actor')}</th>
            <th scope="col">{t('logs.col.target')}</th>
            <th scope="col" className="col-result">{t('logs.col.result')}</th>
            <th scope="col">{t('logs.col.reason')}</th>
            <th scope="col" className="col-ip">{t('logs.col.sourceIp')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const at = formatZoned(e.at, timeZone);
            const action = actionLabel(e.action, lang);
            return (
              <tr key={e.id} className="audit-row" onClick={() => onOpen(e)}>
                <td className="nowrap mono">
                  {/* The row is clickable for the mouse; the button is the way in for the keyboard and screen readers. */}
                  <button type="button" className="btn-inline audit-open" aria-label={t('logs.openDetail', { action, at })} onClick={(event) => (event.stopPropagation(), onOpen(e))}>
                    {at}
                  </button>
                </td>
                <td>{action}</td>
                <td className="audit-user">{e.actor}</td>
                <td className="audit-user" title={e.target && e.target !== shortTarget(e.target) ? e.target : undefined}>
                  {e.target ? shortTarget(e.target) : ''}
                </td>
                <td className="nowrap">
                  <span className={`badge ${e.result === 'success' ? 'badge-on' : 'badge-error'}`}>{t(`logs.result.${e.result}`)}</span>
                </td>
                <td>{e.reason ? reasonLabel(e.reason, lang) : ''}</td>
                <td className="mono">{e.sourceIp ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
