import { describe, expect, it } from 'vitest';
import type { Employee, EmployeeInput } from '../../../functions/core/employees/employee.js';
import { decodeCsvBytes } from '../../../functions/core/employees/csv/decode.js';
import { employeesToCsv } from '../../../functions/core/employees/csv/export.js';
import { previewImport } from '../../../functions/core/employees/csv/import-preview.js';
import { parseCsv } from '../../../functions/core/employees/csv/parse.js';
import { EMPLOYEE_FIELDS } from '../../../functions/core/employees/validate.js';
import { JAPANESE_HEADER, storedEmployee } from './helpers.js';

const inputOf = (e: Employee): EmployeeInput => Object.fromEntries(EMPLOYEE_FIELDS.map((f) => [f, e[f]])) as unknown as EmployeeInput;
const linesOf = (csv: string) => csv.slice(1).split('\r\n');

describe('employeesToCsv', () => {
  it('starts with a BOM and the Japanese header, and ends every line with CRLF', () => {
    const csv = employeesToCsv([storedEmployee()]);
    expect(csv.startsWith(`\uFEFF${JAPANESE_HEADER}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(employeesToCsv([])).toBe(`\uFEFF${JAPANESE_HEADER}\r\n`);
  });

  it('writes one row per employee with role labels, 1/0 and the account kind', () => {
    const csv = employeesToCsv([
      storedEmployee({ employeeCode: 'A001', role: 'admin', enabled: true }),
      storedEmployee({ employeeCode: 'B002', role: 'viewer', enabled: false, email2: 'b@example.jp', accountKind: 'external' }),
    ]);
    expect(linesOf(csv)[1]).toBe('A001,山田,太郎,ヤマダ,タロウ,本社,総務部,="1990-04-01",taro@example.co.jp,,,yamada.taro,管理者,1,従業員');
    expect(linesOf(csv)[2]!.endsWith(',b@example.jp,,yamada.taro,閲覧者,0,外部')).toBe(true);
    expect(employeesToCsv([storedEmployee({ role: 'employee' })])).toContain(',一般,1,従業員\r\n');
  });

  it('keeps leading zeros in Excel by writing digit-only codes and login IDs as ="…"', () => {
    const [, row] = linesOf(employeesToCsv([storedEmployee({ employeeCode: '0012', loginId: '00123456' })]));
    expect(row!.startsWith('="0012",')).toBe(true);
    expect(row).toContain(',="00123456",');
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    const [, row] = linesOf(employeesToCsv([storedEmployee({ office: '東京, 本社', department: '"特命"室' })]));
    expect(row).toContain(',"東京, 本社","""特命""室",');
  });

  it('neutralizes cells a spreadsheet would run as formulas, but not its own ="…" form', () => {
    const [, row] = linesOf(employeesToCsv([storedEmployee({ employeeCode: '0001', familyName: '=HYPERLINK("http://x","y")', givenName: '@SUM(1)', office: '-営業', department: '+本社' })]));
    expect(row).toBe(`="0001","'=HYPERLINK(""http://x"",""y"")",'@SUM(1),ヤマダ,タロウ,'-営業,'+本社,="1990-04-01",taro@example.co.jp,,,yamada.taro,一般,1,従業員`);
  });

  describe('round trip: export, then parse and preview', () => {
    const employees: Employee[] = [
      storedEmployee({ id: 'e1', employeeCode: '0012', loginId: '00120012', birthDate: '1985-01-02' }),
      storedEmployee({ id: 'e2', employeeCode: '00-1', familyName: '髙橋', givenName: '山﨑', familyNameKana: 'タカハシ', givenNameKana: 'ヤマザキ', email1: 'takahashi@example.jp', email2: 'k.t@example.jp', loginId: 'takahashi', role: 'admin' }),
      storedEmployee({ id: 'e3', employeeCode: 'A_7', familyName: '=1+1', givenName: "'=x", office: '東京, "本社"', department: '-営業', email1: '', loginId: '@boss', role: 'viewer', enabled: false, birthDate: '' }),
      storedEmployee({ id: 'e4', employeeCode: '1E5', familyName: 'オブライエン', givenName: 'ジョン', familyNameKana: '', givenNameKana: '', office: '010', department: '2024-04', email1: '', loginId: '1.5', birthDate: '2000-02-29' }),
    ];

    it('gives back the same values as updates of the same employees', () => {
      const csv = employeesToCsv(employees);
      const decoded = decodeCsvBytes(new TextEncoder().encode(csv), 'auto');
      expect(decoded.encoding).toBe('utf-8');
      const result = previewImport({ rows: parseCsv(decoded.text), existing: employees, now: new Date('2024-06-01T00:00:00Z') });
      expect(result).toMatchObject({ total: 4, updates: 4, creates: 0, errors: [], warnings: [] });
      expect(result.rows.map((r) => [r.employeeId, r.value])).toEqual(employees.map((e) => [e.id, inputOf(e)]));
    });

    it('gives back the same values as creates into an empty company', () => {
      const result = previewImport({ rows: parseCsv(employeesToCsv(employees).slice(1)), existing: [] });
      expect(result.errors).toEqual([]);
      expect(result.rows.map((r) => [r.action, r.value])).toEqual(employees.map((e) => ['create', inputOf(e)]));
    });
  });
});
