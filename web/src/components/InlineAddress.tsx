import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { updateEmployee } from '../api/employees';
import type { DuplicateHolder, Employee } from '../api/types';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { fieldsOf } from '../pages/EmployeeFormPage';
import { fieldErrorsOf } from './field-errors';

/** 未設定: an address typed here is saved as メールアドレス1 (the employee's PUT, as the edit page sends it). */
export function InlineAddress({ employee, onSaved }: { employee: Employee; onSaved: (e: Employee) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<DuplicateHolder[] | null>(null);
  const inputId = `inline-address-${employee.id}`;

  async function save(confirmDuplicates: boolean) {
    const email = value.trim();
    if (!email) {
      setError(t('bulkMail.addressMissing'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const body = { ...fieldsOf(employee), email1: email, version: employee.version, ...(confirmDuplicates ? { confirmDuplicates: true } : {}) };
      onSaved(await updateEmployee(employee.id, body));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'DUPLICATE_EMAIL') {
        const list = (e.details as { duplicates?: DuplicateHolder[] } | undefined)?.duplicates;
        setDuplicate(Array.isArray(list) ? list : []);
      } else if (e instanceof ApiError) {
        setError(fieldErrorsOf(e).email1 ?? e.message);
      } else {
        setError(t('error.unknown'));
      }
    } finally {
      setSaving(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(false);
  }

  return (
    <form className="inline-address" onSubmit={submit} noValidate>
      <span className="badge badge-off">{t('bulkMail.unset')}</span>
      <input
        id={inputId}
        type="email"
        value={value}
        placeholder={t('bulkMail.addressPlaceholder')}
        aria-label={t('bulkMail.addressInput', { code: employee.employeeCode, name: fullName(employee) })}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setDuplicate(null);
          setError(null);
        }}
        disabled={saving}
      />
      <button type="submit" className="btn btn-secondary btn-small" disabled={saving}>
        {saving ? t('common.working') : t('bulkMail.saveAddress')}
      </button>
      {error && <span className="field-error">{error}</span>}
      {duplicate && (
        <span className="inline-duplicate">
          {duplicate.length > 0
            ? t('bulkMail.inlineDuplicate', { holders: duplicate.map((d) => `${d.employeeCode} ${d.name}`).join('、') })
            : t('bulkMail.inlineDuplicateSelf')}
          <button type="button" className="btn btn-secondary btn-small" onClick={() => void save(true)} disabled={saving}>
            {t('bulkMail.saveAnyway')}
          </button>
        </span>
      )}
    </form>
  );
}
