import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { listMails } from '../api/mail';
import type { MailRecord } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';

const EVENT_TYPES = new Set(['send', 'delivery', 'bounce', 'complaint', 'reject']);

/** メール送信履歴 of one employee, newest first, with the delivery events SES reported. */
export function MailHistory({ employeeId, reloadKey }: { employeeId: string; reloadKey: number }) {
  const { t, lang } = useI18n();
  const eventLabel = (type: string) => (EVENT_TYPES.has(type) ? t(`mail.event.${type}` as MessageKey) : type);
  const [items, setItems] = useState<MailRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    listMails(employeeId)
      .then((found) => {
        if (!live) return;
        setItems(found);
        setError(null);
      })
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [employeeId, reloadKey]);

  return (
    <section className="card" aria-labelledby="mail-history-title">
      <h2 id="mail-history-title" className="card-title">
        {t('mail.historyTitle')}
      </h2>
      {error && <Alert kind="error">{error}</Alert>}
      {!items && !error && <p className="muted">{t('common.loading')}</p>}
      {items && items.length === 0 && <p className="muted">{t('mail.historyEmpty')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="mail-history">
            <thead>
              <tr>
                <th scope="col">{t('mail.col.sentAt')}</th>
                <th scope="col">{t('mail.col.kind')}</th>
                <th scope="col">{t('mail.col.to')}</th>
                <th scope="col">{t('mail.col.subject')}</th>
                <th scope="col">{t('mail.col.delivery')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.mailId}>
                  <td className="nowrap">{formatJapanTime(m.sentAt, lang)}</td>
                  <td className="nowrap">{t(`mail.kind.${m.kind}`)}</td>
                  <td className="email">
                    <span className="address-no">{t('mail.addressN', { n: m.address })}</span> {m.to}
                  </td>
                  <td>{m.subject}</td>
                  <td className="nowrap">
                    <span
                      className={`badge delivery-${m.delivery}`}
                      title={m.events.map((e) => `${formatJapanTime(e.at, lang)} ${eventLabel(e.type)}${e.detail ? `: ${e.detail}` : ''}`).join('\n') || undefined}
                    >
                      {t(`mail.delivery.${m.delivery}`)}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
