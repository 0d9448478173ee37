import { useEffect, useState } from 'react';
import { fetchMe, logout } from '../api/auth';
import { ApiError } from '../api/client';
import { isAdminArea } from '../api/session';
import type { Account } from '../api/types';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';

/** /home: who is signed in, at which company, and a way out. */
export function HomePage() {
  const { t } = useI18n();
  useTitle(t('home.title'));
  const session = useSession();
  const [me, setMe] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!session) {
      navigate('/login', { replace: true });
      return;
    }
    let live = true;
    fetchMe()
      .then((account) => live && setMe(account))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.message : t('error.unknown')));
    return () => {
      live = false;
    };
    // Once per sign-in, not on every token refresh.
  }, [session?.account.accountId]);

  async function signOut() {
    await logout();
    navigate('/login', { replace: true });
  }

  if (!session) return null;
  const account = me ?? session.account;
  return (
    <>
      <header className="app-header">
        <div className="app-header-inner">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              鍵
            </span>
            <span className="brand-company" data-testid="company-name">
              {account.companyName}
            </span>
          </div>
          <div className="header-user">
            <LangSwitch />
            <button type="button" className="btn btn-secondary btn-small" onClick={signOut}>
              {t('header.logout')}
            </button>
          </div>
        </div>
      </header>
      <main className="page page-narrow">
        {error && <Alert kind="error">{error}</Alert>}
        <section className="card home-card">
          <p className="home-company">{account.companyName}</p>
          <h1 className="home-name" data-testid="employee-name">
            {me ? t('home.greeting', { name: me.displayName }) : t('common.loading')}
          </h1>
          <dl className="home-facts">
            <dt>{t('home.loginId')}</dt>
            <dd>{account.loginId}</dd>
            <dt>{t('home.companyCode')}</dt>
            <dd>{account.companyCode}</dd>
          </dl>
          <p className="home-note">{t('home.note')}</p>
          {isAdminArea(account) && (
            <p>
              <Link to="/admin/employees" className="btn btn-secondary">
                {t('home.toAdmin')}
              </Link>
            </p>
          )}
        </section>
      </main>
    </>
  );
}
