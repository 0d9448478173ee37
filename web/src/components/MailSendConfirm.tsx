import type { ReactNode } from 'react';
import { useI18n, type Lang } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * "約 40 秒", "約 720 秒（約 12 分）": the send rate bounds a mail job, so this is about the time it
 * takes at least. Seconds first, as the help page promises 「おおよその送信完了の秒数」.
 */
export function estimate(count: number, perSecond: number, lang: Lang): string {
  const seconds = Math.max(1, Math.ceil(count / perSecond));
  if (seconds < 60) return lang === 'ja' ? `約 ${seconds} 秒` : `about ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return lang === 'ja' ? `約 ${seconds.toLocaleString('ja-JP')} 秒（約 ${minutes} 分）` : `about ${seconds.toLocaleString('en-US')} s (about ${minutes} min)`;
}

interface Props {
  title: string;
  /** What happens, in a sentence (who gets which mail). */
  body: ReactNode;
  /** Mails that will really be sent, or (`upTo`) the employees the job takes, some of whom may be skipped. */
  count: number;
  upTo?: boolean;
  /** Mails per second (GET /api/admin/settings). */
  sendRate: number;
  confirmLabel: string;
  /** A send that also takes a password away is drawn as a danger. */
  danger?: boolean;
  /** Links to the previews of what is sent (the bulk page). */
  previews?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Every mail send asks first: what, to how many, and about how long it takes. */
export function MailSendConfirm({ title, body, count, upTo = false, sendRate, confirmLabel, danger = false, previews, onConfirm, onCancel }: Props) {
  const { t, lang } = useI18n();
  return (
    <ConfirmDialog title={title} confirmLabel={confirmLabel} onConfirm={onConfirm} onCancel={onCancel} danger={danger} focus={danger ? undefined : 'confirm'}>
      <div className="mail-confirm" data-testid="mail-confirm">
        {body}
        <dl className="mail-confirm-facts">
          <dt>{upTo ? t('mailConfirm.targets') : t('mailConfirm.count')}</dt>
          <dd data-testid="mail-confirm-count">
            {t(upTo ? 'mailConfirm.targetsValue' : 'mailConfirm.countValue', { n: count.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US') })}
          </dd>
          <dt>{t('mailConfirm.time')}</dt>
          <dd data-testid="mail-confirm-time">{t('mailConfirm.timeValue', { time: estimate(count, sendRate, lang), rate: sendRate })}</dd>
        </dl>
        {previews && <div className="mail-confirm-previews">{previews}</div>}
      </div>
    </ConfirmDialog>
  );
}
