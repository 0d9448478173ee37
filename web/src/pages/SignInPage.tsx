import { useEffect } from 'react';
import { isAdminArea, saveSignedIn } from '../api/session';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useFlash } from '../flash';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';

/** Where a page that needed a sign-in sends the admin back to: admin paths of this site only. */
const safeNext = (next: string | null) => (next && next.startsWith('/admin/') && !next.startsWith('//') ? next : null);

/**
 * /admin/login (admins and viewers go on to 社員一覧) and / or /login (the employee sign-in).
 * Employees land on their home whichever page they used.
 */
export function SignInPage({ area }: { area: 'admin' | 'employee' }) {
  const { t } = useI18n();
  const title = area === 'admin' ? t('login.adminTitle') : t('login.employeeTitle');
  useTitle(title);
  const session = useSession();
  const [flash] = useFlash();
  const next = safeNext(useLocation().search.get('next'));

  useEffect(() => {
    if (session) navigate(area === 'admin' && isAdminArea(session.account) ? (next ?? '/admin/employees') : '/home', { replace: true });
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
      <SignInForm title={title} lead={area === 'admin' ? t('login.adminLead') : t('login.employeeLead')} onSignedIn={saveSignedIn} />
    </div>
  );
}
