import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { changeMyLoginId, changeMyPassword, getMyPrivateEmail, requestPrivateEmailChange, updateMyEmails } from '../api/me';
import type { MyAccount, MyEmails, MyPrivateEmail, OwnDuplicate } from '../api/types';
import { Alert } from '../components/Alert';
import { useMe } from '../components/useMe';
import { DuplicateDialog } from '../components/DuplicateDialog';
import { Field } from '../components/Field';
import { fieldErrorsOf, fieldErrorsWithMessage, withoutErrorsFor, type FieldErrors } from '../components/field-errors';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { EmployeeHeader, formatJapanTime } from './HomePage';
import { MfaPanel } from '../components/MfaPanel';

const EMAIL_FIELDS = ['email1', 'email2', 'email3'] as const;

/** /mypage: one's own account (any role) — login ID, password, mail addresses and the private address, each changed on the spot. */
export function MyPage() {
  const { t } = useI18n();
  useTitle(t('mypage.title'));
  const { session, me, setMe, error: loadError } = useMe();

  if (!session) return null;
  const account = me ?? session.account;
  return (
    <>
      <EmployeeHeader account={account} />
      <main className="page page-narrow">
        <div className="page-head">
          <div>
            <Link to="/home" className="back-link">
              {t('mypage.back')}
            </Link>
            <h1 className="page-title">{t('mypage.title')}</h1>
          </div>
        </div>
        {loadError && <Alert kind="error">{loadError}</Alert>}
        {!me && !loadError && <p className="empty">{t('common.loading')}</p>}
        {me && (
          <>
            <LoginIdSection me={me} onChanged={(loginId) => setMe({ ...me, loginId })} />
            <PasswordSection />
            <EmailsSection me={me} onSaved={(emails) => setMe({ ...me, ...emails })} />
            <PrivateEmailSection />
            <MfaPanel companyName={me.companyName} loginId={me.loginId} returnTo="/mypage" />
          </>
        )}
      </main>
    </>
  );
}

/** Company, name and login ID; 「ログインIDを変更」 opens the form right under them. */
function LoginIdSection({ me, onChanged }: { me: MyAccount; onChanged: (loginId: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);

  function start() {
    setOpen(true);
    setValue(me.loginId);
    setError(null);
    setFieldError(undefined);
    setNotice(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    if (value.trim() === '') {
      setFieldError(t('mypage.loginIdMissing'));
      inputRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      const saved = await changeMyLoginId(value.trim());
      onChanged(saved.loginId);
      setOpen(false);
      setFieldError(undefined);
      setNotice(t('mypage.loginIdChanged', { loginId: saved.loginId }));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 409)) {
        setFieldError(fieldErrorsOf(e).loginId ?? e.message);
        inputRef.current?.focus();
      } else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="mypage-profile-title">
      <h2 id="mypage-profile-title" className="card-title">
        {t('mypage.profile')}
      </h2>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <dl className="home-facts">
        <dt>{t('mypage.company')}</dt>
        <dd data-testid="mypage-company">{me.companyName}</dd>
        <dt>{t('mypage.name')}</dt>
        <dd data-testid="mypage-name">{me.displayName}</dd>
        <dt>{t('mypage.loginId')}</dt>
        <dd data-testid="mypage-login-id">{me.loginId}</dd>
      </dl>
      {open ? (
        <form className="mypage-inline-form" onSubmit={submit} noValidate>
          <Field id="mypage-loginId" label={t('mypage.newLoginId')} hint={t('mypage.loginIdHint')} error={fieldError}>
            {(p) => (
              <input
                {...p}
                ref={inputRef}
                name="loginId"
                type="text"
                autoComplete="username"
                maxLength={64}
                value={value}
                onChange={(e) => {
                  setValue(e.target.value);
                  setFieldError(undefined);
                }}
              />
            )}
          </Field>
          <InlineFormActions saving={saving} label={t('mypage.change')} onCancel={() => setOpen(false)} />
        </form>
      ) : (
        <button type="button" className="btn btn-secondary" onClick={start}>
          {t('mypage.changeLoginId')}
        </button>
      )}
    </section>
  );
}

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const NO_PASSWORDS: PasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** 「パスワードを変更」: current, new and again; the API checks the current one like a sign-in. */
function PasswordSection() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<PasswordForm>(NO_PASSWORDS);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (open) document.getElementById('mypage-currentPassword')?.focus();
  }, [open]);

  function change(patch: Partial<PasswordForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setFieldErrors((errors) => withoutErrorsFor(errors, patch));
  }

  function showErrors(errors: FieldErrors) {
    setFieldErrors(errors);
    const first = Object.keys(errors)[0];
    if (first) document.getElementById(`mypage-${first}`)?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const local: FieldErrors = {};
    if (form.currentPassword === '') local.currentPassword = t('mypage.currentMissing');
    if (form.newPassword === '') local.newPassword = t('mypage.newMissing');
    else if (form.confirmPassword !== form.newPassword) local.confirmPassword = t('mypage.mismatch');
    if (Object.keys(local).length > 0) {
      showErrors(local);
      return;
    }
    setSaving(true);
    try {
      await changeMyPassword({ currentPassword: form.currentPassword, newPassword: form.newPassword });
      setForm(NO_PASSWORDS);
      setFieldErrors({});
      setOpen(false);
      setNotice(t('mypage.passwordChanged'));
    } catch (e) {
      if (!(e instanceof ApiError)) setError(t('error.unknown'));
      else if (e.code === 'INVALID_CURRENT_PASSWORD') showErrors({ currentPassword: e.message });
      else if (e.code === 'PASSWORD_POLICY') showErrors({ newPassword: e.message });
      else {
        const byField = fieldErrorsOf(e);
        if (Object.keys(byField).length > 0) showErrors(byField);
        else setError(e.message);
      }
    } finally {
      setSaving(false);
    }
  }

  function password(name: keyof PasswordForm, label: string, autoComplete: string, hint?: string) {
    return (
      <Field id={`mypage-${name}`} label={label} hint={hint} error={fieldErrors[name]}>
        {(p) => <input {...p} name={name} type="password" autoComplete={autoComplete} value={form[name]} onChange={(e) => change({ [name]: e.target.value })} />}
      </Field>
    );
  }

  return (
    <section className="card" aria-labelledby="mypage-password-title">
      <h2 id="mypage-password-title" className="card-title">
        {t('mypage.password')}
      </h2>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      {open ? (
        <form className="mypage-inline-form" onSubmit={submit} noValidate>
          {password('currentPassword', t('mypage.currentPassword'), 'current-password')}
          {password('newPassword', t('mypage.newPassword'), 'new-password', t('mypage.passwordHint'))}
          {password('confirmPassword', t('mypage.confirmPassword'), 'new-password')}
          <InlineFormActions
            saving={saving}
            label={t('mypage.change')}
            onCancel={() => {
              setOpen(false);
              setForm(NO_PASSWORDS);
              setFieldErrors({});
            }}
          />
        </form>
      ) : (
        <OpenFormButton
          label={t('mypage.changePassword')}
          onOpen={() => {
            setOpen(true);
            setNotice(null);
            setError(null);
          }}
        />
      )}
    </section>
  );
}

/** The three addresses, editable in place; a duplicate asks first, as the admin form does. */
function EmailsSection({ me, onSaved }: { me: MyAccount; onSaved: (emails: MyEmails) => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<MyEmails>({ email1: me.email1, email2: me.email2, email3: me.email3 });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [duplicates, setDuplicates] = useState<OwnDuplicate[] | null>(null);

  function change(patch: Partial<MyEmails>) {
    setForm((f) => ({ ...f, ...patch }));
    setNotice(null);
    setFieldErrors((errors) => withoutErrorsFor(errors, patch));
  }

  async function save(confirmDuplicates: boolean) {
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await updateMyEmails({ email1: form.email1.trim(), email2: form.email2.trim(), email3: form.email3.trim() }, confirmDuplicates);
      setForm(saved);
      onSaved(saved);
      setFieldErrors({});
      setNotice(t('mypage.emailsSaved'));
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setError(t('error.unknown'));
        return;
      }
      if (e.status === 409 && e.code === 'DUPLICATE_EMAIL') {
        const list = (e.details as { duplicates?: OwnDuplicate[] } | undefined)?.duplicates;
        if (Array.isArray(list) && list.length > 0) {
          setDuplicates(list);
          return;
        }
      }
      const byField = fieldErrorsOf(e);
      setFieldErrors(byField);
      if (Object.keys(byField).length > 0) {
        setError(t('mypage.checkFields'));
        const first = Object.keys(byField)[0];
        if (first) document.getElementById(`mypage-${first}`)?.focus();
      } else setError(e.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card" aria-labelledby="mypage-emails-title">
      <h2 id="mypage-emails-title" className="card-title">
        {t('mypage.emails')}
      </h2>
      <p className="section-hint">{t('mypage.emailsHint')}</p>
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save(false);
        }}
        noValidate
      >
        {EMAIL_FIELDS.map((name) => (
          <Field key={name} id={`mypage-${name}`} label={t(`field.${name}`)} error={fieldErrors[name]}>
            {(p) => <input {...p} name={name} type="email" autoComplete="email" maxLength={254} value={form[name]} onChange={(e) => change({ [name]: e.target.value })} />}
          </Field>
        ))}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? t('common.working') : t('mypage.saveEmails')}
          </button>
        </div>
      </form>
      {duplicates && (
        <DuplicateDialog
          own={duplicates}
          onConfirm={() => {
            setDuplicates(null);
            void save(true);
          }}
          onCancel={() => setDuplicates(null)}
        />
      )}
    </section>
  );
}

interface PrivateEmailForm {
  email: string;
  emailConfirmation: string;
}

const NO_PRIVATE_EMAIL: PrivateEmailForm = { email: '', emailConfirmation: '' };

/**
 * 私用メールアドレス: only its owner sees it. A new one is typed twice and mailed a link; it counts
 * once that link is confirmed (the page /mypage/private-email/:token).
 */
function PrivateEmailSection() {
  const { t, lang } = useI18n();
  const [current, setCurrent] = useState<MyPrivateEmail | null>(null);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<PrivateEmailForm>(NO_PRIVATE_EMAIL);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function load() {
    try {
      setCurrent(await getMyPrivateEmail());
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  useEffect(() => {
    if (open) document.getElementById('mypage-privateEmail')?.focus();
  }, [open]);

  function change(patch: Partial<PrivateEmailForm>) {
    setForm((f) => ({ ...f, ...patch }));
    setFieldErrors((errors) => withoutErrorsFor(errors, patch));
  }

  function showErrors(errors: FieldErrors) {
    setFieldErrors(errors);
    const first = Object.keys(errors)[0];
    if (first) document.getElementById(first === 'email' ? 'mypage-privateEmail' : 'mypage-privateEmailConfirmation')?.focus();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const email = form.email.trim();
    const confirmation = form.emailConfirmation.trim();
    const local: FieldErrors = {};
    if (email === '') local.email = t('mypage.privateEmailMissing');
    if (confirmation === '') local.emailConfirmation = t('mypage.privateEmailMissing');
    else if (email !== '' && email.toLowerCase() !== confirmation.toLowerCase()) local.emailConfirmation = t('mypage.privateEmailMismatch');
    if (Object.keys(local).length > 0) {
      showErrors(local);
      return;
    }
    setSaving(true);
    try {
      const sent = await requestPrivateEmailChange(email, confirmation);
      setForm(NO_PRIVATE_EMAIL);
      setFieldErrors({});
      setOpen(false);
      setNotice(t('mypage.privateEmailSent', { address: email, expiresAt: formatJapanTime(sent.expiresAt, lang) }));
      await load();
    } catch (e) {
      if (!(e instanceof ApiError)) setError(t('error.unknown'));
      else {
        const byField = fieldErrorsWithMessage(e);
        if (Object.keys(byField).length > 0) showErrors(byField);
        else setError(e.message);
      }
    } finally {
      setSaving(false);
    }
  }

  const field = (name: keyof PrivateEmailForm, id: string, label: string, hint?: string) => (
    <Field id={id} label={label} hint={hint} error={fieldErrors[name]}>
      {(p) => (
        <input {...p} name={name} type="email" inputMode="email" autoComplete={name === 'email' ? 'email' : 'off'} maxLength={254} value={form[name]} onChange={(e) => change({ [name]: e.target.value })} />
      )}
    </Field>
  );

  return (
    <section className="card" aria-labelledby="mypage-private-email-title">
      <h2 id="mypage-private-email-title" className="card-title">
        {t('mypage.privateEmail')}
      </h2>
      <p className="section-hint">{t('mypage.privateEmailHint')}</p>
      {notice && (
        <Alert kind="success">
          <span data-testid="private-email-sent">{notice}</span>
        </Alert>
      )}
      {error && <Alert kind="error">{error}</Alert>}
      {!current && !error && <p className="empty">{t('common.loading')}</p>}
      {current && (
        <dl className="home-facts facts-stacked">
          <dt>{t('mypage.privateEmailCurrent')}</dt>
          <dd data-testid="private-email-current" className="address-value">{current.address ?? t('mypage.privateEmailNone')}</dd>
        </dl>
      )}
      {current?.pending && !notice && (
        <p className="section-hint" data-testid="private-email-pending">
          {t('mypage.privateEmailPending', { address: current.pending.address, expiresAt: formatJapanTime(current.pending.expiresAt, lang) })}
          <br />
          {t('mypage.privateEmailPendingHint')}
        </p>
      )}
      {open ? (
        <form className="mypage-inline-form" onSubmit={submit} noValidate>
          {field('email', 'mypage-privateEmail', t('mypage.newPrivateEmail'), t('mypage.newPrivateEmailHint'))}
          {field('emailConfirmation', 'mypage-privateEmailConfirmation', t('mypage.privateEmailConfirmation'))}
          <InlineFormActions
            saving={saving}
            label={t('mypage.sendConfirmation')}
            onCancel={() => {
              setOpen(false);
              setForm(NO_PRIVATE_EMAIL);
              setFieldErrors({});
            }}
          />
        </form>
      ) : (
        current && (
          <OpenFormButton
            label={current.address ? t('mypage.changePrivateEmail') : t('mypage.registerPrivateEmail')}
            onOpen={() => {
              setOpen(true);
              setNotice(null);
              setError(null);
            }}
          />
        )
      )}
    </section>
  );
}

/** The submit and キャンセル of a form opened in place. */
function InlineFormActions({ saving, label, onCancel }: { saving: boolean; label: string; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className="btn btn-primary" disabled={saving}>
        {saving ? t('common.working') : label}
      </button>
      <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={saving}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

/** The button that opens a section's form in place. */
function OpenFormButton({ label, onOpen }: { label: string; onOpen: () => void }) {
  return (
    <button type="button" className="btn btn-secondary" onClick={onOpen}>
      {label}
    </button>
  );
}
