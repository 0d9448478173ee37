import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { listAdmins } from '../api/company';
import type { StaffMember } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { SettingsTabs } from '../components/SettingsTabs';
import { SimpleTable } from '../components/SimpleTable';
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
        {items && (
          <SimpleTable
            rows={items}
            rowKey={(m) => m.id}
            rowProps={(m) => ({ 'data-testid': `admin-row-${m.loginId}` })}
            empty={t('admins.empty')}
            testId="admins-table"
            columns={[
              {
                header: t('list.col.name'),
                className: 'nowrap',
                cell: (m) => (
                  <>
                    {m.name}
                    {!m.enabled && <span className="badge badge-off">{t('admins.disabled')}</span>}
                  </>
                ),
              },
              { header: t('field.loginId'), className: 'mono', cell: (m) => m.loginId },
              { header: t('field.role'), className: 'nowrap', cell: (m) => t(`role.${m.role}`) },
              { header: t('field.employeeCode'), className: 'mono nowrap', cell: (m) => m.employeeCode },
              {
                header: t('admins.change'),
                hiddenHeader: true,
                className: 'nowrap actions',
                cell: (m) => (
                  <Link to={`/admin/employees/${encodeURIComponent(m.id)}`} aria-label={t('admins.changeFor', { name: m.name })}>
                    {t('admins.change')}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}
