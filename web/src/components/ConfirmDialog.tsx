import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirm button's words: the step itself (削除する, 発行する), not OK. */
  confirmLabel: string;
  onConfirm: () => void;
  /** 取消, Escape and the backdrop. */
  onCancel: () => void;
  /** A step that removes, revokes or replaces something: the confirm button is red. */
  danger?: boolean;
  /** While the step runs: the confirm button is disabled and says 処理中. */
  busy?: boolean;
  /** Which button has the focus when the dialog opens (the dialog's first button, 取消, when unset). */
  focus?: 'cancel' | 'confirm';
  testId?: string;
}

/** A modal question with 取消 and one step: every confirmation of the admin site asks this way. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, danger, busy, focus, testId }: ConfirmDialogProps) {
  const { t } = useI18n();
  return (
    <Dialog
      title={title}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="btn btn-secondary" onClick={onCancel} autoFocus={focus === 'cancel'}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
            onClick={onConfirm}
            disabled={busy}
            autoFocus={focus === 'confirm'}
            data-testid={testId}
          >
            {busy ? t('common.working') : confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
