import { useEffect } from 'react';
import { saveSignedIn } from '../api/session';
import type { SignedIn } from '../api/types';
import { Alert } from '../components/Alert';
import { LangSwitch } from '../components/LangSwitch';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useFlash } from '../flash';
import { useI18n } from '../i18n';
import { navigate } from '../router';

/** / and /login: the employee sign-in; everyone lands on /home. */
export function EmployeeLoginPage() {
  const { t } = useI18n();
  useTitle(t('login.employeeTitle'));
  const session = useSession();
  const [flash] = useFlash();

  useEffect(() => {
    if (session) navigate('/home', { replace: true });
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
      <SignInForm title={t('login.employeeTitle')} lead={t('login.employeeLead')} onSignedIn={signedIn} />
    </div>
  );
}
