import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvRowToRaw, mapCsvHeader } from '../../../functions/core/employees/csv/columns.js';
import { domainErrorOf, JAPANESE_HEADER } from './helpers.js';

describe('CSV columns', () => {
  it('are the fifteen Japanese headers in this order', () => {
    expect(CSV_COLUMNS.map((c) => c.header).join(',')).toBe(JAPANESE_HEADER);
  });
});

describe('mapCsvHeader', () => {
  it('maps the Japanese headers to fields', () => {
    expect(mapCsvHeader(JAPANESE_HEADER.split(','))).toEqual([
      'employeeCode', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'office', 'department',
      'birthDate', 'email1', 'email2', 'email3', 'loginId', 'role', 'enabled', 'accountKind',
    ]);
  });

  it('accepts half-width parentheses, full-width digits and stray spaces', () => {
    expect(mapCsvHeader([' 社員 コード', '姓', '名', '姓(カナ)', '名 （ カナ ）', 'メールアドレス１', '\uFEFF生年月日'])).toEqual([
      'employeeCode', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'email1', 'birthDate',
    ]);
  });

  it('accepts the English field names in any order and case', () => {
    expect(mapCsvHeader(['givenName', 'FamilyName', 'employeecode', 'loginId', 'enabled'])).toEqual(['givenName', 'familyName', 'employeeCode', 'loginId', 'enabled']);
  });

  it('leaves a column with an empty header unmapped', () => {
    expect(mapCsvHeader(['社員コード', '姓', '名', ''])).toEqual(['employeeCode', 'familyName', 'givenName', undefined]);
  });

  it('lists the missing required headers', () => {
    const error = domainErrorOf(() => mapCsvHeader(['社員コード', '氏名']), 400, 'CSV_HEADER');
    expect(error.details).toMatchObject({ missing: ['姓', '名'], unknown: ['氏名'], repeated: [] });
    expect(error.messages.ja).toContain('必須の列がありません: 姓、名。');
    expect(error.messages.ja).toContain('不明な列があります: 氏名。');
    expect(error.messages.en).toContain('Required columns are missing: 姓, 名.');
  });

  it('echoes at most ten unknown headers, each cut short, however large the header is', () => {
    const huge = 'A'.repeat(7 * 1024 * 1024);
    const error = domainErrorOf(() => mapCsvHeader(['社員コード', '姓', '名', huge]), 400, 'CSV_HEADER');
    expect(error.messages.ja.length + error.messages.en.length + JSON.stringify(error.details).length).toBeLessThan(4000);
    expect((error.details as { unknown: string[] }).unknown).toEqual([`${'A'.repeat(40)}…`]);
    const many = domainErrorOf(() => mapCsvHeader(['社員コード', '姓', '名', ...Array.from({ length: 150 }, (_, i) => `列${i}`)]), 400, 'CSV_HEADER');
    expect((many.details as { unknown: string[] }).unknown).toHaveLength(10);
    expect(many.messages.ja).toContain('ほか140件');
    expect(many.messages.en).toContain('and 140 more');
  });

  it('refuses a column given twice, and names the header line', () => {
    const error = domainErrorOf(() => mapCsvHeader(['社員コード', '姓', '名', '姓'], 3), 400, 'CSV_HEADER');
    expect(error.details).toMatchObject({ line: 3, missing: [], unknown: [], repeated: ['姓'] });
    expect(error.messages.ja).toMatch(/^3行目の見出し/);
  });
});

describe('csvRowToRaw', () => {
  const columns = mapCsvHeader(['社員コード', '姓', '名', '権限', '有効']);

  it.each([
    ['一般', 'employee'], ['閲覧者', 'viewer'], ['管理者', 'admin'],
    ['employee', 'employee'], ['viewer', 'viewer'], ['Admin', 'admin'], ['', 'employee'], [' 管理者 ', 'admin'],
  ])('reads role %j as %j', (cell, role) => {
    expect(csvRowToRaw(columns, ['1', '山田', '太郎', cell, '']).raw.role).toBe(role);
  });

  it.each([
    ['1', true], ['0', false], ['はい', true], ['いいえ', false], ['有効', true], ['無効', false],
    ['true', true], ['false', false], ['TRUE', true], ['FALSE', false], ['', true], ['１', true],
  ])('reads 有効 %j as %j', (cell, enabled) => {
    expect(csvRowToRaw(columns, ['1', '山田', '太郎', '', cell]).raw.enabled).toBe(enabled);
  });

  it('reports a role or 有効 it cannot read, and leaves the field out', () => {
    const { raw, issues } = csvRowToRaw(columns, ['1', '山田', '太郎', '社長', 'yes']);
    expect(issues.map((i) => [i.field, i.code])).toEqual([['role', 'INVALID_ROLE'], ['enabled', 'INVALID_ENABLED']]);
    expect(issues[0]!.messages.ja).toBe('権限は「一般」「閲覧者」「管理者」のいずれかを入力してください。');
    expect(raw).toEqual({ employeeCode: '1', familyName: '山田', givenName: '太郎' });
  });

  it('treats the missing cells of a short row as empty', () => {
    expect(csvRowToRaw(columns, ['1', '山田'])).toEqual({ raw: { employeeCode: '1', familyName: '山田', givenName: '', role: 'employee', enabled: true }, issues: [], strayCells: 0 });
  });

  it('counts values beyond the header or under an empty header', () => {
    const withBlank = mapCsvHeader(['社員コード', '', '姓', '名']);
    expect(csvRowToRaw(withBlank, ['1', 'x', '山田', '太郎', 'y', ' ', '']).strayCells).toBe(2);
    expect(csvRowToRaw(withBlank, ['1', '', '山田', '太郎', '']).strayCells).toBe(0);
  });
});
