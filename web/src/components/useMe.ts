import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getMe } from '../api/me';
import type { MyAccount } from '../api/types';
import { useI18n } from '../i18n';
import { MFA_SETUP_PATH } from '../api/client';
import { navigate } from '../router';
import { useSession } from './useSession';

/**
 * The signed-in account's own record (GET /api/me) for the employee pages; without a session,
 * back to the employee sign-in.
 */
export function useMe() {
  const { t } = useI18n();
  const session = useSession();
  const [me, setMe] = useState<MyAccount | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) {
      navigate('/login', { replace: true });
      return;
    }
    if (session.account.role === 'support') {
      navigate('/support', { replace: true });
      return;
    }
    let live = true;
    getMe()
      .then((account) => {
        if (!live) return;
        // /api/me answers while a second factor is due; the employee pages are not for then.
        if (account.mfa?.setupRequired) navigate(MFA_SETUP_PATH, { replace: true });
        else setMe(account);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
    // Once per sign-in, not on every token refresh.
  }, [session?.account.accountId]);

  return { session, me, setMe, error };
}
