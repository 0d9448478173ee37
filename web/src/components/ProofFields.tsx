import type { SecondFactorProof } from '../api/types';
import { useI18n } from '../i18n';
import { Field, type ControlProps } from './Field';

/** The box for the 6 digits of an authenticator app (the phone's keypad, the OS's code autofill). */
export function TotpCodeInput({ control, value, onChange, autoFocus }: { control: ControlProps; value: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  return (
    <input
      {...control}
      className="code-input"
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={8}
      placeholder="123456"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      autoFocus={autoFocus}
    />
  );
}

export type ProofMethod = 'app' | 'backup';

interface Props {
  idPrefix: string;
  method: ProofMethod;
  onMethod: (method: ProofMethod) => void;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
}

/** What was typed, as the API takes it. */
export function proofOf(method: ProofMethod, value: string): SecondFactorProof {
  return method === 'app' ? { code: value.trim() } : { backupCode: value.trim() };
}

/**
 * 「認証アプリのコード」 or 「バックアップコード」 (the help page's switch), and the box for it:
 * the sign-in step, replacing backup codes and turning 2FA off all ask the same way.
 */
export function ProofFields({ idPrefix, method, onMethod, value, onChange, error, autoFocus }: Props) {
  const { t } = useI18n();
  const id = `${idPrefix}-${method === 'app' ? 'code' : 'backupCode'}`;
  return (
    <>
      <div className="segmented" role="radiogroup" aria-label={t('mfa.methodLabel')}>
        {(['app', 'backup'] as const).map((m) => (
          <label key={m} className={`segmented-option${method === m ? ' checked' : ''}`}>
            <input
              type="radio"
              name={`${idPrefix}-method`}
              value={m}
              checked={method === m}
              onChange={() => {
                onMethod(m);
                onChange('');
              }}
            />
            <span>{t(m === 'app' ? 'mfa.method.app' : 'mfa.method.backup')}</span>
          </label>
        ))}
      </div>
      {method === 'app' ? (
        <Field id={id} label={t('mfa.code')} hint={t('mfa.codeHint')} error={error}>
          {(p) => <TotpCodeInput control={p} value={value} onChange={onChange} autoFocus={autoFocus} />}
        </Field>
      ) : (
        <Field id={id} label={t('mfa.backupCode')} hint={t('mfa.backupCodeHint')} error={error}>
          {(p) => (
            <input
              {...p}
              className="code-input"
              type="text"
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={20}
              placeholder="abcd-efgh-jk"
              value={value}
              onChange={(e) => onChange(e.target.value)}
              autoFocus={autoFocus}
            />
          )}
        </Field>
      )}
    </>
  );
}
