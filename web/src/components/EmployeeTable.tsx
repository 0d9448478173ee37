import { Fragment } from 'react';
import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { extraEmails, fullKana, fullName } from '../lib/format';
import { formatJapanTime } from '../pages/HomePage';
import { Link } from '../router';
import { userLogHref } from './AuditDetail';

/** Admins tick rows for the list's bulk actions and start the PDF flow from a 未発行 cell. */
export interface EmployeeSelection {
  selected: ReadonlySet<string>;
  onToggle: (id: string, checked: boolean) => void;
  onToggleAll: (checked: boolean) => void;
  /** The signed-in admin's own row: never ticked (own password on マイページ, oneself never deleted). */
  selfId?: string;
  /** 未発行 in the パスワード column: the single-employee PDF flow. */
  onIssue: (employee: Employee) => void;
  /** 未発行 in the パスコード column: the single-employee passcode PDF flow. */
  onIssuePasscode: (employee: Employee) => void;
}

/** The single-employee mail flow (パスワード発行 by 認証要求メール, and its resend). */
export function mailIssuanceHref(id: string): string {
  return `/admin/mail-issuance/${encodeURIComponent(id)}`;
}

/** 未, 認証待ち and 有効期限切れ lead to the employee's mail page (send, or send again). */
const MAIL_PAGE_STATUSES: ReadonlyArray<Employee['verificationStatus']> = ['none', 'pending', 'expired'];

/**
 * An address that wraps only before the @ or after a dot of the name before it
 * (daisuke.takahashi / @demo.example.jp), never inside a word nor inside the domain: the pieces
 * between those places do not wrap (not even at a hyphen), and a copied address stays as typed.
 */
export function BreakableAddress({ address }: { address: string }) {
  const at = address.lastIndexOf('@');
  const parts = at < 0 ? [address] : [...address.slice(0, at).split(/(?<=\.)/), address.slice(at)];
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="nowrap">{part}</span>
        </Fragment>
      ))}
    </>
  );
}

/**
 * 社員一覧's table, in the order the API gives (by employee code). Laid out for a 1366 px laptop:
 * the kana sits under the name and the office under the department, so twelve facts take ten
 * columns; headers never wrap, and addresses wrap only between words.
 */
export function EmployeeTable({
  items,
  selection,
  mailMode = false,
  selfRegistration = false,
  groupNames,
}: {
  items: Employee[];
  /** 所属グループ, folded under the name (no column of its own, so 1366 px still holds the list): only while the company has groups. */
  groupNames?: ReadonlyMap<string, string>;
  selection?: EmployeeSelection;
  mailMode?: boolean;
  /** 私用メール, アカウント発行 and 登録用パスワード: for companies that use self-registration (DESIGN.md §5b). */
  selfRegistration?: boolean;
}) {
  const { t, lang } = useI18n();
  const selectable = selection ? items.filter((e) => e.id !== selection.selfId) : [];
  const allSelected = selection !== undefined && selectable.length > 0 && selectable.every((e) => selection.selected.has(e.id));
  const someSelected = selection !== undefined && selectable.some((e) => selection.selected.has(e.id));
  return (
    <div className="table-wrap">
      <table className="table table-employees">
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
                  disabled={selectable.length === 0}
                />
              )}
              {t('field.employeeCode')}
            </th>
            <th scope="col">
              {t('list.col.name')}
              <span className="th-sub">{t('list.col.kana')}</span>
              {groupNames && <span className="th-sub">{t('list.col.group')}</span>}
            </th>
            <th scope="col">
              {t('field.department')}
              <span className="th-sub">{t('field.office')}</span>
            </th>
            <th scope="col">{t('field.email1')}</th>
            <th scope="col">{t('field.loginId')}</th>
            <th scope="col">{t('field.role')}</th>
            <th scope="col">{t('list.col.status')}</th>
            <th scope="col">{t('list.col.mfa')}</th>
            <th scope="col">{t('list.col.password')}</th>
            {mailMode && <th scope="col">{t('list.col.verification')}</th>}
            <th scope="col">{t('list.col.passcode')}</th>
            {/* Two short lines each (never wrapped inside a line), so the three self-registration columns fit beside the others. */}
            {selfRegistration && (
              <>
                <th scope="col" title={t('list.col.privateEmailTitle')}>
                  <StackedHeader text={t('list.col.privateEmail')} />
                </th>
                <th scope="col">
                  <StackedHeader text={t('list.col.account')} />
                </th>
                <th scope="col">
                  <StackedHeader text={t('list.col.registration')} />
                </th>
              </>
            )}
            <th scope="col">{t('list.col.logs')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const more = extraEmails(e);
            const self = selection?.selfId === e.id;
            const selected = !self && (selection?.selected.has(e.id) ?? false);
            const kana = fullKana(e);
            return (
              <tr key={e.id} className={selected ? 'selected' : undefined}>
                <td className="mono nowrap" data-col="code">
                  {selection && (
                    <input
                      type="checkbox"
                      className="row-check"
                      aria-label={t('list.selectOne', { code: e.employeeCode, name: fullName(e) })}
                      title={self ? t('list.selfNotSelectable') : undefined}
                      checked={selected}
                      disabled={self}
                      onChange={(event) => selection.onToggle(e.id, event.target.checked)}
                    />
                  )}
                  {e.employeeCode}
                </td>
                <td className="nowrap" data-col="name">
                  <Link to={`/admin/employees/${encodeURIComponent(e.id)}`} className="cell-main">
                    {fullName(e)}
                  </Link>
                  {kana && <span className="cell-sub">{kana}</span>}
                  {groupNames && (
                    <span className={`cell-group${e.groupId ? "" : " none"}`} data-testid="group-of">
                      {e.groupId ? (groupNames.get(e.groupId) ?? '') : t('list.noGroup')}
                    </span>
                  )}
                </td>
                <td className="department" data-col="department">
                  <span className="cell-main">{e.department}</span>
                  {e.office && <span className="cell-sub">{e.office}</span>}
                </td>
                <td className="email" data-col="email">
                  <BreakableAddress address={e.email1} />
                  {more > 0 && (
                    <span className="more" title={[e.email2, e.email3].filter(Boolean).join('\n')}>
                      {t('list.moreEmails', { n: more })}
                    </span>
                  )}
                </td>
                <td className="login-id" data-col="loginId">
                  {e.loginId}
                </td>
                <td className="nowrap" data-col="role">
                  {t(`role.${e.role}`)}
                </td>
                <td className="nowrap" data-col="enabled">
                  <span className={`badge ${e.enabled ? 'badge-on' : 'badge-off'}`}>{e.enabled ? t('status.enabled') : t('status.disabled')}</span>
                </td>
                <td className="nowrap" data-col="mfa" data-testid="mfa-cell">
                  {e.mfaLocked ? (
                    <span className="badge badge-error" title={t('mfa.lockedTitle')}>
                      {t('mfa.status.locked')}
                    </span>
                  ) : (
                    <span className={`status mfa-${e.mfaStatus ?? 'none'}`}>{t(`mfa.status.${e.mfaStatus ?? 'none'}`)}</span>
                  )}
                </td>
                <td className="nowrap" data-col="password">
                  {selection && e.passwordStatus === 'unissued' ? (
                    <button type="button" className="btn-inline" title={t('list.issueOne', { name: fullName(e) })} onClick={() => selection.onIssue(e)}>
                      {t('passwordStatus.unissued')}
                    </button>
                  ) : (
                    <span className={`status status-${e.passwordStatus}`}>{t(`passwordStatus.${e.passwordStatus}`)}</span>
                  )}
                </td>
                {mailMode && (
                  <td className="nowrap" data-col="verification">
                    {selection && MAIL_PAGE_STATUSES.includes(e.verificationStatus) && (e.verificationStatus !== 'none' || e.passwordStatus === 'unissued') ? (
                      <Link
                        to={mailIssuanceHref(e.id)}
                        className={`btn-inline verification-${e.verificationStatus}`}
                        title={
                          e.verificationStatus === 'none'
                            ? t('list.issueOneMail', { name: fullName(e) })
                            : [
                                e.verificationStatus === 'pending' && e.verificationRequestedAt ? t('list.requestedAt', { at: formatJapanTime(e.verificationRequestedAt, lang) }) : '',
                                t('list.resendOne', { name: fullName(e) }),
                              ]
                                .filter(Boolean)
                                .join('\n')
                        }
                        data-testid={e.verificationStatus === 'pending' ? 'verification-pending' : undefined}
                      >
                        {t(`verificationStatus.${e.verificationStatus}`)}
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
                <td className="nowrap" data-col="passcode">
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
                {selfRegistration && (
                  <>
                    <td className="nowrap" data-col="privateEmail">
                      <YesNo value={e.privateEmailRegistered === true} />
                    </td>
                    <td className="nowrap" data-col="account">
                      <YesNo value={e.accountIssued === true} />
                    </td>
                    <td className="nowrap" data-col="registration">
                      <RegistrationCell employee={e} />
                    </td>
                  </>
                )}
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

function YesNo({ value }: { value: boolean }) {
  const { t } = useI18n();
  return <span className={`status ${value ? 'status-yes' : 'status-no'}`}>{value ? t('yesNo.yes') : t('yesNo.no')}</span>;
}

/** 未発行, 発行済 with its expiry (and ロック中), 使用済 or 期限切れ. */
function RegistrationCell({ employee: e }: { employee: Employee }) {
  const { t, lang } = useI18n();
  const status = e.registrationStatus ?? 'unissued';
  return (
    <>
      <span className={`status status-registration-${status}`}>{t(`registrationStatus.${status}`)}</span>
      {status === 'issued' && e.registrationExpiresAt && (
        <span className="cell-sub" data-testid="registration-expiry">
          {t('list.registrationUntil', { date: formatJapanTime(e.registrationExpiresAt, lang) })}
        </span>
      )}
      {status === 'issued' && e.registrationLocked && (
        <span className="badge badge-error passcode-locked" title={t('list.registrationLockedTitle')}>
          {t('list.registrationLocked')}
        </span>
      )}
    </>
  );
}

/** A header written in two lines: the message marks where the line ends with U+200B. */
function StackedHeader({ text }: { text: string }) {
  return (
    <>
      {text.split('\u200b').map((line) => (
        <span key={line} className="th-line">
          {line}
        </span>
      ))}
    </>
  );
}

/** A two-line header (U+200B marks the break) on one line: no space in Japanese, a space in English. */
export const oneLine = (text: string) => text.replace('\u200b', /[A-Za-z]\u200b[A-Za-z]/.test(text) ? ' ' : '');
