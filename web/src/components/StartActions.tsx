import { useI18n } from '../i18n';
import { listHref } from '../lib/list-url';
import { Link } from '../router';

/** The start button of a confirmation page (its label says how many), and キャンセル back to the list. */
export function StartActions({ label, busy, disabled, onStart }: { label: string; busy: boolean; disabled: boolean; onStart: () => void }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="button" className="btn btn-primary" onClick={onStart} disabled={busy || disabled}>
        {busy ? t('common.working') : label}
      </button>
      <Link to={listHref()} className="btn btn-secondary">
        {t('common.cancel')}
      </Link>
    </div>
  );
}
