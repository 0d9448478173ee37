import { useI18n } from '../i18n';

/** A labelled progress bar with "120 / 300 件（40%）" under it. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const { t } = useI18n();
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress-text" data-testid="progress-text">
        {t('progress.text', { done, total, percent })}
      </div>
    </div>
  );
}
