import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage, MFA_SETUP_PATH } from '../api/client';
import { findSupportAccounts, findSupportCompany, getMyMfa, supportResetMfa, supportUnlock } from '../api/mfa';
import { homePathOf } from '../api/session';
import type { SupportAccountView, SupportCompany } from '../api/types';
import { Alert } from '../components/Alert';
import { ClientSettingsCard } from '../components/ClientSettingsCard';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SimpleTable } from '../components/SimpleTable';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { formatJapanTime, PlainHeader } from './HomePage';

type Action = { kind: 'unlock' | 'reset'; account: SupportAccountView };

/**
 * /support: the support console. Find a company by its code, then an account by login ID,
 * employee code or name; lift the lock of its second factor, or reset it. Support operators
 * only (the API refuses everyone else), and every action lands in the company's log.
 */
export function SupportConsolePage() {
  const { t, lang } = useI18n();
  useTitle(t('support.title'));
  const session = useSession();
  const [code, setCode] = useState('');
  const [company, setCompany] = useState<SupportCompany | null>(null);
  const [query, setQuery] = useState('');
  const [accounts, setAccounts] = useState<SupportAccountView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [action, setAction] = useState<Action | null>(null);

  useEffect(() => {
    if (!session) navigate('/support/login', { replace: true });
    else if (session.account.role !== 'support') navigate(homePathOf(session.account), { replace: true });
    // A support operator always has a second factor: at the first sign-in, set it up before anything else.
    else
      getMyMfa()
        .then((s) => s.status !== 'active' && navigate(MFA_SETUP_PATH, { replace: true }))
        .catch(() => undefined);
  }, [session?.account.accountId]);

  if (!session || session.account.role !== 'support') return null;

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(errorMessage(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function findCompany(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (!code.trim()) {
      setError(t('support.searchMissing'));
      return;
    }
    setCompany(null);
    setAccounts(null);
    const found = await run(() => findSupportCompany(code.trim()));
    if (found) setCompany(found);
  }

  async function findAccounts(event?: FormEvent) {
    event?.preventDefault();
    if (!company) return;
    if (!query.trim()) {
      setError(t('support.searchMissing'));
      return;
    }
    const found = await run(() => findSupportAccounts(company.id, query.trim()));
    if (found) setAccounts(found);
  }

  async function confirmAction() {
    if (!action || !company) return;
    const { kind, account } = action;
    setAction(null);
    setNotice(null);
    const after = await run(() => (kind === 'unlock' ? supportUnlock(company.id, account.id) : supportResetMfa(company.id, account.id)));
    if (!after) return;
    setAccounts((list) => list?.map((a) => (a.id === after.id ? after : a)) ?? null);
    setNotice(t(kind === 'unlock' ? 'support.unlocked' : 'support.resetDone', { name: after.name }));
  }

  const lockText = (a: SupportAccountView) =>
    a.mfaLock.kind === 'delay' ? t('support.lock.delay', { time: formatJapanTime(a.mfaLock.until, lang) }) : t(`support.lock.${a.mfaLock.kind}`);

  return (
    <>
      <PlainHeader title={t('support.title')} user={{ name: session.account.displayName, role: t('role.support') }} signInPath="/support/login" />
      <main className="page">
        <div className="page-head">
          <h1 className="page-title">{t('support.title')}</h1>
        </div>
        {error && <Alert kind="error">{error}</Alert>}
        {notice && <Alert kind="success">{notice}</Alert>}

        <section className="card" aria-labelledby="support-company-title">
          <h2 id="support-company-title" className="card-title">
            {t('support.companyTitle')}
          </h2>
          <form className="inline-search" onSubmit={findCompany} noValidate>
            <div className="toolbar-field">
              <label htmlFor="support-company-code">{t('support.companyCode')}</label>
              <input id="support-company-code" type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} />
            </div>
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              {t('support.find')}
            </button>
          </form>
          {company && (
            <p className="support-company" data-testid="support-company">
              {t('support.companyFound', { name: company.name, code: company.code })}
            </p>
          )}
        </section>

        {company && <ClientSettingsCard key={company.id} company={company} onSaved={(clientSettings) => setCompany({ ...company, clientSettings })} />}

        {company && (
          <section className="card" aria-labelledby="support-account-title">
            <h2 id="support-account-title" className="card-title">
              {t('support.accountTitle')}
            </h2>
            <form className="inline-search" role="search" onSubmit={findAccounts} noValidate>
              <div className="toolbar-field">
                <label htmlFor="support-account-q">{t('support.accountQuery')}</label>
                <input id="support-account-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
              </div>
              <button type="submit" className="btn btn-secondary" disabled={busy}>
                {t('support.find')}
              </button>
            </form>
            {accounts && (
              <SimpleTable
                rows={accounts}
                rowKey={(a) => a.id}
                rowProps={(a) => ({ 'data-testid': `support-account-${a.loginId}` })}
                empty={t('support.noAccounts')}
                columns={[
                  { header: t('field.employeeCode'), className: 'mono nowrap', cell: (a) => a.employeeCode },
                  { header: t('list.col.name'), className: 'nowrap', cell: (a) => a.name },
                  { header: t('field.loginId'), className: 'mono', cell: (a) => a.loginId },
                  { header: t('field.role'), className: 'nowrap', cell: (a) => t(`role.${a.role}`) },
                  { header: t('field.accountKind'), className: 'nowrap', cell: (a) => t(`accountKind.${a.accountKind}`) },
                  { header: t('list.col.mfa'), className: 'nowrap', cell: (a) => t(`mfa.status.${a.mfaStatus}`) },
                  { header: t('support.col.lock'), className: 'nowrap', cell: (a) => (a.mfaLock.kind === 'none' ? lockText(a) : <span className="badge badge-error">{lockText(a)}</span>) },
                  {
                    header: t('support.unlock'),
                    hiddenHeader: true,
                    className: 'nowrap actions',
                    cell: (a) => (
                      <>
                        <button type="button" className="btn btn-secondary btn-small" disabled={busy || a.mfaLock.kind === 'none'} onClick={() => setAction({ kind: 'unlock', account: a })}>
                          {t('support.unlock')}
                        </button>{' '}
                        <button type="button" className="btn btn-danger btn-small" disabled={busy || a.mfaStatus !== 'active'} onClick={() => setAction({ kind: 'reset', account: a })}>
                          {t('support.reset')}
                        </button>
                      </>
                    ),
                  },
                ]}
              />
            )}
          </section>
        )}
      </main>
      {action && (
        <ConfirmDialog
          title={t(action.kind === 'unlock' ? 'support.unlockTitle' : 'support.resetTitle')}
          confirmLabel={t(action.kind === 'unlock' ? 'support.unlock' : 'support.reset')}
          onConfirm={() => void confirmAction()}
          onCancel={() => setAction(null)}
          danger={action.kind === 'reset'}
        >
          <p>{t(action.kind === 'unlock' ? 'support.unlockBody' : 'support.resetBody', { name: action.account.name, loginId: action.account.loginId })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
