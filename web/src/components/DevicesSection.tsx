import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { createEnrollmentKey, listDevices, listEnrollmentKeys, revokeDevice, revokeEnrollmentKey, type Device, type EnrollmentKey } from '../api/devices';
import { useI18n } from '../i18n';
import { formatJapanTime } from '../pages/HomePage';
import { Alert } from './Alert';
import { Dialog } from './Dialog';
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
  const [copied, setCopied] = useState(false);
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
      setCopied(false);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created);
      setCopied(true);
    } catch {
      (document.getElementById('enrollment-key') as HTMLInputElement | null)?.select();
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
          <div className="url-box">
            <input id="enrollment-key" data-testid="enrollment-key" type="text" readOnly value={created} aria-label={t('devices.keyLabel')} onFocus={(e) => e.target.select()} />
            <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
              {copied ? t('company.copied') : t('company.copy')}
            </button>
          </div>
          <button type="button" className="btn btn-secondary" onClick={() => setCreated(null)}>
            {t('devices.keyHide')}
          </button>
        </div>
      )}
      {keys === null && !error && <p className="empty">{t('common.loading')}</p>}
      {keys && keys.length === 0 && <p className="empty">{t('devices.noKeys')}</p>}
      {keys && keys.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="enrollment-keys">
            <thead>
              <tr>
                <th>{t('devices.createdAt')}</th>
                <th>{t('devices.createdBy')}</th>
                <th>{t('devices.expiresAt')}</th>
                <th>{t('devices.state')}</th>
                {isAdmin && <th />}
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.keyId} data-key-id={k.keyId}>
                  <td>{time(k.createdAt)}</td>
                  <td>{k.createdBy}</td>
                  <td>{k.expiresAt ? time(k.expiresAt) : t('devices.noExpiry')}</td>
                  <td>{t(`devices.state.${k.state}`)}</td>
                  {isAdmin && (
                    <td>
                      {k.state === 'active' && (
                        <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirm({ kind: 'key', item: k })}>
                          {t('devices.revoke')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h3 className="issues-title devices-subtitle">{t('devices.devicesTitle')}</h3>
      {devices && devices.length === 0 && <p className="empty">{t('devices.noDevices')}</p>}
      {devices && devices.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="devices">
            <thead>
              <tr>
                <th>{t('devices.hostname')}</th>
                <th>{t('devices.authentication')}</th>
                <th>{t('devices.enrolledAt')}</th>
                <th>{t('devices.lastSeenAt')}</th>
                <th>{t('devices.state')}</th>
                {isAdmin && <th />}
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.deviceId} data-device-id={d.deviceId}>
                  <td>{d.hostname}</td>
                  <td>{d.authentication ? t('devices.withAuth') : t('devices.withoutAuth')}</td>
                  <td>{time(d.enrolledAt)}</td>
                  <td>{time(d.lastSeenAt)}</td>
                  <td>{d.revokedAt ? t('devices.state.revoked') : t('devices.state.active')}</td>
                  {isAdmin && (
                    <td>
                      {!d.revokedAt && (
                        <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirm({ kind: 'device', item: d })}>
                          {t('devices.revoke')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {confirm && (
        <Dialog
          title={confirm.kind === 'key' ? t('devices.revokeKeyTitle') : t('devices.revokeDeviceTitle')}
          onCancel={() => setConfirm(null)}
          actions={
            <>
              <button type="button" className="btn btn-secondary" onClick={() => setConfirm(null)} autoFocus>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void revoke(confirm)} disabled={busy}>
                {busy ? t('common.working') : t('devices.revokeConfirm')}
              </button>
            </>
          }
        >
          <p>{confirm.kind === 'key' ? t('devices.revokeKeyBody') : t('devices.revokeDeviceBody', { hostname: confirm.item.hostname })}</p>
        </Dialog>
      )}
    </section>
  );
}
