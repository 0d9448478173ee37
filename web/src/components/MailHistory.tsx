import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { listMails } from '../api/mail';
import type { MailRecord } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';
import { SimpleTable } from './SimpleTable';

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
      {items && (
        <SimpleTable
          rows={items}
          rowKey={(m) => m.mailId}
          empty={t('mail.historyEmpty')}
          compact
          testId="mail-history"
          columns={[
            { header: t('mail.col.sentAt'), className: 'nowrap', cell: (m) => formatJapanTime(m.sentAt, lang) },
            { header: t('mail.col.kind'), className: 'nowrap', cell: (m) => t(`mail.kind.${m.kind}`) },
            {
              header: t('mail.col.to'),
              className: 'email',
              cell: (m) => (
                <>
                  <span className="address-no">{t('mail.addressN', { n: m.address })}</span> {m.to}
                </>
              ),
            },
            { header: t('mail.col.subject'), cell: (m) => m.subject },
            {
              header: t('mail.col.delivery'),
              className: 'nowrap',
              cell: (m) => (
                <span
                  className={`badge delivery-${m.delivery}`}
                  title={m.events.map((e) => `${formatJapanTime(e.at, lang)} ${eventLabel(e.type)}${e.detail ? `: ${e.detail}` : ''}`).join('\n') || undefined}
                >
                  {t(`mail.delivery.${m.delivery}`)}
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
