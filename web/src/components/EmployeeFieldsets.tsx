import type { AccountKind, EmployeeFields, EmployeeFieldName, Role } from '../api/types';
import { ACCOUNT_KINDS, ROLES } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';
import { Field } from './Field';
import type { FieldErrors } from './field-errors';

interface Props {
  value: EmployeeFields;
  onChange: (patch: Partial<EmployeeFields>) => void;
  errors: FieldErrors;
  readOnly: boolean;
  isNew: boolean;
  departments: string[];
}

type TextField = Exclude<EmployeeFieldName, 'role' | 'enabled' | 'accountKind'>;

/** The EmployeeWrite fields in four groups: 基本情報, 所属, メールアドレス, アカウント. */
export function EmployeeFieldsets({ value, onChange, errors, readOnly, isNew, departments }: Props) {
  const { t } = useI18n();

  function text(name: TextField, options: { required?: boolean; hint?: string; type?: string; placeholder?: MessageKey; list?: string; autoComplete?: string; className?: string } = {}) {
    return (
      <Field id={`emp-${name}`} label={t(`field.${name}`)} required={options.required} hint={options.hint} error={errors[name]} className={options.className}>
        {(p) => (
          <input
            {...p}
            name={name}
            type={options.type ?? 'text'}
            value={value[name]}
            placeholder={options.placeholder ? t(options.placeholder) : undefined}
            list={options.list}
            autoComplete={options.autoComplete ?? 'off'}
            onChange={(e) => onChange({ [name]: e.target.value })}
          />
        )}
      </Field>
    );
  }

  return (
    // A disabled fieldset makes every control read-only for viewers in one place.
    <fieldset className="form-body" disabled={readOnly}>
      <fieldset className="form-section">
        <legend>{t('form.section.basic')}</legend>
        <div className="grid grid-3">
          {text('employeeCode', { required: !readOnly, hint: readOnly ? undefined : t('form.employeeCodeHint'), className: 'field-code' })}
        </div>
        <div className="grid grid-2">
          {text('familyName', { required: !readOnly, placeholder: 'form.placeholder.familyName' })}
          {text('givenName', { required: !readOnly, placeholder: 'form.placeholder.givenName' })}
          {text('familyNameKana', { placeholder: 'form.placeholder.familyNameKana' })}
          {text('givenNameKana', { placeholder: 'form.placeholder.givenNameKana' })}
        </div>
        {/* Text, not a date picker: a birth date is typed faster than scrolled to, and reads YYYY-MM-DD in every browser. */}
        <div className="grid grid-3">{text('birthDate', { placeholder: 'form.placeholder.birthDate', hint: readOnly ? undefined : t('form.birthDateHint'), className: 'field-date' })}</div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('form.section.organization')}</legend>
        <div className="grid grid-2">
          {text('office')}
          {text('department', { list: 'department-options' })}
        </div>
        <datalist id="department-options">
          {departments.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('form.section.email')}</legend>
        {!readOnly && <p className="section-hint">{t('form.emailHint')}</p>}
        <div className="grid grid-1">
          {text('email1', { type: 'email' })}
          {text('email2', { type: 'email' })}
          {text('email3', { type: 'email' })}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('form.section.account')}</legend>
        <div className="grid grid-2">
          {text('loginId', { hint: readOnly ? undefined : isNew ? t('form.loginIdHint') : t('form.loginIdEditHint') })}
          <Field id="emp-role" label={t('field.role')} error={errors.role}>
            {(p) => (
              <select {...p} name="role" value={value.role} onChange={(e) => onChange({ role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="emp-accountKind" label={t('field.accountKind')} hint={readOnly ? undefined : t('form.accountKindHint')} error={errors.accountKind}>
            {(p) => (
              <select {...p} name="accountKind" value={value.accountKind} onChange={(e) => onChange({ accountKind: e.target.value as AccountKind })}>
                {ACCOUNT_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`accountKind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className={`field field-check${errors.enabled ? ' has-error' : ''}`}>
          <label className="check">
            <input type="checkbox" name="enabled" checked={value.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} />
            <span>{t('field.enabled')}</span>
          </label>
          {errors.enabled && <p className="field-error">{errors.enabled}</p>}
          {!readOnly && <p className="field-hint">{t('form.enabledHint')}</p>}
        </div>
      </fieldset>
    </fieldset>
  );
}
