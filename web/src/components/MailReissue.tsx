import { useState } from 'react';
import { startNoticeMail, startRequestMail } from '../api/mail';
import type { AddressNo, Employee, Job } from '../api/types';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { issuanceHref } from '../pages/IssuancePage';
import { Link, navigate } from '../router';
import { AddressPicker, addressOf, defaultAddress } from './AddressPicker';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';
import { MailSendConfirm } from './MailSendConfirm';
import { useMailMode } from './useMailMode';
import { mailIssuanceHref } from './EmployeeTable';
import { ProgressBar } from './ProgressBar';
import { outcomeOf, useMailSend } from './useMailSend';

type Way = 'request' | 'notice' | 'pdf';

/**
 * パスワード再発行 in mail mode, on the employee's page: (A) the request mail again, (B) the
 * account-notice mail directly, or a PDF. (B) skips the proof that the person reads the address,
 * so, as the source does, it is recommended only for an address verified before (認証済み).
 */
export function MailReissue({ employee, onDone }: { employee: Employee; onDone: (job: Job) => void }) {
  const { t } = useI18n();
  const [address, setAddress] = useState<AddressNo | undefined>(defaultAddress(employee));
  const [confirm, setConfirm] = useState<Way | null>(null);
  const [sentWay, setSentWay] = useState<Way | null>(null);
  const send = useMailSend(onDone);
  const { sendRate } = useMailMode();
  const canMail = employee.passwordStatus === 'issued';
  const verified = address !== undefined && (employee.verifiedAddresses ?? []).includes(address);
  const outcome = send.job && !send.running ? outcomeOf(send.job) : null;
  const to = address ? addressOf(employee, address) : '';

  function go(way: Way) {
    setConfirm(null);
    if (way === 'pdf') {
      navigate(issuanceHref([employee.id], true));
      return;
    }
    if (!address) return;
    setSentWay(way);
    const target = [{ employeeId: employee.id, address }];
    void send.start(() => (way === 'request' ? startRequestMail(target, 'reissue') : startNoticeMail(target)));
  }

  return (
    <section className="card" aria-labelledby="reissue-title">
      <h2 id="reissue-title" className="card-title">
        {t('reissue.title')}
        <span className="card-title-note">
          {t('reissue.current', { status: `${t(`passwordStatus.${employee.passwordStatus}`)} ／ ${t(`verificationStatus.${employee.verificationStatus}`)}` })}
        </span>
      </h2>
      {send.error && <Alert kind="error">{send.error}</Alert>}
      {outcome?.ok && <Alert kind="success">{sentWay === 'notice' ? t('mailReissue.noticeSent', { to }) : t('mail.requestSent', { to })}</Alert>}
      {outcome && !outcome.ok && <Alert kind="error">{t('mail.notSent', { reason: outcome.message })}</Alert>}
      {send.job && send.running && <ProgressBar done={send.job.progress.done} total={send.job.progress.total} label={t('mail.sending')} />}

      {canMail ? (
        <>
          <p className="section-hint">{t('mailReissue.lead')}</p>
          {address === undefined ? (
            <Alert kind="warning">{t('mail.noAddress')}</Alert>
          ) : (
            <AddressPicker employee={employee} value={address} onChange={setAddress} name="reissue-address" disabled={send.busy} />
          )}
          <div className="reissue-ways">
            <div className="reissue-way">
              <button type="button" className="btn btn-secondary" onClick={() => setConfirm('request')} disabled={send.busy || !address}>
                {t('mailReissue.request')}
              </button>
              <p className="field-hint">{t('mailReissue.requestHint')}</p>
            </div>
            <div className="reissue-way">
              <button type="button" className={`btn ${verified ? 'btn-primary' : 'btn-secondary'}`} onClick={() => setConfirm('notice')} disabled={send.busy || !address}>
                {t('mailReissue.notice')}
              </button>
              {verified ? (
                <p className="field-hint">
                  <span className="mark mark-verified">{t('mailReissue.recommended')}</span> {t('mailReissue.noticeHintVerified')}
                </p>
              ) : (
                <p className="field-hint field-hint-warning" data-testid="notice-not-recommended">
                  {t('mailReissue.noticeHintUnverified')}
                </p>
              )}
            </div>
            <div className="reissue-way">
              <button type="button" className="btn btn-secondary" onClick={() => setConfirm('pdf')} disabled={send.busy}>
                {t('reissue.button')}
              </button>
              <p className="field-hint">{t('reissue.lead')}</p>
            </div>
          </div>
        </>
      ) : (
        <>
          <p className="section-hint">{t('mailReissue.inProgress')}</p>
          <div className="reissue-ways">
            <Link to={mailIssuanceHref(employee.id)} className="btn btn-secondary">
              {t('mailReissue.toMailPage')}
            </Link>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirm('pdf')} disabled={send.busy}>
              {t('reissue.button')}
            </button>
          </div>
        </>
      )}
      {canMail && (
        <p className="reissue-links">
          <Link to={mailIssuanceHref(employee.id)}>{t('mailReissue.historyLink')}</Link>
        </p>
      )}

      {(confirm === 'request' || confirm === 'notice') && (
        <MailSendConfirm
          title={confirm === 'request' ? t('mailReissue.requestTitle') : t('mailReissue.noticeTitle')}
          body={
            confirm === 'request' ? (
              <p>{t('mailReissue.requestBody', { name: fullName(employee), to })}</p>
            ) : (
              <>
                <p>{t('mailReissue.noticeBody', { name: fullName(employee), to })}</p>
                {!verified && <Alert kind="warning">{t('mailReissue.noticeUnverifiedWarning')}</Alert>}
              </>
            )
          }
          count={1}
          sendRate={sendRate}
          confirmLabel={t('mailReissue.sendConfirm')}
          danger
          previews={
            <Link to={mailIssuanceHref(employee.id)} className="preview-link">
              {t('mailReissue.historyLink')}
            </Link>
          }
          onConfirm={() => go(confirm)}
          onCancel={() => setConfirm(null)}
        />
      )}
      {confirm === 'pdf' && (
        <ConfirmDialog title={t('reissue.confirmTitle')} confirmLabel={t('reissue.confirm')} onConfirm={() => go('pdf')} onCancel={() => setConfirm(null)} danger>
          <p>{t('reissue.confirmBody', { name: fullName(employee) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
