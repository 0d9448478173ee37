import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { getMe } from '../api/me';
import { getSettings } from '../api/settings';

/** The send rate assumed until the settings tell the configured one (SES's usual starting quota). */
export const DEFAULT_SEND_RATE = 14;

export interface MailMode {
  /** null while loading; 'unknown' when it could not be read. */
  mail: boolean | null | 'unknown';
  /** Mails per second the bulk job keeps to, for the estimate before sending. */
  sendRate: number;
}

/**
 * Whether the company hands out accounts by mail (基本設定 › 通知方法). A viewer may not read the
 * settings (403) and learns the method from their own account instead.
 */
export function useMailMode(): MailMode {
  const [state, setState] = useState<MailMode>({ mail: null, sendRate: DEFAULT_SEND_RATE });
  useEffect(() => {
    let live = true;
    getSettings()
      .then((s) => {
        const rate = s.mailSendRatePerSecond;
        if (live) setState({ mail: s.notificationMethod === 'mail', sendRate: typeof rate === 'number' && rate > 0 ? rate : DEFAULT_SEND_RATE });
      })
      .catch(async (e) => {
        if (!(e instanceof ApiError && e.status === 403)) {
          if (live) setState({ mail: false, sendRate: DEFAULT_SEND_RATE });
          return;
        }
        const me = await getMe().catch(() => null);
        if (live) setState({ mail: me ? me.notificationMethod === 'mail' : 'unknown', sendRate: DEFAULT_SEND_RATE });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
