import { useEffect } from 'react';
import { EmployeeFormPage } from './pages/EmployeeFormPage';
import { EmployeeListPage } from './pages/EmployeeListPage';
import { SignInPage } from './pages/SignInPage';
import { HomePage } from './pages/HomePage';
import { ImportPage } from './pages/ImportPage';
import { IssuancePage } from './pages/IssuancePage';
import { JobsPage } from './pages/JobsPage';
import { LogPage } from './pages/LogPage';
import { UserLogPage } from './pages/UserLogPage';
import { MailBulkPage } from './pages/MailBulkPage';
import { MailIssuancePage } from './pages/MailIssuancePage';
import { MyPage } from './pages/MyPage';
import { PrivateEmailConfirmPage } from './pages/PrivateEmailConfirmPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SettingsPage } from './pages/SettingsPage';
import { VerifyPage } from './pages/VerifyPage';
import { CompanyPage } from './pages/CompanyPage';
import { AdminsPage } from './pages/AdminsPage';
import { RegisterLinkPage } from './pages/RegisterLinkPage';
import { RegisterPage } from './pages/RegisterPage';
import { RegistrationCodesPage } from './pages/RegistrationCodesPage';
import { RegistrationCsvLinkPage } from './pages/RegistrationCsvLinkPage';
import { AccountSettingsPage } from './pages/AccountSettingsPage';
import { MfaSetupPage } from './pages/MfaSetupPage';
import { SupportConsolePage } from './pages/SupportConsolePage';
import { GroupsPage } from './pages/GroupsPage';
import { matchPath, navigate, useLocation } from './router';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Every screen, by path. */
export function App() {
  const { pathname, search } = useLocation();
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;

  switch (path) {
    case '/':
    case '/login':
      return <SignInPage area="employee" />;
    case '/home':
      return <HomePage />;
    case '/mypage':
      return <MyPage />;
    case '/admin':
      return <Redirect to="/admin/employees" />;
    case '/admin/login':
      return <SignInPage area="admin" />;
    case '/admin/employees':
      return <EmployeeListPage />;
    case '/admin/employees/new':
      return <EmployeeFormPage />;
    case '/admin/import':
      return <ImportPage />;
    case '/admin/issuance':
      return <IssuancePage />;
    case '/admin/jobs':
      return <JobsPage />;
    case '/admin/settings':
      return <SettingsPage />;
    case '/admin/mail-issuance':
      return <MailBulkPage />;
    case '/admin/registration-codes':
      return <RegistrationCodesPage />;
    case '/admin/company':
      return <CompanyPage />;
    case '/admin/admins':
      return <AdminsPage />;
    case '/admin/logs':
      return <LogPage />;
    case '/admin/account':
      return <AccountSettingsPage />;
    case '/admin/groups':
      return <GroupsPage />;
    case '/mfa/setup':
      return <MfaSetupPage />;
    case '/support':
      return <SupportConsolePage />;
    case '/support/login':
      return <SignInPage area="support" />;
    case '/verify':
      return <VerifyPage token={search.get('token') ?? ''} />;
    default:
      break;
  }
  const userLog = matchPath('/admin/employees/:id/logs', path);
  if (userLog?.id) return <UserLogPage id={userLog.id} />;
  const employee = matchPath('/admin/employees/:id', path);
  if (employee?.id) return <EmployeeFormPage id={employee.id} />;
  const mailIssuance = matchPath('/admin/mail-issuance/:id', path);
  if (mailIssuance?.id) return <MailIssuancePage id={mailIssuance.id} />;
  const csvLink = matchPath('/admin/registration-codes/download/:token', path);
  if (csvLink?.token) return <RegistrationCsvLinkPage token={csvLink.token} />;
  const privateEmailLink = matchPath('/mypage/private-email/:token', path);
  if (privateEmailLink?.token) return <PrivateEmailConfirmPage token={privateEmailLink.token} />;
  const registerLink = matchPath('/register/link/:token', path);
  if (registerLink?.token) return <RegisterLinkPage token={registerLink.token} />;
  const register = matchPath('/register/:companyKey', path);
  if (register?.companyKey) return <RegisterPage companyKey={register.companyKey} />;
  const verifyLink = matchPath('/verify/:token', path);
  if (verifyLink?.token) return <VerifyPage token={verifyLink.token} />;
  return <NotFoundPage />;
}
