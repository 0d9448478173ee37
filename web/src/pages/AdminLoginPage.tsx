import { useEffect } from 'react';
import { isAdminArea, saveSignedIn } from '../api/session';
import type { SignedIn } from '../api/types';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useFlash } from '../flash';
import { useI18n } from '../i18n';
import { navigate } from '../router';

/** /admin/login: admins and viewers go on to 社員一覧, employees to their home. */
export function AdminLoginPage() {
  const { t } = useI18n();
  useTitle(t('login.adminTitle'));
  const session = useSession();
  const [flash] = useFlash();

  useEffect(() => {
    if (session) navigate(isAdminArea(session.account) ? '/admin/employees' : '/home', { replace: true });
  }, [session]);

  function signedIn(answer: SignedIn) {
    saveSignedIn(answer);
  }

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
      <SignInForm title={t('login.adminTitle')} lead={t('login.adminLead')} onSignedIn={signedIn} />
    </div>
  );
}
