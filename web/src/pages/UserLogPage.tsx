import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../api/client';
import { getEmployee } from '../api/employees';
import type { AuditConditions, Employee } from '../api/types';
import { AdminLayout } from '../components/AdminLayout';
import { Alert } from '../components/Alert';
import { AuditResults } from '../components/AuditResults';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { fullName } from '../lib/format';
import { Link, navigate, useLocation } from '../router';
import { PRESETS } from './LogPage';
import '../audit.css';

const DEFAULT_DAYS = 30;

/** /admin/employees/:id/logs: ユーザー詳細ログ — what one person did and what was done to their account. */
export function UserLogPage({ id }: { id: string }) {
  return (
    <AdminLayout>
      <UserLog id={id} />
    </AdminLayout>
  );
}

function UserLog({ id }: { id: string }) {
  const { t } = useI18n();
  useTitle(t('userLog.title'));
  const { pathname, search } = useLocation();
  const [employee, setEmployee] = useState<Employee | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runKey, setRunKey] = useState(0);
  const days = Number(search.get('lastDays')) || DEFAULT_DAYS;
  const result = search.get('result') === 'success' || search.get('result') === 'failure' ? (search.get('result') as 'success' | 'failure') : undefined;
  const conditions = useMemo<AuditConditions>(() => ({ user: id, lastDays: days, ...(result ? { result } : {}) }), [id, days, result]);

  useEffect(() => {
    getEmployee(id)
      .then(setEmployee)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [id]);

  const go = (patch: { lastDays?: number; result?: string }) => {
    const params = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) v ? params.set(k, String(v)) : params.delete(k);
    navigate(`${pathname}?${params}`, { replace: true });
  };

  return (
    <>
      <div className="page-head">
        <div>
          <Link to={`/admin/employees/${encodeURIComponent(id)}`} className="back-link">
            {t('userLog.back')}
          </Link>
          <h1 className="page-title">{t('userLog.title')}</h1>
          {employee && (
            <p className="page-sub" data-testid="user-log-who">
              {employee.employeeCode} {fullName(employee)}（{employee.loginId}）
            </p>
          )}
        </div>
      </div>
      {error && <Alert kind="error">{error}</Alert>}
      {employee && <p className="section-hint">{t('userLog.lead', { name: fullName(employee) })}</p>}

      <div className="toolbar" role="search" aria-label={t('logs.conditions')}>
        <div className="toolbar-field">
          <label htmlFor="user-log-period">{t('logs.period')}</label>
          <select id="user-log-period" value={days} onChange={(e) => go({ lastDays: Number(e.target.value) })}>
            {PRESETS.map((d) => (
              <option key={d} value={d}>
                {t(`logs.period.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-field">
          <label htmlFor="user-log-result">{t('logs.result')}</label>
          <select id="user-log-result" value={result ?? ''} onChange={(e) => go({ result: e.target.value })}>
            <option value="">{t('logs.result.all')}</option>
            <option value="success">{t('logs.result.success')}</option>
            <option value="failure">{t('logs.result.failure')}</option>
          </select>
        </div>
        <div className="toolbar-spacer" />
        <button type="button" className="btn btn-secondary" onClick={() => setRunKey((k) => k + 1)}>
          {t('list.refresh')}
        </button>
      </div>

      <AuditResults conditions={conditions} runKey={runKey} />
    </>
  );
}
