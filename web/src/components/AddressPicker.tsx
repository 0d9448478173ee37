import { ADDRESS_NOS, type AddressNo, type Employee } from '../api/types';
import { useI18n } from '../i18n';

type WithAddresses = Pick<Employee, 'email1' | 'email2' | 'email3' | 'verifiedAddresses' | 'bouncedAddresses'>;

export function addressOf(e: Pick<Employee, 'email1' | 'email2' | 'email3'>, n: AddressNo): string {
  return n === 1 ? e.email1 : n === 2 ? e.email2 : e.email3;
}

/** The address chosen first: 1 when present, else the first one there is; undefined when none is (未設定). */
export function defaultAddress(e: Pick<Employee, 'email1' | 'email2' | 'email3'>): AddressNo | undefined {
  return ADDRESS_NOS.find((n) => addressOf(e, n).trim() !== '');
}

/** 認証済み (verified before) and 不達 (the last mail bounced) after an address. */
export function AddressMarks({ employee, n }: { employee: WithAddresses; n: AddressNo }) {
  const { t } = useI18n();
  return (
    <>
      {employee.verifiedAddresses?.includes(n) && (
        <span className="mark mark-verified" title={t('mail.verifiedHint')}>
          {t('mail.verified')}
        </span>
      )}
      {employee.bouncedAddresses?.includes(n) && (
        <span className="mark mark-bounced" title={t('mail.bouncedOneHint')}>
          {t('mail.bounced')}
        </span>
      )}
    </>
  );
}

/** 送信先: メールアドレス1 (preselected), 2 and 3 when present. */
export function AddressPicker({ employee, value, onChange, name, disabled }: { employee: WithAddresses; value: AddressNo | undefined; onChange: (n: AddressNo) => void; name: string; disabled?: boolean }) {
  const { t } = useI18n();
  const present = ADDRESS_NOS.filter((n) => addressOf(employee, n).trim() !== '');
  if (present.length === 0) return null;
  return (
    <fieldset className="address-picker">
      <legend className="field-label">{t('mail.to')}</legend>
      {present.map((n) => (
        <label key={n} className="address-option">
          <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} disabled={disabled} />
          <span className="address-no">{t('mail.addressN', { n })}</span>
          <span className="email">{addressOf(employee, n)}</span>
          <AddressMarks employee={employee} n={n} />
        </label>
      ))}
    </fieldset>
  );
}
