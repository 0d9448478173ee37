import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { submitRegistration, type RegistrationForm } from '../api/registration';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { fieldErrorsWithMessage, withoutErrorsFor, type FieldErrors } from '../components/field-errors';
import { LangSwitch } from '../components/LangSwitch';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';

const EMPTY: RegistrationForm = { employeeCode: '', birthDate: '', password: '', email: '', emailConfirmation: '' };

/** The frame of the employee's registration pages: the brand and the language, one card, sized for a phone. */
export function RegisterFrame({ children }: { children: ReactNode }) {
  return (
    <div className="signin-page register-page">
      <div className="signin-top">
        <span className="brand-mark" aria-hidden="true">
          鍵
        </span>
        <span className="signin-brand">kagi</span>
        <LangSwitch />
      </div>
      <section className="card signin-card" aria-live="polite">
        {children}
      </section>
    </div>
  );
}

/** Full-width digits (１９８５…) and separators typed on a phone become the 8 plain digits the API takes. */
const digitsOf = (typed: string) => typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[^0-9]/g, '');

/**
 * /register/:companyKey — the page of the company's QR code (no sign-in). It never says which
 * field was wrong: the API answers every mismatch alike, and so does this page.
 */
export function RegisterPage({ companyKey }: { companyKey: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState<RegistrationForm>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  useTitle(sent ? t('register.sentTitle') : t('register.title'));

  function change(patch: Partial<RegistrationForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setFieldErrors((errors) => withoutErrorsFor(errors, patch));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = { ...form, birthDate: digitsOf(form.birthDate), password: digitsOf(form.password) || form.password.trim() };
    const problems: FieldErrors = {};
    for (const key of Object.keys(EMPTY) as Array<keyof RegistrationForm>) if (typed[key].trim() === '') problems[key] = t('register.missing');
    if (!problems.birthDate && typed.birthDate.length !== 8) problems.birthDate = t('register.birthDateFormat');
    if (!problems.emailConfirmation && typed.email.trim().toLowerCase() !== typed.emailConfirmation.trim().toLowerCase()) problems.emailConfirmation = t('register.emailMismatch');
    setFieldErrors(problems);
    setError(null);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`register-${Object.keys(problems)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await submitRegistration(companyKey, typed);
      setSent(true);
      window.scrollTo(0, 0);
    } catch (e) {
      if (e instanceof ApiError) {
        const byField = fieldErrorsWithMessage(e);
        setFieldErrors(byField);
        setError(Object.keys(byField).length > 0 ? null : e.message);
      } else setError(t('error.unknown'));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <RegisterFrame>
        <h1 className="signin-title">{t('register.sentTitle')}</h1>
        <p data-testid="register-sent">{t('register.sentBody')}</p>
        <p className="verify-note">{t('register.sentNote')}</p>
      </RegisterFrame>
    );
  }

  const input = (name: keyof RegistrationForm, props: { type: string; inputMode?: 'numeric' | 'email'; autoComplete: string; maxLength: number }) =>
    function control(p: object) {
      return <input {...p} name={name} {...props} value={form[name]} onChange={(e) => change({ [name]: e.target.value })} />;
    };

  return (
    <RegisterFrame>
      <form onSubmit={submit} noValidate aria-labelledby="register-title">
        <h1 id="register-title" className="signin-title">
          {t('register.title')}
        </h1>
        <p className="signin-lead">{t('register.lead')}</p>
        {error && (
          <Alert kind="error">
            <span data-testid="register-error">{error}</span>
          </Alert>
        )}
        <Field id="register-employeeCode" label={t('register.employeeCode')} required error={fieldErrors.employeeCode}>
          {input('employeeCode', { type: 'text', autoComplete: 'off', maxLength: 64 })}
        </Field>
        <Field id="register-birthDate" label={t('register.birthDate')} required hint={t('register.birthDateHint')} error={fieldErrors.birthDate}>
          {input('birthDate', { type: 'text', inputMode: 'numeric', autoComplete: 'bday', maxLength: 16 })}
        </Field>
        <Field id="register-password" label={t('register.password')} required hint={t('register.passwordHint')} error={fieldErrors.password}>
          {input('password', { type: 'text', inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 32 })}
        </Field>
        <Field id="register-email" label={t('register.email')} required hint={t('register.emailHint')} error={fieldErrors.email}>
          {input('email', { type: 'email', inputMode: 'email', autoComplete: 'email', maxLength: 254 })}
        </Field>
        <Field id="register-emailConfirmation" label={t('register.emailConfirmation')} required error={fieldErrors.emailConfirmation}>
          {input('emailConfirmation', { type: 'email', inputMode: 'email', autoComplete: 'off', maxLength: 254 })}
        </Field>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('register.submitting') : t('register.submit')}
        </button>
      </form>
    </RegisterFrame>
  );
}
