import { useI18n, type MessageKey } from '../i18n';

/** The columns, in the order the template has them. */
export const TEMPLATE_COLUMNS = ['社員コード', '姓', '名', '姓（カナ）', '名（カナ）', '所属事業所', '所属部署', '生年月日', 'メールアドレス1', 'メールアドレス2', 'メールアドレス3', 'ログインID', '権限', '有効', 'アカウント種別'] as const;

const COLUMN_NOTES: Array<{ column: string; note: MessageKey; required?: boolean }> = [
  { column: '社員コード', note: 'import.col.employeeCode', required: true },
  { column: '姓 / 名', note: 'import.col.name', required: true },
  { column: '姓（カナ） / 名（カナ）', note: 'import.col.kana' },
  { column: '所属事業所 / 所属部署', note: 'import.col.organization' },
  { column: '生年月日', note: 'import.col.birthDate' },
  { column: 'メールアドレス1〜3', note: 'import.col.email' },
  { column: 'ログインID', note: 'import.col.loginId' },
  { column: '権限', note: 'import.col.role' },
  { column: '有効', note: 'import.col.enabled' },
  { column: 'アカウント種別', note: 'import.col.accountKind' },
];

/** The header row with a BOM so Excel opens it as UTF-8. */
function templateUrl(): string {
  const csv = `\uFEFF${TEMPLATE_COLUMNS.join(',')}\r\n`;
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}

export function ImportGuide() {
  const { t } = useI18n();
  return (
    <section className="card guide">
      <h2 className="card-title">{t('import.guideTitle')}</h2>
      <ul className="guide-points">
        <li>{t('import.guide.encoding')}</li>
        <li>{t('import.guide.header')}</li>
        <li>{t('import.guide.update')}</li>
        <li>{t('import.guide.limits')}</li>
      </ul>
      <p>
        <a className="btn btn-secondary btn-small" href={templateUrl()} download="employees-template.csv">
          {t('import.template')}
        </a>
      </p>
      <details className="guide-columns">
        <summary>{t('import.columnsTitle')}</summary>
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('import.columnsCol')}</th>
              <th scope="col">{t('import.columnsNote')}</th>
            </tr>
          </thead>
          <tbody>
            {COLUMN_NOTES.map((c) => (
              <tr key={c.column}>
                <td className="nowrap">
                  {c.column}
                  {c.required && <span className="required">{t('form.required')}</span>}
                </td>
                <td>{t(c.note)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
