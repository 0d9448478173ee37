import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { createEnrollmentKey, listDevices, listEnrollmentKeys, revokeDevice, revokeEnrollmentKey, type Device, type EnrollmentKey } from '../api/devices';
import { useI18n } from '../i18n';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyField } from './CopyButton';
import { SimpleTable } from './SimpleTable';
import { useSession } from './useSession';

const EXPIRY_CHOICES = [0, 1, 7, 30, 90] as const;

type Confirm = { kind: 'key'; item: EnrollmentKey } | { kind: 'device'; item: Device };

/**
 * 企業情報 › 端末: enrollment keys of the PC logon client (made here, shown once) and the devices
 * enrolled with them. Admins create and revoke; anyone else sees the lists only.
 */
export function DevicesSection() {
  const { t, lang } = useI18n();
  const isAdmin = useSession()?.account.role === 'admin';
  const [keys, setKeys] = useState<EnrollmentKey[] | null>(null);
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [expiry, setExpiry] = useState<number>(7);
  const [created, setCreated] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const time = (iso: string | undefined) => (iso ? formatJapanTime(iso, lang) : '—');

  async function load() {
    try {
      const [k, d] = await Promise.all([listEnrollmentKeys(), listDevices()]);
      setKeys(k.items);
      setDevices(d.items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  async function create() {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const answer = await createEnrollmentKey(expiry || undefined);
      setCreated(answer.key);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(target: Confirm) {
    setBusy(true);
    setError(null);
    try {
      if (target.kind === 'key') await revokeEnrollmentKey(target.item.keyId);
      else await revokeDevice(target.item.deviceId);
      setNotice(target.kind === 'key' ? t('devices.keyRevoked') : t('devices.deviceRevoked', { hostname: target.item.hostname }));
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }

  return (
    <section className="card" aria-labelledby="devices-title" data-testid="devices-section">
      <h2 id="devices-title" className="card-title">
        {t('devices.title')}
      </h2>
      <p className="section-hint">{t('devices.lead')}</p>
      {error && <Alert kind="error">{error}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}

      <h3 className="issues-title devices-subtitle">{t('devices.keysTitle')}</h3>
      {isAdmin && (
        <div className="toolbar">
          <div className="toolbar-field">
            <label htmlFor="enrollment-key-expiry">{t('devices.expiry')}</label>
            <select id="enrollment-key-expiry" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))} data-testid="enrollment-key-expiry">
              {EXPIRY_CHOICES.map((days) => (
                <option key={days} value={days}>
                  {days === 0 ? t('devices.noExpiry') : t('devices.days', { days })}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-primary" onClick={() => void create()} disabled={busy}>
            {t('devices.createKey')}
          </button>
        </div>
      )}
      {created && (
        <div className="alert alert-warning" role="status" data-testid="enrollment-key-created">
          <p>{t('devices.keyOnce')}</p>
          <CopyField id="enrollment-key" testId="enrollment-key" value={created} label={t('devices.keyLabel')} />
          <button type="button" className="btn btn-secondary" onClick={() => setCreated(null)}>
            {t('devices.keyHide')}
          </button>
        </div>
      )}
      {keys === null && !error && <p className="empty">{t('common.loading')}</p>}
      {keys && (
        <SimpleTable
          rows={keys}
          rowKey={(k) => k.keyId}
          rowProps={(k) => ({ 'data-key-id': k.keyId })}
          empty={t('devices.noKeys')}
          compact
          testId="enrollment-keys"
          columns={[
            { header: t('devices.createdAt'), cell: (k) => time(k.createdAt) },
            { header: t('devices.createdBy'), cell: (k) => k.createdBy },
            { header: t('devices.expiresAt'), cell: (k) => (k.expiresAt ? time(k.expiresAt) : t('devices.noExpiry')) },
            { header: t('devices.state'), cell: (k) => t(`devices.state.${k.state}`) },
            isAdmin && {
              header: t('devices.revoke'),
              hiddenHeader: true,
              cell: (k) =>
                k.state === 'active' && (
                  <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirm({ kind: 'key', item: k })}>
                    {t('devices.revoke')}
                  </button>
                ),
            },
          ]}
        />
      )}

      <h3 className="issues-title devices-subtitle">{t('devices.devicesTitle')}</h3>
      {devices && (
        <SimpleTable
          rows={devices}
          rowKey={(d) => d.deviceId}
          rowProps={(d) => ({ 'data-device-id': d.deviceId })}
          empty={t('devices.noDevices')}
          compact
          testId="devices"
          columns={[
            { header: t('devices.hostname'), cell: (d) => d.hostname },
            { header: t('devices.authentication'), cell: (d) => (d.authentication ? t('devices.withAuth') : t('devices.withoutAuth')) },
            { header: t('devices.enrolledAt'), cell: (d) => time(d.enrolledAt) },
            { header: t('devices.lastSeenAt'), cell: (d) => time(d.lastSeenAt) },
            { header: t('devices.state'), cell: (d) => (d.revokedAt ? t('devices.state.revoked') : t('devices.state.active')) },
            isAdmin && {
              header: t('devices.revoke'),
              hiddenHeader: true,
              cell: (d) =>
                !d.revokedAt && (
                  <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirm({ kind: 'device', item: d })}>
                    {t('devices.revoke')}
                  </button>
                ),
            },
          ]}
        />
      )}

      {confirm && (
        <ConfirmDialog
          title={confirm.kind === 'key' ? t('devices.revokeKeyTitle') : t('devices.revokeDeviceTitle')}
          confirmLabel={t('devices.revokeConfirm')}
          onConfirm={() => void revoke(confirm)}
          onCancel={() => setConfirm(null)}
          danger
          busy={busy}
          focus="cancel"
        >
          <p>{confirm.kind === 'key' ? t('devices.revokeKeyBody') : t('devices.revokeDeviceBody', { hostname: confirm.item.hostname })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
