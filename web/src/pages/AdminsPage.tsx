import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { listAdmins } from '../api/company';
import type { StaffMember } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { SettingsTabs } from '../components/SettingsTabs';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';

/** /admin/admins: 管理者設定 — the company's admins and viewers (read-only; a role is changed on the employee page). */
export function AdminsPage() {
  return (
    <AdminLayout adminOnly>
      <Admins />
    </AdminLayout>
  );
}

function Admins() {
  const { t } = useI18n();
  useTitle(t('admins.title'));
  const [items, setItems] = useState<StaffMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listAdmins()
      .then(setItems)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);

  return (
    <div className="form-page">
      <div className="page-head">
        <h1 className="page-title">{t('settings.title')}</h1>
      </div>
      <SettingsTabs />
      {error && <Alert kind="error">{error}</Alert>}
      <section className="card" aria-labelledby="admins-title">
        <h2 id="admins-title" className="card-title">
          {t('admins.title')}
        </h2>
        <p className="section-hint">{t('admins.lead')}</p>
        {!items && !error && <p className="empty">{t('common.loading')}</p>}
        {items && items.length === 0 && <p className="empty">{t('admins.empty')}</p>}
        {items && items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="admins-table">
              <thead>
                <tr>
                  <th scope="col">{t('list.col.name')}</th>
                  <th scope="col">{t('field.loginId')}</th>
                  <th scope="col">{t('field.role')}</th>
                  <th scope="col">{t('field.employeeCode')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admins.change')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id} data-testid={`admin-row-${m.loginId}`}>
                    <td className="nowrap">
                      {m.name}
                      {!m.enabled && <span className="badge badge-off">{t('admins.disabled')}</span>}
                    </td>
                    <td className="mono">{m.loginId}</td>
                    <td className="nowrap">{t(`role.${m.role}`)}</td>
                    <td className="mono nowrap">{m.employeeCode}</td>
                    <td className="nowrap actions">
                      <Link to={`/admin/employees/${encodeURIComponent(m.id)}`} aria-label={t('admins.changeFor', { name: m.name })}>
                        {t('admins.change')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
