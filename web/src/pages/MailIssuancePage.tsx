import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { getEmployee } from '../api/employees';
import { startRequestMail } from '../api/mail';
import type { AddressNo, Employee, MailMode } from '../api/types';
import { AddressPicker, addressOf, defaultAddress } from '../components/AddressPicker';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { MailHistory } from '../components/MailHistory';
import { MailPreviewPanel } from '../components/MailPreviewPanel';
import { MailSendConfirm } from '../components/MailSendConfirm';
import { useMailMode } from '../components/useMailMode';
import { ProgressBar } from '../components/ProgressBar';
import { outcomeOf, useMailSend } from '../components/useMailSend';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { listHref } from '../lib/list-url';
import { Link } from '../router';
import { formatJapanTime } from './HomePage';
import { issuanceHref } from './IssuancePage';

/** /admin/mail-issuance/:id — パスワード発行 by mail for one employee. */
export function MailIssuancePage({ id }: { id: string }) {
  return (
    <AdminLayout adminOnly>
      <MailIssuance key={id} id={id} />
    </AdminLayout>
  );
}

/** Which request mail this employee may be sent now: the first, again (until the first sign-in), or none. */
export function requestModeOf(e: Employee): MailMode | null {
  if (e.passwordStatus === 'unissued' && e.verificationStatus === 'none') return 'new';
  if ((e.passwordStatus === 'issuing' || e.passwordStatus === 'reissuing') && (e.verificationStatus === 'pending' || e.verificationStatus === 'expired')) return 'resend';
  return null;
}

function MailIssuance({ id }: { id: string }) {
  const { t, lang } = useI18n();
  useTitle(t('issuance.title'));
  const [employee, setEmployee] = useState<Employee | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [address, setAddress] = useState<AddressNo | undefined>(undefined);
  const [historyKey, setHistoryKey] = useState(0);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const { sendRate } = useMailMode();

  async function load(first: boolean) {
    try {
      const e = await getEmployee(id);
      setEmployee(e);
      if (first) setAddress(defaultAddress(e));
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }

  useEffect(() => {
    void load(true);
  }, []);

  const send = useMailSend(() => {
    void load(false);
    setHistoryKey((k) => k + 1);
  });

  if (loadError)
    return (
      <>
        <Alert kind="error">{loadError}</Alert>
        <Link to={listHref()}>{t('form.backToList')}</Link>
      </>
    );
  if (!employee) return <p className="empty">{t('common.loading')}</p>;

  const mode = requestModeOf(employee);
  const outcome = send.job && !send.running ? outcomeOf(send.job) : null;

  function submit() {
    setAsking(false);
    if (!employee || !address || !mode) return;
    setSentTo(addressOf(employee, address));
    void send.start(() => startRequestMail([{ employeeId: employee.id, address }], mode));
  }

  return (
    <>
      <div className="page-head">
        <div>
          <Link to={listHref()} className="back-link">
            {t('form.backToList')}
          </Link>
          <h1 className="page-title">{t('issuance.title')}</h1>
          <p className="page-sub">
            <Link to={`/admin/employees/${encodeURIComponent(employee.id)}`}>
              {employee.employeeCode} {fullName(employee)}
            </Link>
            <span className="status-pair" data-testid="current-status">
              {t('list.col.password')}: {t(`passwordStatus.${employee.passwordStatus}`)} ／ {t('list.col.verification')}: {t(`verificationStatus.${employee.verificationStatus}`)}
            </span>
          </p>
        </div>
      </div>

      {send.error && <Alert kind="error">{send.error}</Alert>}
      {outcome?.ok && sentTo && <Alert kind="success">{t('mail.requestSent', { to: sentTo })}</Alert>}
      {outcome && !outcome.ok && <Alert kind="error">{t('mail.notSent', { reason: outcome.message })}</Alert>}

      <section className="card" aria-labelledby="mail-send-title">
        <h2 id="mail-send-title" className="card-title">
          {t('mail.sendTitle')}
        </h2>
        <p className="section-hint">{t('mail.sendLead')}</p>
        {employee.verificationStatus === 'pending' && employee.verificationRequestedAt && (
          <Alert kind="info">
            {t('mail.pendingSince', {
              at: formatJapanTime(employee.verificationRequestedAt, lang),
              until: employee.verificationExpiresAt ? formatJapanTime(employee.verificationExpiresAt, lang) : '—',
            })}
          </Alert>
        )}
        {employee.verificationStatus === 'expired' && <Alert kind="warning">{t('mail.expiredLead')}</Alert>}
        {mode === null && employee.verificationStatus === 'verified_pending_login' && <Alert kind="info">{t('mail.waitingSignIn')}</Alert>}
        {mode === null && employee.passwordStatus === 'issued' && (
          <Alert kind="info">
            {t('mail.alreadyIssued')} <Link to={`/admin/employees/${encodeURIComponent(employee.id)}`}>{t('mail.toEmployee')}</Link>
          </Alert>
        )}
        {defaultAddress(employee) === undefined ? (
          <Alert kind="warning">
            {t('mail.noAddress')} <Link to={`/admin/employees/${encodeURIComponent(employee.id)}`}>{t('mail.toEmployee')}</Link>
          </Alert>
        ) : (
          <AddressPicker employee={employee} value={address} onChange={setAddress} name="mail-address" disabled={send.busy || mode === null} />
        )}
        {mode === 'resend' && <p className="section-hint">{t('mail.resendHint')}</p>}
        {send.job && send.running && <ProgressBar done={send.job.progress.done} total={send.job.progress.total} label={t('mail.sending')} />}
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => setAsking(true)} disabled={send.busy || mode === null || !address}>
            {send.busy ? t('mail.sending') : mode === 'resend' ? t('mail.resend') : t('mail.send')}
          </button>
          <div className="toolbar-spacer" />
          <Link to={issuanceHref([employee.id], employee.passwordStatus === 'issued')} className="btn btn-secondary">
            {t('mail.toPdf')}
          </Link>
        </div>
      </section>

      {asking && address && mode && (
        <MailSendConfirm
          title={mode === 'resend' ? t('mail.resendConfirmTitle') : t('mail.sendConfirmTitle')}
          body={
            <>
              <p>{t(mode === 'resend' ? 'mail.resendConfirmBody' : 'mail.sendConfirmBody', { name: fullName(employee), to: addressOf(employee, address) })}</p>
              {mode === 'resend' && <p className="section-hint">{t('mail.resendHint')}</p>}
            </>
          }
          count={1}
          sendRate={sendRate}
          confirmLabel={t('mailReissue.sendConfirm')}
          onConfirm={submit}
          onCancel={() => setAsking(false)}
        />
      )}

      <MailPreviewPanel employeeId={employee.id} address={address} />
      <MailHistory employeeId={employee.id} reloadKey={historyKey} />
    </>
  );
}
