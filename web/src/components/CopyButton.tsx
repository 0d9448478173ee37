import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';

interface CopyButtonProps {
  text: string;
  /** The button's words (コピー when unset). */
  label?: string;
  small?: boolean;
  /** Without a clipboard (an insecure origin): the field to select instead, ready for Ctrl+C. */
  fallbackFieldId?: string;
}

/** Copies `text` and says コピーしました for two seconds. */
export function CopyButton({ text, label, small, fallbackFieldId }: CopyButtonProps) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      if (fallbackFieldId) (document.getElementById(fallbackFieldId) as HTMLInputElement | null)?.select();
    }
  }

  return (
    <button type="button" className={`btn btn-secondary${small ? ' btn-small' : ''}`} onClick={() => void copy()} aria-live="polite">
      {copied ? t('common.copied') : (label ?? t('common.copy'))}
    </button>
  );
}

interface CopyFieldProps {
  id: string;
  value: string;
  /** The field's accessible name. */
  label: string;
  testId?: string;
}

/** A read-only value to hand on (a URL, a key): selected on focus, with its copy button. */
export function CopyField({ id, value, label, testId }: CopyFieldProps) {
  return (
    <div className="url-box">
      <input id={id} data-testid={testId} type="text" readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
      <CopyButton text={value} fallbackFieldId={id} />
    </div>
  );
}
