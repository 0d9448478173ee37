import type { DuplicateHolder, OwnDuplicate } from '../api/types';
import { useI18n } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';

type Props =
  | {
      /** The admin form: who holds the address, by code and name. */
      duplicates: DuplicateHolder[];
      /** The employee being edited (absent for a new one): a holder that is this form itself. */
      selfId?: string;
      selfCode: string;
      onConfirm: () => void;
      onCancel: () => void;
    }
  | {
      /** マイページ: that someone else holds it, never who. */
      own: OwnDuplicate[];
      onConfirm: () => void;
      onCancel: () => void;
    };

/** 409 DUPLICATE_EMAIL: the addresses already used; 登録する / 保存する sends again with confirmDuplicates. */
export function DuplicateDialog(props: Props) {
  const { t } = useI18n();
  const own = 'own' in props;
  const lines = own
    ? props.own.map((d) => ({ address: d.address, text: d.self ? t('duplicate.selfOwn') : t('duplicate.someoneElse') }))
    : props.duplicates.map((d) => {
        const self = (props.selfId !== undefined && d.employeeId === props.selfId) || (d.employeeId === '' && d.employeeCode === props.selfCode);
        return { address: d.address, text: self ? t('duplicate.self') : t('duplicate.holder', { code: d.employeeCode, name: d.name }) };
      });
  return (
    <ConfirmDialog title={t('duplicate.title')} confirmLabel={own ? t('duplicate.confirmOwn') : t('duplicate.confirm')} onConfirm={props.onConfirm} onCancel={props.onCancel} focus="confirm">
      <ul className="duplicate-list" data-testid="duplicate-list">
        {lines.map((line, i) => (
          <li key={`${line.address}-${i}`}>
            <span className="duplicate-address">{line.address}</span>
            <span>{line.text}</span>
          </li>
        ))}
      </ul>
      <p className="duplicate-question">{own ? t('duplicate.questionOwn') : t('duplicate.question')}</p>
    </ConfirmDialog>
  );
}
