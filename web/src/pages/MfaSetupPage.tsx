import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getMyMfa } from '../api/mfa';
import { homePathOf } from '../api/session';
import type { MfaState } from '../api/types';
import { Alert } from '../components/Alert';
import { MfaSetupFlow } from '../components/MfaSetupFlow';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { navigate, signInPathFor, useLocation } from '../router';
import { PlainHeader } from './HomePage';

/** Only paths of this site: a `from` naming another origin is ignored. */
const sameSite = (path: string | null) => (path && path.startsWith('/') && !path.startsWith('//') ? path : null);

/**
 * /mfa/setup: 2段階認証の設定, for every role. Forced (the company requires it, or a support
 * operator), it is the only screen: no menu, only ログアウト, and every other call of the API
 * sends the account back here until the first code is confirmed.
 */
export function MfaSetupPage() {
  const { t } = useI18n();
  useTitle(t('mfaSetup.title'));
  const session = useSession();
  const { search } = useLocation();
  const [state, setState] = useState<MfaState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) {
      navigate(signInPathFor(sameSite(search.get('from')) ?? '/'), { replace: true });
      return;
    }
    getMyMfa()
      .then(setState)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [session?.account.accountId]);

  if (!session) return null;
  const account = session.account;
  const forced = state !== null && state.required && state.status === 'none';
  const back = sameSite(search.get('from')) ?? homePathOf(account);

  return (
    <>
      <PlainHeader
        title={account.role === 'support' ? t('support.title') : account.companyName}
        user={{ name: account.displayName }}
        signInPath={signInPathFor(account.role === 'support' ? '/support' : back)}
      />
      <main className="page page-narrow">
        <div className="page-head">
          <h1 className="page-title">{t('mfaSetup.title')}</h1>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        {forced && <Alert kind="warning">{account.role === 'support' ? t('mfaSetup.forcedSupport') : t('mfaSetup.forced')}</Alert>}
        {!state && !error && <p className="empty">{t('common.loading')}</p>}
        {state?.status === 'active' && (
          <section className="card">
            <p>{t('mfaSetup.already')}</p>
            <button type="button" className="btn btn-secondary" onClick={() => navigate(back, { replace: true })}>
              {t('mfaSetup.back')}
            </button>
          </section>
        )}
        {state?.status === 'none' && (
          <section className="card">
            <MfaSetupFlow
              companyName={account.companyName}
              loginId={account.loginId}
              onDone={() => navigate(forced ? homePathOf(account) : back, { replace: true })}
              onCancel={forced ? undefined : () => navigate(back)}
            />
          </section>
        )}
      </main>
    </>
  );
}
