import type { DuplicateHolder } from '../api/types';
import { useI18n } from '../i18n';
import { Dialog } from './Dialog';

interface Props {
  duplicates: DuplicateHolder[];
  /** The employee being edited (absent for a new one): a holder that is this form itself. */
  selfId?: string;
  selfCode: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** 409 DUPLICATE_EMAIL: who already uses the address; 登録する sends again with confirmDuplicates. */
export function DuplicateDialog({ duplicates, selfId, selfCode, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const isSelf = (d: DuplicateHolder) => (selfId !== undefined && d.employeeId === selfId) || (d.employeeId === '' && d.employeeCode === selfCode);
  return (
    <Dialog
      title={t('duplicate.title')}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={onConfirm} autoFocus>
            {t('duplicate.confirm')}
          </button>
        </>
      }
    >
      <ul className="duplicate-list">
        {duplicates.map((d, i) => (
          <li key={`${d.address}-${d.employeeId}-${i}`}>
            <span className="duplicate-address">{d.address}</span>
            <span>{isSelf(d) ? t('duplicate.self') : t('duplicate.holder', { code: d.employeeCode, name: d.name })}</span>
          </li>
        ))}
      </ul>
      <p className="duplicate-question">{t('duplicate.question')}</p>
    </Dialog>
  );
}
