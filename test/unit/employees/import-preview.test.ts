import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, previewImport, readImportRows, type ExistingEmployee } from '../../../functions/core/employees/csv/import-preview.js';
import { parseCsv } from '../../../functions/core/employees/csv/parse.js';
import { domainErrorOf, JAPANESE_HEADER, storedEmployee } from './helpers.js';

const NOW = new Date('2024-06-01T03:00:00Z');
const SHORT_HEADER = '社員コード,姓,名,メールアドレス1,メールアドレス2,メールアドレス3,ログインID';

function preview(lines: string[], existing: ExistingEmployee[] = []) {
  return previewImport({ rows: parseCsv(`${lines.join('\r\n')}\r\n`), existing, now: NOW });
}

const codes = (issues: Array<{ line: number; field?: string; code: string }>) => issues.map((i) => [i.line, i.field, i.code]);

describe('previewImport', () => {
  describe('the file as a whole', () => {
    it('refuses an empty file', () => {
      domainErrorOf(() => previewImport({ rows: parseCsv(''), existing: [] }), 400, 'CSV_EMPTY');
      domainErrorOf(() => previewImport({ rows: parseCsv('\r\n,,\r\n'), existing: [] }), 400, 'CSV_EMPTY');
    });

    it('refuses a header without data rows', () => {
      const error = domainErrorOf(() => preview([JAPANESE_HEADER, '', ',,,']), 400, 'CSV_EMPTY');
      expect(error.messages.ja).toContain('取り込む行がありません');
    });

    it('refuses a bad header before looking at rows', () => {
      domainErrorOf(() => preview(['社員コード,氏名', '1,山田太郎']), 400, 'CSV_HEADER');
    });

    it('takes 10,000 data rows and refuses 10,001', () => {
      const rows = (n: number) => ['社員コード,姓,名', ...Array.from({ length: n }, (_, i) => `${i + 1},山田,太郎`)];
      expect(preview(rows(MAX_IMPORT_ROWS)).total).toBe(10_000);
      const error = domainErrorOf(() => preview(rows(MAX_IMPORT_ROWS + 1)), 400, 'CSV_TOO_MANY_ROWS');
      expect(error.messages.ja).toContain('10,000行まで');
    });

    it('stops reading at the row past the limit, however long the file goes on', () => {
      let read = 0;
      function* rows() {
        yield { line: 1, cells: ['社員コード', '姓', '名'] };
        for (let i = 1; i <= 1_000_000; i++) {
          read += 1;
          yield { line: i + 1, cells: [String(i), '山田', '太郎'] };
        }
      }
      domainErrorOf(() => previewImport({ rows: rows(), existing: [], now: NOW }), 400, 'CSV_TOO_MANY_ROWS');
      expect(read).toBe(MAX_IMPORT_ROWS + 1);
    });

    it('reads past millions of blank lines to the real rows, and checks the header first', () => {
      expect(readImportRows(`社員コード,姓,名\n${'\r\n'.repeat(3_500_000)}1,山田,太郎\n`).map((r) => r.line)).toEqual([1, 3_500_002]);
      domainErrorOf(() => readImportRows(`${'\n'.repeat(7 * 1024 * 1024)}`), 400, 'CSV_EMPTY');
      domainErrorOf(() => readImportRows(`名前\n${'1\n'.repeat(20_000)}`), 400, 'CSV_HEADER');
    });

    it('skips blank rows without counting them, and keeps line numbers of the file', () => {
      const result = preview(['社員コード,姓,名', '', '1,山田,太郎', ',,', '2,,花子']);
      expect(result.total).toBe(2);
      expect(result.rows.map((r) => r.line)).toEqual([3]);
      expect(codes(result.errors)).toEqual([[5, 'familyName', 'REQUIRED']]);
    });
  });

  describe('create or update', () => {
    const existing = [storedEmployee({ id: 'emp-7', employeeCode: '0007', loginId: 'suzuki', email1: 'suzuki@example.co.jp' })];

    it('updates the employee whose code matches, creates the others', () => {
      const result = preview([SHORT_HEADER, '0007,鈴木,一郎,suzuki@example.co.jp,,,suzuki', '7,佐藤,二郎,,,,'], existing);
      expect(result).toMatchObject({ total: 2, creates: 1, updates: 1, errors: [], warnings: [] });
      expect(result.rows.map((r) => [r.line, r.action, r.employeeId, r.value.employeeCode])).toEqual([
        [2, 'update', 'emp-7', '0007'],
        [3, 'create', undefined, '7'],
      ]);
    });

    it('gives the validated values: hiragana kana as katakana, Excel dates as YYYY-MM-DD, labels as role and flag', () => {
      const [row] = preview([JAPANESE_HEADER, '0012,髙橋,山﨑,たかはし,ﾔﾏｻﾞｷ,本社,総務部,1985/1/2,a@example.jp,,,,管理者,0,外部']).rows;
      expect(row!.value).toEqual({
        employeeCode: '0012', familyName: '髙橋', givenName: '山﨑', familyNameKana: 'タカハシ', givenNameKana: 'ヤマザキ',
        office: '本社', department: '総務部', birthDate: '1985-01-02', email1: 'a@example.jp', email2: '', email3: '',
        loginId: '', role: 'admin', enabled: false, accountKind: 'external',
      });
    });

    it('keeps stored values for columns the file leaves out, so an update does not demote an admin', () => {
      const admin = storedEmployee({ id: 'emp-1', employeeCode: '0001', role: 'admin', enabled: false, department: '人事部' });
      const result = preview(['社員コード,姓,名', '0001,山田,次郎', '0002,田中,花子'], [admin]);
      expect(result.fields).toEqual(['employeeCode', 'familyName', 'givenName']);
      expect(result.rows[0]!.value).toMatchObject({ givenName: '次郎', role: 'admin', enabled: false, department: '人事部', loginId: 'yamada.taro' });
      expect(result.rows[1]!.value).toMatchObject({ role: 'employee', enabled: true, department: '' });
    });

    it('lets a file column with an empty cell clear the stored value', () => {
      const result = preview(['社員コード,姓,名,所属部署', '0001,山田,太郎,'], [storedEmployee()]);
      expect(result.rows[0]!.value.department).toBe('');
    });
  });

  describe('errors', () => {
    it('lists each bad field of a row once, with the line, and leaves the row out', () => {
      const result = preview([JAPANESE_HEADER, '0001,,太郎,yamada,,,,2099-01-01,not-an-address,,,ab,社長,maybe', '0002,田中,花子']);
      expect(codes(result.errors)).toEqual([
        [2, 'role', 'INVALID_ROLE'],
        [2, 'enabled', 'INVALID_ENABLED'],
        [2, 'familyName', 'REQUIRED'],
        [2, 'familyNameKana', 'INVALID_KANA'],
        [2, 'birthDate', 'DATE_IN_FUTURE'],
        [2, 'email1', 'INVALID_EMAIL'],
        [2, 'loginId', 'TOO_SHORT'],
      ]);
      expect(result.errors[2]!.messages.ja).toBe('姓は必須です。');
      expect(result).toMatchObject({ total: 2, creates: 1, updates: 0 });
      expect(result.rows.map((r) => r.line)).toEqual([3]);
    });

    it('reports an employee code given twice on the later line, naming the earlier one', () => {
      const result = preview(['社員コード,姓,名', '0012,山田,太郎', '0013,田中,花子', '0012,佐藤,次郎', '12,鈴木,一郎']);
      expect(codes(result.errors)).toEqual([[4, 'employeeCode', 'EMPLOYEE_CODE_DUPLICATE_IN_FILE']]);
      expect(result.errors[0]!.messages.ja).toBe('社員コード「0012」は2行目にもあります。同じ社員コードは1行にまとめてください。');
      expect(result.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    });

    it('reports a login ID used by another row, ignoring case', () => {
      const result = preview([SHORT_HEADER, '1,山田,太郎,,,,taro', '2,田中,花子,,,,Taro']);
      expect(codes(result.errors)).toEqual([[3, 'loginId', 'LOGIN_ID_DUPLICATE_IN_FILE']]);
      expect(result.errors[0]!.messages.ja).toBe('ログインID「Taro」は2行目でも使われています。');
    });

    it('reports a login ID held by a different stored employee, naming them', () => {
      const holder = storedEmployee({ id: 'emp-9', employeeCode: '0009', familyName: '鈴木', givenName: '一郎', loginId: 'suzuki' });
      const result = preview([SHORT_HEADER, '0010,田中,花子,,,,SUZUKI', '0009,鈴木,一郎,,,,'], [holder]);
      expect(codes(result.errors)).toEqual([[2, 'loginId', 'LOGIN_ID_TAKEN']]);
      expect(result.errors[0]!.messages.ja).toBe('ログインID「SUZUKI」は登録済みの社員（社員コード 0009 鈴木 一郎）が使っています。');
      expect(result.rows.map((r) => r.action)).toEqual(['update']);
    });

    it('reports values outside the header, which usually mean an unquoted comma', () => {
      const result = preview(['社員コード,姓,名', '1,山田,太郎,東京, 本社']);
      expect(codes(result.errors)).toEqual([[2, undefined, 'UNEXPECTED_CELLS']]);
      expect(result.errors[0]!.messages.ja).toContain('2個');
    });

    it('reports the line a record starts on when an earlier cell spans lines', () => {
      const result = preview(['社員コード,姓,名,所属部署', '1,山田,太郎,"営業部', '第一課"', '2,,花子,総務部']);
      expect(codes(result.errors)).toEqual([
        [2, 'department', 'INVALID_CHARACTERS'],
        [4, 'familyName', 'REQUIRED'],
      ]);
    });
  });

  describe('address warnings (from the help pages)', () => {
    it('(a) warns when one row has the same address twice', () => {
      const result = preview([SHORT_HEADER, '1,山田,太郎,taro@example.jp,,Taro@Example.jp,']);
      expect(codes(result.warnings)).toEqual([[2, 'email3', 'EMAIL_DUPLICATE_IN_ROW']]);
      expect(result.warnings[0]!.messages.ja).toBe('メールアドレス「Taro@Example.jp」が同じ行に2回以上入力されています。');
      expect(result.errors).toEqual([]);
      expect(result.rows).toHaveLength(1);
    });

    it('(b) warns when different rows share an address, naming the other line and code', () => {
      const result = preview([SHORT_HEADER, '0001,山田,太郎,family@example.jp,,,', '0002,山田,花子,,FAMILY@example.jp,,', '0003,山田,次郎,,,family@example.jp,']);
      expect(codes(result.warnings)).toEqual([
        [3, 'email2', 'EMAIL_DUPLICATE_IN_FILE'],
        [4, 'email3', 'EMAIL_DUPLICATE_IN_FILE'],
      ]);
      expect(result.warnings[0]!.messages.ja).toBe('メールアドレス「FAMILY@example.jp」は2行目（社員コード 0001）にもあります。');
      expect(result.warnings[1]!.messages.en).toBe('The address family@example.jp is also on line 2 (employee code 0001).');
      expect(result.errors).toEqual([]);
    });

    it('(c) warns when a stored employee other than the one updated holds the address, naming them', () => {
      const holder = storedEmployee({ id: 'emp-5', employeeCode: '0005', familyName: '佐藤', givenName: '花子', email2: 'shared@example.jp', email1: 'sato@example.jp' });
      const result = preview([SHORT_HEADER, '0100,田中,一郎,Shared@example.jp,,,'], [holder]);
      expect(codes(result.warnings)).toEqual([[2, 'email1', 'EMAIL_DUPLICATE_EXISTING']]);
      expect(result.warnings[0]!.messages.ja).toBe('メールアドレス「Shared@example.jp」は登録済みの社員（社員コード 0005 佐藤 花子）が使っています。');
      expect(result.rows).toHaveLength(1);
    });

    it('(c) does not warn about the address the updated employee already holds', () => {
      const self = storedEmployee({ id: 'emp-1', employeeCode: '0001', email1: 'taro@example.co.jp' });
      expect(preview([SHORT_HEADER, '0001,山田,太郎,,taro@example.co.jp,,'], [self]).warnings).toEqual([]);
    });

    it('(c) does not warn when the file moves the address away from its holder', () => {
      const from = storedEmployee({ id: 'emp-1', employeeCode: '0001', email1: 'desk@example.jp', loginId: 'a01' });
      const result = preview([SHORT_HEADER, '0001,山田,太郎,taro@example.jp,,,', '0002,田中,花子,desk@example.jp,,,'], [from]);
      expect(result.warnings).toEqual([]);
    });

    it('(c) still warns when the file updates the holder but has no column for the slot holding it', () => {
      const from = storedEmployee({ id: 'emp-1', employeeCode: '0001', email3: 'desk@example.jp' });
      const result = preview(['社員コード,姓,名,メールアドレス1', '0001,山田,太郎,taro@example.jp', '0002,田中,花子,desk@example.jp'], [from]);
      expect(codes(result.warnings)).toEqual([[3, 'email1', 'EMAIL_DUPLICATE_EXISTING']]);
    });

    it('still warns about a row that has errors, so all problems show at once', () => {
      const result = preview([SHORT_HEADER, '1,山田,太郎,a@example.jp,,,', '2,,花子,a@example.jp,,,']);
      expect(codes(result.errors)).toEqual([[3, 'familyName', 'REQUIRED']]);
      expect(codes(result.warnings)).toEqual([[3, 'email1', 'EMAIL_DUPLICATE_IN_FILE']]);
    });
  });

  it('checks 10,000 rows against 10,000 stored employees', () => {
    const existing: ExistingEmployee[] = Array.from({ length: 10_000 }, (_, i) => ({
      id: `emp-${i}`,
      employeeCode: String(i).padStart(6, '0'),
      familyName: '山田',
      givenName: `太郎${i}`,
      email1: `user${i}@example.jp`,
      email2: '',
      email3: '',
      loginId: `user${i}`,
    }));
    const lines = [SHORT_HEADER];
    // Even rows update employee i; odd rows create a new code. Row 5000 borrows the address of employee 1.
    for (let i = 0; i < 9_999; i++) {
      if (i % 2 === 0) lines.push(`${String(i).padStart(6, '0')},山田,太郎${i},user${i}@example.jp,,,user${i}`);
      else if (i === 5001) lines.push(`N${i},田中,花子,user1@example.jp,,,`);
      else lines.push(`N${i},田中,花子,new${i}@example.jp,,,`);
    }
    lines.push(`N3,田中,花子,,,,user4`); // a repeated code (N3 is on line 5) with another's login ID
    const result = preview(lines, existing);
    expect(result.total).toBe(10_000);
    expect([result.updates, result.creates]).toEqual([5000, 4999]);
    expect(codes(result.errors)).toEqual([
      [10_001, 'employeeCode', 'EMPLOYEE_CODE_DUPLICATE_IN_FILE'],
      [10_001, 'loginId', 'LOGIN_ID_DUPLICATE_IN_FILE'],
      [10_001, 'loginId', 'LOGIN_ID_TAKEN'],
    ]);
    expect(codes(result.warnings)).toEqual([[5003, 'email1', 'EMAIL_DUPLICATE_EXISTING']]);
    expect(result.rows[5000]).toEqual({ line: 5002, action: 'update', employeeId: 'emp-5000', value: expect.objectContaining({ employeeCode: '005000', givenName: '太郎5000' }) });
  });
});
