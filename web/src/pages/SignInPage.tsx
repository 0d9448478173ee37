import { useEffect } from 'react';
import { homePathOf, saveSignedIn } from '../api/session';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useFlash } from '../flash';
import { useI18n, type MessageKey } from '../i18n';
import { navigate, useLocation } from '../router';

/**
 * Where a page that needed a sign-in sends the account back to: paths of this site only, admin
 * pages from the admin sign-in, the mailed private-address link from the employee one.
 */
const safeNext = (next: string | null, area: 'admin' | 'employee' | 'support') =>
  next && !next.startsWith('//') && ((area === 'admin' && next.startsWith('/admin/')) || (area === 'employee' && next.startsWith('/mypage/private-email/'))) ? next : null;

const TEXTS: Record<'admin' | 'employee' | 'support', { title: MessageKey; lead: MessageKey }> = {
  admin: { title: 'login.adminTitle', lead: 'login.adminLead' },
  employee: { title: 'login.employeeTitle', lead: 'login.employeeLead' },
  support: { title: 'support.loginTitle', lead: 'support.loginLead' },
};

/**
 * /admin/login (admins and viewers go on to 社員一覧), / or /login (the employee sign-in), and
 * /support/login (support operators, no company code). Employees land on their home whichever
 * page they used.
 */
export function SignInPage({ area }: { area: 'admin' | 'employee' | 'support' }) {
  const { t } = useI18n();
  const title = t(TEXTS[area].title);
  useTitle(title);
  const session = useSession();
  const [flash] = useFlash();
  const next = safeNext(useLocation().search.get('next'), area);

  useEffect(() => {
    if (!session) return;
    const home = homePathOf(session.account);
    if (area === 'admin' && home === '/admin/employees' && next) navigate(next, { replace: true });
    else if (area === 'employee' && home !== '/support' && next) navigate(next, { replace: true });
    else navigate(area === 'employee' && home === '/admin/employees' ? '/home' : home, { replace: true });
  }, [session, area]);

  return (
    <div className="signin-page">
      <div className="signin-top">
        <span className="brand-mark" aria-hidden="true">
          鍵
        </span>
        <span className="signin-brand">kagi</span>
        <LangSwitch />
      </div>
      {flash && <Alert kind={flash.kind}>{flash.text}</Alert>}
      <SignInForm title={title} lead={t(TEXTS[area].lead)} onSignedIn={saveSignedIn} support={area === 'support'} />
    </div>
  );
}
