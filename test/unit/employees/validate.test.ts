import { describe, expect, it } from 'vitest';
import { duplicateAddressesWithin, validateEmployeeInput, type FieldIssue } from '../../../functions/core/employees/validate.js';

const NOW = new Date('2024-06-01T03:00:00Z'); // 2024-06-01 12:00 in Japan
const minimal = { employeeCode: '0012', familyName: '山田', givenName: '太郎' };

function valueOf(raw: Record<string, unknown>) {
  const result = validateEmployeeInput(raw, { now: NOW });
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issuesOf(raw: Record<string, unknown>, opts: { strict?: boolean; ignoredKeys?: string[]; now?: Date } = {}): FieldIssue[] {
  const result = validateEmployeeInput(raw, { now: NOW, ...opts });
  if (result.ok) throw new Error('expected issues, got a valid employee');
  return result.issues;
}

/** The one issue for `field` given this value, as [code, ja message]. */
function issueFor(field: string, value: unknown, base: Record<string, unknown> = minimal): [string, string] {
  const issues = issuesOf({ ...base, [field]: value }).filter((i) => i.field === field);
  expect(issues).toHaveLength(1);
  return [issues[0]!.code, issues[0]!.messages.ja];
}

describe('validateEmployeeInput', () => {
  it('fills defaults for the optional fields and trims every string', () => {
    expect(valueOf({ employeeCode: ' 0012 ', familyName: '\u3000山田\u3000', givenName: '太郎 ' })).toEqual({
      employeeCode: '0012',
      familyName: '山田',
      givenName: '太郎',
      familyNameKana: '',
      givenNameKana: '',
      office: '',
      department: '',
      birthDate: '',
      email1: '',
      email2: '',
      email3: '',
      loginId: '',
      role: 'employee',
      enabled: true,
      accountKind: 'internal',
    });
  });

  it('treats null like an empty field', () => {
    const value = valueOf({ ...minimal, familyNameKana: null, email1: null, role: null, enabled: null });
    expect([value.familyNameKana, value.email1, value.role, value.enabled]).toEqual(['', '', 'employee', true]);
  });

  describe('employeeCode', () => {
    it('keeps leading zeros exactly as given', () => {
      expect(valueOf({ ...minimal, employeeCode: '000120' }).employeeCode).toBe('000120');
    });

    it('is required, with a natural Japanese message', () => {
      expect(issueFor('employeeCode', '')).toEqual(['REQUIRED', '社員コードは必須です。']);
      expect(issueFor('employeeCode', undefined)[0]).toBe('REQUIRED');
    });

    it('refuses a number, because the leading zeros are already gone', () => {
      expect(issueFor('employeeCode', 12)[0]).toBe('INVALID_TYPE');
    });

    it('allows 20 characters of letters, digits, - and _', () => {
      expect(valueOf({ ...minimal, employeeCode: 'Ab-_0123456789abcdef' }).employeeCode).toHaveLength(20);
      expect(issueFor('employeeCode', 'A'.repeat(21))[0]).toBe('TOO_LONG');
    });

    it.each(['A 01', '社員01', '０１２', 'A.01', 'a@b'])('refuses %j', (code) => {
      expect(issueFor('employeeCode', code)[0]).toBe('INVALID_CHARACTERS');
    });
  });

  describe('names, office and department', () => {
    it('requires family and given name', () => {
      expect(issueFor('familyName', '  ')).toEqual(['REQUIRED', '姓は必須です。']);
      expect(issueFor('givenName', null)).toEqual(['REQUIRED', '名は必須です。']);
    });

    it('refuses a number where a name is expected', () => {
      expect(issueFor('familyName', 42)[0]).toBe('INVALID_TYPE');
      expect(issueFor('office', true)[0]).toBe('INVALID_TYPE');
    });

    it('allows 50 characters counted as the user sees them (𠮷 is one)', () => {
      expect(valueOf({ ...minimal, familyName: '𠮷'.repeat(50) }).familyName).toBe('𠮷'.repeat(50));
      expect(issueFor('familyName', '𠮷'.repeat(51))).toEqual(['TOO_LONG', '姓は50文字以内で入力してください。']);
    });

    it('keeps 髙 and 﨑 as they are', () => {
      const value = valueOf({ ...minimal, familyName: '髙橋', givenName: '山﨑' });
      expect([value.familyName, value.givenName]).toEqual(['髙橋', '山﨑']);
    });

    it('refuses line breaks and tabs inside a name', () => {
      expect(issueFor('familyName', '山\n田')[0]).toBe('INVALID_CHARACTERS');
      expect(issueFor('department', '営業\t一課')[0]).toBe('INVALID_CHARACTERS');
    });

    it('refuses text-direction controls, naming the field', () => {
      expect(issueFor('familyName', '山田\u202E太郎')).toEqual(['INVALID_CHARACTERS', '姓に文字の向きを変える制御文字（U+202E など）は使えません。']);
      for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
        expect(issueFor('office', `本${control}社`)[0], control.codePointAt(0)!.toString(16)).toBe('INVALID_CHARACTERS');
      }
    });

    it('refuses a value of invisible characters only, even where the field is optional', () => {
      expect(issueFor('givenName', '\u200B')).toEqual(['INVISIBLE_ONLY', '名がゼロ幅スペースなどの見えない文字だけになっています。']);
      expect(issueFor('department', '\u200B\u2060\u3000')[0]).toBe('INVISIBLE_ONLY');
      // A zero-width character inside a real name is left alone.
      expect(valueOf({ ...minimal, givenName: '太\u200D郎' }).givenName).toBe('太\u200D郎');
    });

    it('refuses a lone surrogate, in English too', () => {
      const issues = issuesOf({ ...minimal, familyName: 'ab\ud800cd' });
      expect(issues).toEqual([expect.objectContaining({ field: 'familyName', code: 'INVALID_CHARACTERS' })]);
      expect(issues[0]!.messages.en).toBe('Family name contains a broken character (an unpaired surrogate).');
    });

    it('allows 100 characters for office and department', () => {
      expect(valueOf({ ...minimal, office: 'あ'.repeat(100) }).office).toHaveLength(100);
      expect(issueFor('department', 'あ'.repeat(101))).toEqual(['TOO_LONG', '所属部署は100文字以内で入力してください。']);
    });
  });

  describe('kana', () => {
    it('accepts full-width katakana with ー, ・ and spaces', () => {
      expect(valueOf({ ...minimal, familyNameKana: 'メアリー・ジェーン', givenNameKana: 'ヴァン\u3000デル' }).familyNameKana).toBe('メアリー・ジェーン');
    });

    it('turns hiragana into katakana', () => {
      expect(valueOf({ ...minimal, familyNameKana: 'やまだ', givenNameKana: 'ゔぃーなす' })).toMatchObject({ familyNameKana: 'ヤマダ', givenNameKana: 'ヴィーナス' });
    });

    it('turns half-width katakana into full-width, voiced marks included', () => {
      expect(valueOf({ ...minimal, familyNameKana: 'ｶﾞｯﾂ' }).familyNameKana).toBe('ガッツ');
    });

    it.each(['Yamada', '山田', 'ヤマダ1', 'ヤマダ。'])('refuses %j', (kana) => {
      expect(issueFor('familyNameKana', kana)).toEqual(['INVALID_KANA', '姓（カナ）は全角カタカナで入力してください。']);
    });

    it('is optional but at most 50 characters', () => {
      expect(valueOf({ ...minimal, givenNameKana: '' }).givenNameKana).toBe('');
      expect(issueFor('givenNameKana', 'ア'.repeat(51))[0]).toBe('TOO_LONG');
    });
  });

  describe('birthDate', () => {
    it.each([
      ['1990-04-01', '1990-04-01'],
      ['1990/04/01', '1990-04-01'],
      ['1990/4/1', '1990-04-01'],
      ['２０００／１／２', '2000-01-02'],
      ['2000-02-29', '2000-02-29'],
      ['1900-01-01', '1900-01-01'],
      ['', ''],
    ])('reads %j as %j', (given, stored) => {
      expect(valueOf({ ...minimal, birthDate: given }).birthDate).toBe(stored);
    });

    it.each(['2001-02-29', '1990-13-01', '1990-04-31', '19900401', '1990.04.01', '90-04-01', '1990-04-01T00:00', '昭和65年1月1日'])('refuses %j', (date) => {
      expect(issueFor('birthDate', date)).toEqual(['INVALID_DATE', '生年月日は YYYY-MM-DD 形式の実在する日付で入力してください。']);
    });

    it('refuses dates before 1900', () => {
      expect(issueFor('birthDate', '1899-12-31')[0]).toBe('DATE_TOO_EARLY');
    });

    it('refuses the future, counting days in Japan time', () => {
      expect(issueFor('birthDate', '2024-06-02')[0]).toBe('DATE_IN_FUTURE');
      expect(valueOf({ ...minimal, birthDate: '2024-06-01' }).birthDate).toBe('2024-06-01');
      // 15:30 UTC on 31 May is already 1 June in Japan.
      const lateEvening = validateEmployeeInput({ ...minimal, birthDate: '2024-06-01' }, { now: new Date('2024-05-31T15:30:00Z') });
      expect(lateEvening.ok).toBe(true);
      const earlier = validateEmployeeInput({ ...minimal, birthDate: '2024-06-01' }, { now: new Date('2024-05-31T14:30:00Z') });
      expect(earlier.ok).toBe(false);
    });
  });

  describe('email addresses', () => {
    it.each(['taro@example.co.jp', 'Taro.Yamada+hr@mail.example.com', 'taro..yamada.@docomo.ne.jp', 'a_b-c@sub-domain.example.jp'])('accepts %j', (address) => {
      expect(valueOf({ ...minimal, email2: address }).email2).toBe(address);
    });

    it('trims the address', () => {
      expect(valueOf({ ...minimal, email1: '  taro@example.co.jp ' }).email1).toBe('taro@example.co.jp');
    });

    it.each(['taro', 'taro@example', 'taro@@example.jp', 'ta@ro@example.jp', 'ta ro@example.jp', 'taro＠example.jp', '@example.jp', 'taro@example..jp', 'taro@.example.jp', 'taro@example.jp.', 'たろう@example.jp', 'taro@exa_mple.jp'])(
      'refuses %j',
      (address) => {
        expect(issueFor('email3', address)[0]).toBe('INVALID_EMAIL');
      },
    );

    it('allows 254 characters, not 255', () => {
      const address = (length: number) => `${'a'.repeat(64)}@${'b'.repeat(length - 64 - 1 - 3)}.jp`;
      expect(valueOf({ ...minimal, email1: address(254) }).email1).toHaveLength(254);
      expect(issueFor('email1', address(255))[0]).toBe('TOO_LONG');
    });

    it('lets the same address twice through: it is a warning, not an error', () => {
      const value = valueOf({ ...minimal, email1: 'taro@example.co.jp', email2: 'TARO@example.co.jp' });
      expect(duplicateAddressesWithin(value)).toEqual(['taro@example.co.jp']);
    });
  });

  describe('loginId', () => {
    it('is optional (empty means generate one)', () => {
      expect(valueOf(minimal).loginId).toBe('');
    });

    it('allows 3 to 64 characters of letters, digits and . _ @ -', () => {
      expect(valueOf({ ...minimal, loginId: 'abc' }).loginId).toBe('abc');
      expect(valueOf({ ...minimal, loginId: 'Taro.Yamada_01@hr-dept' }).loginId).toBe('Taro.Yamada_01@hr-dept');
      expect(valueOf({ ...minimal, loginId: 'a'.repeat(64) }).loginId).toHaveLength(64);
      expect(issueFor('loginId', 'ab')[0]).toBe('TOO_SHORT');
      expect(issueFor('loginId', 'a'.repeat(65))[0]).toBe('TOO_LONG');
      expect(issueFor('loginId', 'taro yamada')[0]).toBe('INVALID_CHARACTERS');
      expect(issueFor('loginId', 'ｔａｒｏ')[0]).toBe('INVALID_CHARACTERS');
    });
  });

  describe('role and enabled', () => {
    it('accepts each role and defaults to employee', () => {
      for (const role of ['employee', 'viewer', 'admin']) expect(valueOf({ ...minimal, role }).role).toBe(role);
      expect(valueOf({ ...minimal, role: '' }).role).toBe('employee');
    });

    it('refuses an unknown role or a wrong type', () => {
      expect(issueFor('role', 'superuser')[0]).toBe('INVALID_ROLE');
      expect(issueFor('role', 2)[0]).toBe('INVALID_TYPE');
    });

    it('keeps enabled false, and refuses a string for it', () => {
      expect(valueOf({ ...minimal, enabled: false }).enabled).toBe(false);
      expect(issueFor('enabled', 'false')[0]).toBe('INVALID_TYPE');
      expect(issueFor('enabled', 0)[0]).toBe('INVALID_TYPE');
    });
  });

  describe('unknown keys', () => {
    it('are refused in strict mode and ignored otherwise', () => {
      expect(issuesOf({ ...minimal, salary: 100 }, { strict: true })).toEqual([
        { field: 'salary', code: 'UNKNOWN_FIELD', messages: { ja: '「salary」という項目は指定できません。', en: 'Unknown field "salary".' } },
      ]);
      expect(validateEmployeeInput({ ...minimal, salary: 100 }, { now: NOW }).ok).toBe(true);
    });

    it('let the keys named in ignoredKeys through', () => {
      expect(validateEmployeeInput({ ...minimal, confirmDuplicates: true }, { strict: true, ignoredKeys: ['confirmDuplicates'] }).ok).toBe(true);
    });

    it('do not read inherited properties', () => {
      const raw = Object.create({ familyName: '継承' }) as Record<string, unknown>;
      Object.assign(raw, { employeeCode: '1', givenName: '太郎' });
      expect(issuesOf(raw).map((i) => i.code)).toEqual(['REQUIRED']);
    });
  });

  it('reports every bad field at once, one issue per field, Japanese first and English second', () => {
    const issues = issuesOf({ employeeCode: 12, familyName: '', givenName: 'x'.repeat(51) + '\n', birthDate: '2024-02-30', email1: 'bad', loginId: 'a', role: 'boss', enabled: 'yes' });
    expect(issues.map((i) => [i.field, i.code])).toEqual([
      ['employeeCode', 'INVALID_TYPE'],
      ['familyName', 'REQUIRED'],
      ['givenName', 'TOO_LONG'],
      ['birthDate', 'INVALID_DATE'],
      ['email1', 'INVALID_EMAIL'],
      ['loginId', 'TOO_SHORT'],
      ['role', 'INVALID_ROLE'],
      ['enabled', 'INVALID_TYPE'],
    ]);
    for (const i of issues) {
      expect(i.messages.ja).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(i.messages.en).toMatch(/^[\x20-\x7E]+$/);
    }
  });
});

describe('duplicateAddressesWithin', () => {
  it('finds an address repeated in any two slots, ignoring case and empty slots', () => {
    expect(duplicateAddressesWithin({ email1: 'a@x.jp', email2: '', email3: ' A@X.jp' })).toEqual(['a@x.jp']);
    expect(duplicateAddressesWithin({ email1: '', email2: '', email3: '' })).toEqual([]);
    expect(duplicateAddressesWithin({ email1: 'a@x.jp', email2: 'b@x.jp', email3: 'c@x.jp' })).toEqual([]);
  });
});
