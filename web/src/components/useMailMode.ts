import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { getSettings } from '../api/settings';

/** The send rate assumed until the settings tell the configured one (SES's usual starting quota). */
export const DEFAULT_SEND_RATE = 14;

export interface MailMode {
  /** null while loading; 'unknown' when the settings may not be read (a viewer). */
  mail: boolean | null | 'unknown';
  /** Mails per second the bulk job keeps to, for the estimate before sending. */
  sendRate: number;
}

/**
 * Whether the company hands out accounts by mail (基本設定 › 通知方法). A viewer may not read the
 * settings (403): that is 'unknown', and the list shows the 認証状態 column once a row has a status
 * only the mail flow gives.
 */
export function useMailMode(): MailMode {
  const [state, setState] = useState<MailMode>({ mail: null, sendRate: DEFAULT_SEND_RATE });
  useEffect(() => {
    let live = true;
    getSettings()
      .then((s) => {
        const rate = (s as { mailSendRatePerSecond?: unknown }).mailSendRatePerSecond;
        if (live) setState({ mail: s.notificationMethod === 'mail', sendRate: typeof rate === 'number' && rate > 0 ? rate : DEFAULT_SEND_RATE });
      })
      .catch((e) => {
        if (live) setState({ mail: e instanceof ApiError && e.status === 403 ? 'unknown' : false, sendRate: DEFAULT_SEND_RATE });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
