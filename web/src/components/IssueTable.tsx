import type { ImportIssue } from '../api/types';
import { useI18n, type MessageKey } from '../i18n';

const FIELD_KEYS = new Set([
  'employeeCode', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'office', 'department',
  'birthDate', 'email1', 'email2', 'email3', 'loginId', 'role', 'enabled',
]);

/** 行 / 項目 / 内容 for an import's errors or warnings (the API sends the first 500). */
export function IssueTable({ title, issues, total, kind }: { title: string; issues: ImportIssue[]; total: number; kind: 'error' | 'warning' }) {
  const { t } = useI18n();
  const fieldLabel = (field?: string) => (field && FIELD_KEYS.has(field) ? t(`field.${field}` as MessageKey) : (field ?? '—'));
  return (
    <div className={`issues issues-${kind}`}>
      <h3 className="issues-title">
        {title}
        {total > issues.length && <span className="card-title-note">{t('import.firstN', { n: issues.length, total })}</span>}
      </h3>
      <div className="table-wrap">
        <table className="table table-compact" data-testid={`import-${kind}s`}>
          <thead>
            <tr>
              <th scope="col" className="col-line">
                {t('import.col.line')}
              </th>
              <th scope="col" className="col-field">
                {t('import.col.field')}
              </th>
              <th scope="col">{t('import.col.message')}</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue, i) => (
              <tr key={`${issue.line}-${issue.field ?? ''}-${i}`}>
                <td className="num">{t('import.lineN', { n: issue.line })}</td>
                <td className="nowrap">{fieldLabel(issue.field)}</td>
                <td>{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
