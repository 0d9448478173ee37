import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { getSettings, SETTINGS_LIMITS, updateSettings } from '../api/settings';
import type { CompanySettings } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { fieldErrorsOf, withoutErrorsFor, type FieldErrors } from '../components/field-errors';
import { SecuritySettings } from '../components/SecuritySettings';
import { SettingsTabs } from '../components/SettingsTabs';
import { useTitle } from '../components/useTitle';
import { useI18n, type MessageKey } from '../i18n';
import { DEFAULT_TIME_ZONE, offsetMinutes, offsetText } from '../../../functions/core/shared/time-zone';

type Method = CompanySettings['notificationMethod'];
type DaysField = keyof typeof SETTINGS_LIMITS;

const METHODS: readonly Method[] = ['pdf', 'mail'];
const LANGUAGES: ReadonlyArray<CompanySettings['language']> = ['ja', 'en'];

/** The form keeps what was typed; numbers are made only when sending. */
interface SettingsForm {
  notificationMethod: Method;
  verificationValidityDays: string;
  temporaryPasswordValidityDays: string;
  registrationPasswordFromBirthDate: boolean;
  timeZone: string;
  auditRetentionDays: string;
  language: CompanySettings['language'];
}

function formOf(s: CompanySettings): SettingsForm {
  return {
    notificationMethod: s.notificationMethod,
    verificationValidityDays: String(s.verificationValidityDays),
    temporaryPasswordValidityDays: String(s.temporaryPasswordValidityDays),
    registrationPasswordFromBirthDate: s.registrationPasswordFromBirthDate === true,
    timeZone: s.timeZone,
    auditRetentionDays: String(s.auditRetentionDays),
    language: s.language,
  };
}

/** Every zone the browser knows, Japan first, each with its current offset: (UTC+09:00) Asia/Tokyo. */
function timeZoneOptions(current: string): Array<{ name: string; label: string }> {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const names = [...new Set([DEFAULT_TIME_ZONE, current, 'UTC', ...known])];
  const now = new Date();
  return names.map((name) => ({ name, label: `(UTC${offsetText(offsetMinutes(now, name))}) ${name}` }));
}

/** An empty box becomes NaN, sent as null, so the API names the field instead of reading 0. */
const daysOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** /admin/settings: 基本設定 › アカウント (admins only; the API refuses viewers too). */
export function SettingsPage() {
  return (
    <AdminLayout adminOnly>
      <AccountSettings />
    </AdminLayout>
  );
}

function AccountSettings() {
  const { t } = useI18n();
  useTitle(t('settings.title'));
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [enforcement, setEnforcement] = useState<CompanySettings['mfaEnforcement'] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const topRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    getSettings()
      .then((s) => {
        setForm(formOf(s));
        setEnforcement(s.mfaEnforcement);
      })
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, []);

  function change(patch: Partial<SettingsForm>) {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setNotice(null);
    setFieldErrors((errors) => withoutErrorsFor(errors, patch));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      const saved = await updateSettings({
        notificationMethod: form.notificationMethod,
        verificationValidityDays: daysOf(form.verificationValidityDays),
        temporaryPasswordValidityDays: daysOf(form.temporaryPasswordValidityDays),
        registrationPasswordFromBirthDate: form.registrationPasswordFromBirthDate,
        timeZone: form.timeZone,
        auditRetentionDays: daysOf(form.auditRetentionDays),
        language: form.language,
      });
      setForm(formOf(saved));
      setFieldErrors({});
      setNotice(t('settings.saved'));
      topRef.current?.scrollIntoView({ block: 'start' });
    } catch (e) {
      failed(e);
    } finally {
      setSaving(false);
    }
  }

  function failed(e: unknown) {
    if (!(e instanceof ApiError)) {
      setError(t('error.unknown'));
      return;
    }
    const byField = fieldErrorsOf(e);
    // The API's message is generic ("not filled in or malformed"); the range says what to type.
    for (const name of Object.keys(SETTINGS_LIMITS) as DaysField[]) if (byField[name]) byField[name] = t('settings.range', SETTINGS_LIMITS[name]);
    setFieldErrors(byField);
    if (Object.keys(byField).length > 0) {
      setError(t('settings.checkFields'));
      const first = Object.keys(byField)[0];
      if (first) document.getElementById(`settings-${first}`)?.focus();
    } else {
      setError(e.message);
      topRef.current?.scrollIntoView({ block: 'start' });
    }
  }

  function days(name: DaysField, hint: MessageKey) {
    const { min, max } = SETTINGS_LIMITS[name];
    return (
      <Field id={`settings-${name}`} label={t(`settings.${name}`)} hint={t(hint, { min, max })} error={fieldErrors[name]}>
        {(p) => (
          <div className="input-suffix">
            <input
              {...p}
              name={name}
              type="number"
              inputMode="numeric"
              min={min}
              max={max}
              step={1}
              value={form?.[name] ?? ''}
              onChange={(e) => change({ [name]: e.target.value })}
            />
            <span aria-hidden="true">{t('settings.days')}</span>
          </div>
        )}
      </Field>
    );
  }

  // The tabs show at once; the form when the settings are in.
  if (loadError || !form) {
    return (
      <div className="form-page">
        <div className="page-head">
          <h1 className="page-title">{t('settings.title')}</h1>
        </div>
        <SettingsTabs />
        {loadError ? <Alert kind="error">{loadError}</Alert> : <p className="empty">{t('common.loading')}</p>}
      </div>
    );
  }

  const methodError = fieldErrors.notificationMethod;
  return (
    <div className="form-page">
      <div ref={topRef} className="page-head">
        <h1 className="page-title">{t('settings.title')}</h1>
      </div>
      <SettingsTabs />
      {notice && <Alert kind="success">{notice}</Alert>}
      {error && <Alert kind="error">{error}</Alert>}

      <form className="card" onSubmit={save} noValidate aria-labelledby="settings-account-title">
        <h2 id="settings-account-title" className="card-title">
          {t('settings.accountTitle')}
        </h2>
        <p className="section-hint">{t('settings.accountLead')}</p>

        <fieldset className={`field${methodError ? ' has-error' : ''}`} aria-describedby={methodError ? 'settings-notificationMethod-error' : undefined}>
          <legend className="field-label">{t('settings.notificationMethod')}</legend>
          <div className="radio-options">
            {METHODS.map((method) => (
              <label key={method} className={`radio-option${form.notificationMethod === method ? ' checked' : ''}`}>
                <input
                  id={method === METHODS[0] ? 'settings-notificationMethod' : undefined}
                  type="radio"
                  name="notificationMethod"
                  value={method}
                  checked={form.notificationMethod === method}
                  onChange={() => change({ notificationMethod: method })}
                  aria-labelledby={`settings-method-${method}`}
                  aria-describedby={`settings-method-${method}-hint`}
                />
                <span className="radio-text">
                  <span id={`settings-method-${method}`} className="radio-title">
                    {t(`settings.method.${method}`)}
                  </span>
                  <span id={`settings-method-${method}-hint`} className="radio-hint">
                    {t(`settings.method.${method}Hint`)}
                  </span>
                </span>
              </label>
            ))}
          </div>
          {methodError && (
            <p id="settings-notificationMethod-error" className="field-error">
              {methodError}
            </p>
          )}
        </fieldset>

        {days('verificationValidityDays', 'settings.verificationHint')}
        {days('temporaryPasswordValidityDays', 'settings.temporaryPasswordHint')}

        <h2 className="card-title card-title-section">{t('settings.loginTitle')}</h2>
        <div className="field">
          <label className="checkbox-option">
            <input
              id="settings-registrationPasswordFromBirthDate"
              type="checkbox"
              checked={form.registrationPasswordFromBirthDate}
              onChange={(e) => change({ registrationPasswordFromBirthDate: e.target.checked })}
              aria-describedby="settings-birthdate-hint"
            />
            <span>{t('settings.birthDatePassword')}</span>
          </label>
          <p id="settings-birthdate-hint" className="field-hint">
            {t('settings.birthDateHint')}
          </p>
          {/* The risk is stated the moment the box is ticked, before anything is saved. */}
          {form.registrationPasswordFromBirthDate && (
            <Alert kind="warning">
              <span data-testid="birthdate-warning">{t('settings.birthDateWarning')}</span>
            </Alert>
          )}
        </div>
        <h2 className="card-title card-title-section">{t('settings.languageTitle')}</h2>
        <Field id="settings-language" label={t('settings.language')} hint={t('settings.languageHint')} error={fieldErrors.language}>
          {(p) => (
            <select {...p} name="language" value={form.language} onChange={(e) => change({ language: e.target.value as SettingsForm['language'] })}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`companyInfo.language.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <h2 className="card-title card-title-section">{t('settings.logTitle')}</h2>
        <p className="section-hint">{t('settings.logLead')}</p>
        <Field id="settings-timeZone" label={t('settings.timeZone')} hint={t('settings.timeZoneHint')} error={fieldErrors.timeZone}>
          {(p) => (
            <select {...p} name="timeZone" value={form.timeZone} onChange={(e) => change({ timeZone: e.target.value })}>
              {timeZoneOptions(form.timeZone).map((zone) => (
                <option key={zone.name} value={zone.name}>
                  {zone.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {days('auditRetentionDays', 'settings.auditRetentionHint')}

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? t('common.working') : t('settings.save')}
          </button>
        </div>
      </form>

      {enforcement && <SecuritySettings initial={enforcement} onSaved={setEnforcement} />}
    </div>
  );
}
