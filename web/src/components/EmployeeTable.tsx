import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { extraEmails, fullKana, fullName } from '../lib/format';
import { formatJapanTime } from '../pages/HomePage';
import { Link } from '../router';
import { userLogHref } from './AuditDetail';

/** Admins tick rows for 選択してパスワード発行 and start the PDF flow from a 未発行 cell. */
export interface EmployeeSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  /** 未発行 in the パスワード column: the single-employee PDF flow. */
  onIssue: (employee: Employee) => void;
  /** 未発行 in the パスコード column: the single-employee passcode PDF flow. */
  onIssuePasscode: (employee: Employee) => void;
  /** 未 in the 認証状態 column (mail mode): the single-employee mail flow. */
  onIssueMail: (employee: Employee) => void;
}

/** The single-employee mail flow (パスワード発行 by 認証要求メール). */
export function mailIssuanceHref(id: string): string {
  return `/admin/mail-issuance/${encodeURIComponent(id)}`;
}

/** 社員一覧's table, in the order the API gives (by employee code). */
export function EmployeeTable({ items, selection, mailMode = false }: { items: Employee[]; selection?: EmployeeSelection; mailMode?: boolean }) {
  const { t, lang } = useI18n();
  const allSelected = selection !== undefined && items.length > 0 && items.every((e) => selection.selected.has(e.id));
  const someSelected = selection !== undefined && items.some((e) => selection.selected.has(e.id));
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">
              {/* The checkbox shares the code's cell, so the columns stay where they were for viewers. */}
              {selection && (
                <input
                  type="checkbox"
                  className="row-check"
                  aria-label={t('list.selectAll')}
                  checked={allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = someSelected && !allSelected;
                  }}
                  onChange={(e) => selection.onToggleAll(e.target.checked)}
                  disabled={items.length === 0}
                />
              )}
              {t('field.employeeCode')}
            </th>
            <th scope="col">{t('list.col.name')}</th>
            <th scope="col">{t('list.col.kana')}</th>
            <th scope="col">{t('field.office')}</th>
            <th scope="col">{t('field.department')}</th>
            <th scope="col">{t('field.email1')}</th>
            <th scope="col">{t('field.loginId')}</th>
            <th scope="col">{t('field.role')}</th>
            <th scope="col">{t('list.col.status')}</th>
            <th scope="col">{t('list.col.password')}</th>
            {mailMode && <th scope="col">{t('list.col.verification')}</th>}
            <th scope="col">{t('list.col.passcode')}</th>
            <th scope="col">{t('list.col.logs')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const more = extraEmails(e);
            const selected = selection?.selected.has(e.id) ?? false;
            return (
              <tr key={e.id} className={selected ? 'selected' : undefined}>
                <td className="mono nowrap">
                  {selection && (
                    <input
                      type="checkbox"
                      className="row-check"
                      aria-label={t('list.selectOne', { code: e.employeeCode, name: fullName(e) })}
                      checked={selected}
                      onChange={(event) => selection.onToggle(e.id, event.target.checked)}
                    />
                  )}
                  {e.employeeCode}
                </td>
                <td className="nowrap">
                  <Link to={`/admin/employees/${encodeURIComponent(e.id)}`}>{fullName(e)}</Link>
                </td>
                <td className="nowrap muted">{fullKana(e)}</td>
                <td>{e.office}</td>
                <td>{e.department}</td>
                <td className="email">
                  {e.email1}
                  {more > 0 && (
                    <span className="more" title={[e.email2, e.email3].filter(Boolean).join('\n')}>
                      {t('list.moreEmails', { n: more })}
                    </span>
                  )}
                </td>
                <td className="mono">{e.loginId}</td>
                <td className="nowrap">{t(`role.${e.role}`)}</td>
                <td>
                  <span className={`badge ${e.enabled ? 'badge-on' : 'badge-off'}`}>{e.enabled ? t('status.enabled') : t('status.disabled')}</span>
                </td>
                <td className="nowrap">
                  {selection && e.passwordStatus === 'unissued' ? (
                    <button
                      type="button"
                      className="btn-inline"
                      title={t('list.issueOne', { name: fullName(e) })}
                      onClick={() => selection.onIssue(e)}
                    >
                      {t('passwordStatus.unissued')}
                    </button>
                  ) : (
                    <span className={`status status-${e.passwordStatus}`}>{t(`passwordStatus.${e.passwordStatus}`)}</span>
                  )}
                </td>
                {mailMode && (
                  <td className="nowrap">
                    {selection && e.verificationStatus === 'none' && e.passwordStatus === 'unissued' ? (
                      <Link
                        to={mailIssuanceHref(e.id)}
                        className="btn-inline"
                        title={t('list.issueOneMail', { name: fullName(e) })}
                      >
                        {t('verificationStatus.none')}
                      </Link>
                    ) : (
                      <span
                        className={`status verification-${e.verificationStatus}`}
                        title={
                          e.verificationStatus === 'pending' && e.verificationRequestedAt
                            ? t('list.requestedAt', { at: formatJapanTime(e.verificationRequestedAt, lang) })
                            : undefined
                        }
                        data-testid={e.verificationStatus === 'pending' ? 'verification-pending' : undefined}
                      >
                        {t(`verificationStatus.${e.verificationStatus}`)}
                      </span>
                    )}
                    {(e.bouncedAddresses?.length ?? 0) > 0 && (
                      <span className="mark mark-bounced" title={t('mail.bouncedHint', { n: (e.bouncedAddresses ?? []).join(', ') })}>
                        {t('mail.bounced')}
                      </span>
                    )}
                  </td>
                )}
                <td className="nowrap">
                  {selection && e.passcodeStatus === 'unissued' ? (
                    <button
                      type="button"
                      className="btn-inline"
                      data-testid="passcode-issue-one"
                      title={t('list.issuePasscodeOne', { name: fullName(e) })}
                      onClick={() => selection.onIssuePasscode(e)}
                    >
                      {t('passcodeStatus.unissued')}
                    </button>
                  ) : (
                    <span className={`status status-${e.passcodeStatus}`}>{t(`passcodeStatus.${e.passcodeStatus}`)}</span>
                  )}
                  {e.passcodeLocked && (
                    <span className="badge badge-error passcode-locked" title={t('passcode.lockedTitle')}>
                      {t('passcode.locked')}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  <Link to={userLogHref(e.id)} aria-label={t('list.logsTitle', { name: fullName(e) })} data-testid="user-log-link">
                    {t('list.logsLink')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
