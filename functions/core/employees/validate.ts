import type { Messages } from '../shared/errors.js';
import { calendarDate } from '../shared/time-input.js';
import { textProblem, type TextProblem } from '../shared/text.js';
import { ACCOUNT_KINDS, EMAIL_SLOTS, normalizeEmail, ROLES, type AccountKind, type EmailSlot, type EmployeeInput, type Role } from './employee.js';

/** One problem with one field; at most one per field, the first rule it breaks. */
export interface FieldIssue {
  field: string;
  code: string;
  messages: Messages;
}

export type EmployeeValidation = { ok: true; value: EmployeeInput } | { ok: false; issues: FieldIssue[] };

export interface ValidateOptions {
  /** Reject keys that are not employee fields (the JSON API). */
  strict?: boolean;
  /** Keys strict mode lets through and ignores, e.g. `confirmDuplicates` of EmployeeWrite. */
  ignoredKeys?: readonly string[];
  /** The moment "the future" starts for birth dates; the calendar day is taken in Japan time. */
  now?: Date;
}

export const EMPLOYEE_FIELDS = [
  'employeeCode', 'familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'office', 'department',
  'birthDate', 'email1', 'email2', 'email3', 'loginId', 'role', 'enabled', 'accountKind',
] as const satisfies ReadonlyArray<keyof EmployeeInput>;
export type EmployeeField = (typeof EMPLOYEE_FIELDS)[number];

/** What each field is called on screen; the Japanese labels are also the CSV headers. */
export const FIELD_LABELS: Record<EmployeeField, Messages> = {
  employeeCode: { ja: '社員コード', en: 'Employee code' },
  familyName: { ja: '姓', en: 'Family name' },
  givenName: { ja: '名', en: 'Given name' },
  familyNameKana: { ja: '姓（カナ）', en: 'Family name (kana)' },
  givenNameKana: { ja: '名（カナ）', en: 'Given name (kana)' },
  office: { ja: '所属事業所', en: 'Office' },
  department: { ja: '所属部署', en: 'Department' },
  birthDate: { ja: '生年月日', en: 'Date of birth' },
  email1: { ja: 'メールアドレス1', en: 'Email address 1' },
  email2: { ja: 'メールアドレス2', en: 'Email address 2' },
  email3: { ja: 'メールアドレス3', en: 'Email address 3' },
  loginId: { ja: 'ログインID', en: 'Login ID' },
  role: { ja: '権限', en: 'Role' },
  accountKind: { ja: 'アカウント種別', en: 'Account kind' },
  enabled: { ja: '有効', en: 'Enabled' },
};

const EMPLOYEE_CODE_MAX = 20;
const NAME_MAX = 50;
const ORGANIZATION_MAX = 100;
const EMAIL_MAX = 254;
const LOGIN_ID_MIN = 3;
const LOGIN_ID_MAX = 64;
const EARLIEST_BIRTH_DATE = '1900-01-01';
const JAPAN_OFFSET_MS = 9 * 3600_000;

const EMPLOYEE_CODE_CHARS = /^[A-Za-z0-9_-]+$/;
const LOGIN_ID_CHARS = /^[A-Za-z0-9._@-]+$/;
// Names end up in PDFs and mail headers, where a newline or tab would break the layout.
const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;
// Katakana ァ–ヶ, ・, ー, the iteration marks ヽヾ, and half/full-width spaces between names.
const KATAKANA_TEXT = /^[\u30A1-\u30F6\u30FB-\u30FE \u3000]*$/;
const HALF_WIDTH_KATAKANA = /[\uFF61-\uFF9F]+/g;
const HIRAGANA = /[\u3041-\u3096\u309D\u309E]/g;
const HIRAGANA_TO_KATAKANA = 0x60;
const DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;
const EMAIL_FORBIDDEN = /[(),:;<>[\]\\"]/;
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * Checks and normalizes the fields of one employee: the single rule set behind the JSON API
 * and CSV rows. Strings are trimmed; null and undefined count as empty.
 */
export function validateEmployeeInput(raw: Record<string, unknown>, opts: ValidateOptions = {}): EmployeeValidation {
  const { value, issues } = validateEmployeeFields(raw, opts);
  return issues.length === 0 ? { ok: true, value: value as EmployeeInput } : { ok: false, issues };
}

/**
 * Like validateEmployeeInput, but also returns every field that did pass, so a CSV preview can
 * still check duplicates on the good fields of a row that has a bad one.
 */
export function validateEmployeeFields(
  raw: Record<string, unknown>,
  opts: ValidateOptions = {},
): { value: Partial<EmployeeInput>; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const value: Partial<EmployeeInput> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ field: '', code: 'INVALID_TYPE', messages: { ja: '社員情報はオブジェクトで指定してください。', en: 'The employee must be an object.' } });
    return { value, issues };
  }
  const get = (field: string): unknown => (Object.hasOwn(raw, field) ? raw[field] : undefined);
  const accept = <K extends EmployeeField>(field: K, result: EmployeeInput[K] | FieldIssue) => {
    if (isIssue(result)) issues.push(result);
    else value[field] = result;
  };

  accept('employeeCode', checkEmployeeCode(get('employeeCode')));
  accept('familyName', checkName('familyName', get('familyName'), true));
  accept('givenName', checkName('givenName', get('givenName'), true));
  accept('familyNameKana', checkKana('familyNameKana', get('familyNameKana')));
  accept('givenNameKana', checkKana('givenNameKana', get('givenNameKana')));
  accept('office', checkName('office', get('office'), false, ORGANIZATION_MAX));
  accept('department', checkName('department', get('department'), false, ORGANIZATION_MAX));
  accept('birthDate', checkBirthDate(get('birthDate'), opts.now ?? new Date()));
  for (const slot of EMAIL_SLOTS) accept(slot, checkEmail(slot, get(slot)));
  accept('loginId', checkLoginId(get('loginId')));
  accept('role', checkRole(get('role')));
  accept('accountKind', checkAccountKind(get('accountKind')));
  accept('enabled', checkEnabled(get('enabled')));

  if (opts.strict) {
    const known = new Set<string>([...EMPLOYEE_FIELDS, ...(opts.ignoredKeys ?? [])]);
    for (const key of Object.keys(raw)) {
      if (!known.has(key)) {
        issues.push({ field: key, code: 'UNKNOWN_FIELD', messages: { ja: `「${key}」という項目は指定できません。`, en: `Unknown field "${key}".` } });
      }
    }
  }
  return { value, issues };
}

/** Addresses (normalized) that one employee holds in more than one slot: a warning, not an error. */
export function duplicateAddressesWithin(input: Pick<EmployeeInput, EmailSlot>): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const slot of EMAIL_SLOTS) {
    const address = normalizeEmail(input[slot] ?? '');
    if (address === '') continue;
    if (seen.has(address)) repeated.add(address);
    seen.add(address);
  }
  return [...repeated];
}

function isIssue(x: unknown): x is FieldIssue {
  return typeof x === 'object' && x !== null && 'code' in x && 'messages' in x;
}

function issue(field: EmployeeField, code: string, messages: Messages): FieldIssue {
  return { field, code, messages };
}

/** A trimmed string, '' for null/undefined, or an INVALID_TYPE issue for anything else. */
function readText(field: EmployeeField, v: unknown): string | FieldIssue {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  const { ja, en } = FIELD_LABELS[field];
  return issue(field, 'INVALID_TYPE', { ja: `${ja}は文字列で指定してください。`, en: `${en} must be a string.` });
}

// Counts code points, so a 𠮷 (surrogate pair) is one character as the user sees it.
function charCount(s: string): number {
  if (s.length <= 1) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const TEXT_PROBLEMS: Record<TextProblem, { code: string; ja: string; en: string }> = {
  'ill-formed': { code: 'INVALID_CHARACTERS', ja: 'に壊れた文字（対になっていないサロゲート）が含まれています。', en: ' contains a broken character (an unpaired surrogate).' },
  'bidi-control': { code: 'INVALID_CHARACTERS', ja: 'に文字の向きを変える制御文字（U+202E など）は使えません。', en: ' must not contain text-direction controls (such as U+202E).' },
  'invisible-only': { code: 'INVISIBLE_ONLY', ja: 'がゼロ幅スペースなどの見えない文字だけになっています。', en: ' consists only of invisible characters (such as zero-width spaces).' },
};

function textIssue(field: EmployeeField, problem: TextProblem): FieldIssue {
  const { ja, en } = FIELD_LABELS[field];
  const { code, ja: jaTail, en: enTail } = TEXT_PROBLEMS[problem];
  return issue(field, code, { ja: `${ja}${jaTail}`, en: `${en}${enTail}` });
}

function required(field: EmployeeField): FieldIssue {
  const { ja, en } = FIELD_LABELS[field];
  return issue(field, 'REQUIRED', { ja: `${ja}は必須です。`, en: `${en} is required.` });
}

function tooLong(field: EmployeeField, max: number): FieldIssue {
  const { ja, en } = FIELD_LABELS[field];
  return issue(field, 'TOO_LONG', { ja: `${ja}は${max}文字以内で入力してください。`, en: `${en} must be at most ${max} characters.` });
}

function checkEmployeeCode(v: unknown): string | FieldIssue {
  if (typeof v === 'number') {
    // A number has already lost its leading zeros (0012 → 12), so guessing the code back is unsafe.
    return issue('employeeCode', 'INVALID_TYPE', {
      ja: '社員コードは数値ではなく文字列で指定してください（先頭の0が失われるため）。',
      en: 'Employee code must be a string, not a number (leading zeros would be lost).',
    });
  }
  const s = readText('employeeCode', v);
  if (isIssue(s)) return s;
  if (s === '') return required('employeeCode');
  if (s.length > EMPLOYEE_CODE_MAX) return tooLong('employeeCode', EMPLOYEE_CODE_MAX);
  if (!EMPLOYEE_CODE_CHARS.test(s)) {
    return issue('employeeCode', 'INVALID_CHARACTERS', {
      ja: '社員コードは半角英数字、ハイフン（-）、アンダースコア（_）で入力してください。',
      en: 'Employee code may contain only letters, digits, hyphens (-) and underscores (_).',
    });
  }
  return s;
}

function checkName(field: EmployeeField, v: unknown, isRequired: boolean, max = NAME_MAX): string | FieldIssue {
  const s = readText(field, v);
  if (isIssue(s)) return s;
  if (s === '') return isRequired ? required(field) : s;
  if (CONTROL_CHARS.test(s)) {
    const { ja, en } = FIELD_LABELS[field];
    return issue(field, 'INVALID_CHARACTERS', { ja: `${ja}に改行やタブなどの制御文字は使えません。`, en: `${en} must not contain line breaks, tabs or other control characters.` });
  }
  const problem = textProblem(s);
  if (problem) return textIssue(field, problem);
  if (charCount(s) > max) return tooLong(field, max);
  return s;
}

/** Half-width katakana and hiragana become full-width katakana; anything else is left for the check. */
function toFullWidthKatakana(s: string): string {
  return s
    .replace(HALF_WIDTH_KATAKANA, (run) => run.normalize('NFKC'))
    .replace(HIRAGANA, (c) => String.fromCharCode(c.charCodeAt(0) + HIRAGANA_TO_KATAKANA));
}

function checkKana(field: EmployeeField, v: unknown): string | FieldIssue {
  const s = readText(field, v);
  if (isIssue(s) || s === '') return s;
  const kana = toFullWidthKatakana(s);
  if (charCount(kana) > NAME_MAX) return tooLong(field, NAME_MAX);
  if (!KATAKANA_TEXT.test(kana)) {
    const { ja, en } = FIELD_LABELS[field];
    return issue(field, 'INVALID_KANA', { ja: `${ja}は全角カタカナで入力してください。`, en: `${en} must be written in full-width katakana.` });
  }
  return kana;
}

// A CSV preview validates thousands of rows against the same `now`; format it once.
let lastJapanDate = { ms: NaN, date: '' };

/** Today's date (YYYY-MM-DD) in Japan, where the company's calendar is. */
function japanDate(now: Date): string {
  const ms = now.getTime();
  if (ms !== lastJapanDate.ms) lastJapanDate = { ms, date: new Date(ms + JAPAN_OFFSET_MS).toISOString().slice(0, 10) };
  return lastJapanDate.date;
}

function checkBirthDate(v: unknown, now: Date): string | FieldIssue {
  const text = readText('birthDate', v);
  if (isIssue(text) || text === '') return text;
  // NFKC so that ２０００／１／２ typed with the IME reads the same as 2000/1/2.
  const m = DATE.exec(text.normalize('NFKC'));
  const iso = m ? calendarDate(Number(m[1]), Number(m[3]), Number(m[4])) : undefined;
  if (!iso) {
    return issue('birthDate', 'INVALID_DATE', {
      ja: '生年月日は YYYY-MM-DD 形式の実在する日付で入力してください。',
      en: 'Date of birth must be a real date in the form YYYY-MM-DD.',
    });
  }
  if (iso < EARLIEST_BIRTH_DATE) {
    return issue('birthDate', 'DATE_TOO_EARLY', { ja: '生年月日は1900年1月1日以降の日付で入力してください。', en: 'Date of birth must be on or after 1900-01-01.' });
  }
  if (iso > japanDate(now)) {
    return issue('birthDate', 'DATE_IN_FUTURE', { ja: '生年月日に未来の日付は指定できません。', en: 'Date of birth cannot be in the future.' });
  }
  return iso;
}

/**
 * Plausible, not RFC 5322: one @, a dotted domain, printable ASCII without spaces. Local parts
 * such as `taro..yamada.@` are RFC-invalid but were handed out by Japanese carriers, so they pass.
 */
export function isPlausibleEmail(address: string): boolean {
  if (!PRINTABLE_ASCII.test(address) || EMAIL_FORBIDDEN.test(address)) return false;
  const at = address.indexOf('@');
  if (at <= 0 || at !== address.lastIndexOf('@')) return false;
  const labels = address.slice(at + 1).split('.');
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label));
}

function checkEmail(slot: EmailSlot, v: unknown): string | FieldIssue {
  const s = readText(slot, v);
  if (isIssue(s) || s === '') return s;
  if (s.length > EMAIL_MAX) return tooLong(slot, EMAIL_MAX);
  if (!isPlausibleEmail(s)) {
    const { ja, en } = FIELD_LABELS[slot];
    return issue(slot, 'INVALID_EMAIL', {
      ja: `${ja}の形式が正しくありません。半角で入力してください（例: taro@example.co.jp）。`,
      en: `${en} is not a valid address (for example taro@example.co.jp).`,
    });
  }
  return s;
}

function checkLoginId(v: unknown): string | FieldIssue {
  const s = readText('loginId', v);
  if (isIssue(s) || s === '') return s;
  if (s.length > LOGIN_ID_MAX) return tooLong('loginId', LOGIN_ID_MAX);
  if (s.length < LOGIN_ID_MIN) {
    return issue('loginId', 'TOO_SHORT', { ja: `ログインIDは${LOGIN_ID_MIN}文字以上で入力してください。`, en: `Login ID must be at least ${LOGIN_ID_MIN} characters.` });
  }
  if (!LOGIN_ID_CHARS.test(s)) {
    return issue('loginId', 'INVALID_CHARACTERS', {
      ja: 'ログインIDは半角英数字と記号（. _ @ -）で入力してください。',
      en: 'Login ID may contain only letters, digits and . _ @ -',
    });
  }
  return s;
}

function checkRole(v: unknown): Role | FieldIssue {
  const s = readText('role', v);
  if (isIssue(s)) return s;
  if (s === '') return 'employee';
  if ((ROLES as readonly string[]).includes(s)) return s as Role;
  return issue('role', 'INVALID_ROLE', {
    ja: `権限は ${ROLES.join('、')} のいずれかを指定してください。`,
    en: `Role must be one of ${ROLES.join(', ')}.`,
  });
}

function checkAccountKind(v: unknown): AccountKind | FieldIssue {
  const s = readText('accountKind', v);
  if (isIssue(s)) return s;
  if (s === '') return 'internal';
  if ((ACCOUNT_KINDS as readonly string[]).includes(s)) return s as AccountKind;
  return issue('accountKind', 'INVALID_ACCOUNT_KIND', {
    ja: 'アカウント種別は internal（従業員・管理アカウント）または external（外部アカウント）を指定してください。',
    en: 'Account kind must be internal (employee or admin account) or external (partner account).',
  });
}

function checkEnabled(v: unknown): boolean | FieldIssue {
  if (v === undefined || v === null) return true;
  if (typeof v === 'boolean') return v;
  return issue('enabled', 'INVALID_TYPE', { ja: '有効は true または false で指定してください。', en: 'Enabled must be true or false.' });
}
