import type { AuditEntry } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { formatZoned } from '../lib/zoned';

const CLOCK_KINDS = ['clock-in', 'clock-out', 'break-start', 'break-end'] as const;
const clockKindKey = (kind: unknown): MessageKey | undefined => ((CLOCK_KINDS as readonly unknown[]).includes(kind) ? (`clockKind.${kind as (typeof CLOCK_KINDS)[number]}` as MessageKey) : undefined);
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * 出退勤ログ検索's rows: the employee, 打刻の種類, when it happened on the device and when kagi
 * received it (they differ for events sent later from the device's queue), and the device.
 */
export function ClockTable({ items, timeZone, onOpen }: { items: AuditEntry[]; timeZone: string; onOpen: (entry: AuditEntry) => void }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table audit-table" data-testid="clock-results">
        <thead>
          <tr>
            <th scope="col">{t('clock.col.employee')}</th>
            <th scope="col">{t('clock.col.kind')}</th>
            <th scope="col" className="col-at">{t('clock.col.occurredAt')}</th>
            <th scope="col" className="col-at">{t('clock.col.receivedAt')}</th>
            <th scope="col">{t('clock.col.device')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const kindKey = clockKindKey(e.detail?.clockKind);
            const kind = kindKey ? t(kindKey) : '';
            const occurred = text(e.detail?.occurredAt);
            const received = formatZoned(e.at, timeZone);
            return (
              <tr key={e.id} className="audit-row" onClick={() => onOpen(e)}>
                <td className="audit-user">
                  <button type="button" className="btn-inline audit-open" aria-label={t('logs.openDetail', { action: kind, at: received })} onClick={(event) => (event.stopPropagation(), onOpen(e))}>
                    {e.actor}
                  </button>
                  {e.target && <span className="muted"> （{e.target}）</span>}
                </td>
                <td className="nowrap">{kind}</td>
                <td className="nowrap mono">{occurred && !Number.isNaN(Date.parse(occurred)) ? formatZoned(occurred, timeZone) : occurred}</td>
                <td className="nowrap mono">{received}</td>
                <td>{text(e.detail?.device)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
