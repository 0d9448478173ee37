import type { Employee } from '../api/types';
import { useI18n } from '../i18n';
import { extraEmails, fullKana, fullName } from '../lib/format';
import { Link } from '../router';

/** 社員一覧's table, in the order the API gives (by employee code). */
export function EmployeeTable({ items }: { items: Employee[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('field.employeeCode')}</th>
            <th scope="col">{t('list.col.name')}</th>
            <th scope="col">{t('list.col.kana')}</th>
            <th scope="col">{t('field.office')}</th>
            <th scope="col">{t('field.department')}</th>
            <th scope="col">{t('field.email1')}</th>
            <th scope="col">{t('field.loginId')}</th>
            <th scope="col">{t('field.role')}</th>
            <th scope="col">{t('list.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const more = extraEmails(e);
            return (
              <tr key={e.id}>
                <td className="mono">{e.employeeCode}</td>
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
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
