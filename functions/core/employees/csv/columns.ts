import { badRequest } from '../../shared/errors.js';
import type { AccountKind, Role } from '../employee.js';
import { EMPLOYEE_FIELDS, FIELD_LABELS, type EmployeeField, type FieldIssue } from '../validate.js';

/** The CSV columns in file order; the header is the Japanese field label. */
export const CSV_COLUMNS: ReadonlyArray<{ field: EmployeeField; header: string }> = EMPLOYEE_FIELDS.map((field) => ({
  field,
  header: FIELD_LABELS[field].ja,
}));

const REQUIRED_FIELDS: readonly EmployeeField[] = ['employeeCode', 'familyName', 'givenName'];

const ROLE_LABELS: Record<Role, string> = { employee: '一般', viewer: '閲覧者', admin: '管理者' };
const ROLE_CELLS = new Map<string, Role>(
  (Object.entries(ROLE_LABELS) as Array<[Role, string]>).flatMap(([role, label]) => [
    [label, role],
    [role, role],
  ]),
);
const ACCOUNT_KIND_LABELS: Record<AccountKind, string> = { internal: '従業員', external: '外部' };
const ACCOUNT_KIND_CELLS = new Map<string, AccountKind>(
  (Object.entries(ACCOUNT_KIND_LABELS) as Array<[AccountKind, string]>).flatMap(([kind, label]) => [
    [label, kind],
    [kind, kind],
  ]),
);
const ENABLED_CELLS = new Map<string, boolean>([
  ['1', true], ['0', false], ['はい', true], ['いいえ', false], ['有効', true], ['無効', false], ['true', true], ['false', false],
]);

/** Header text as compared: width-folded (NFKC turns （カナ） into (カナ)), spaces dropped, lower case. */
function headerKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const FIELD_BY_HEADER = new Map<string, EmployeeField>(
  CSV_COLUMNS.flatMap(({ field, header }) => [
    [headerKey(header), field],
    [headerKey(field), field],
  ]),
);

/** For each column of the file, the field it holds; undefined for a column with an empty header. */
export type ColumnMap = ReadonlyArray<EmployeeField | undefined>;

/**
 * Reads the header row. Accepts the Japanese headers (full- or half-width parentheses, spaces
 * ignored) and the English field names, in any order. Throws DomainError 400 `CSV_HEADER` listing
 * missing required, unknown and repeated headers.
 */
export function mapCsvHeader(cells: readonly string[], line = 1): ColumnMap {
  const columns: Array<EmployeeField | undefined> = [];
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<EmployeeField>();
  for (const cell of cells) {
    const key = headerKey(cell);
    const field = key === '' ? undefined : FIELD_BY_HEADER.get(key);
    if (key !== '' && field === undefined) unknown.push(cell.trim());
    if (field !== undefined && seen.has(field)) repeated.push(cell.trim());
    if (field !== undefined) seen.add(field);
    columns.push(field);
  }
  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f)).map((f) => FIELD_LABELS[f].ja);
  if (missing.length + unknown.length + repeated.length > 0) throw headerError(line, missing, unknown, repeated);
  return columns;
}

/** An error names at most this many headers, each cut to ECHO_CHARS: a 7 MB header must not come back as a 14 MB answer. */
const ECHO_HEADERS = 10;
const ECHO_CHARS = 40;

/** Header cells as an error repeats them: the first few, each cut short, and how many were left out. */
function echoList(cells: readonly string[]): { shown: string[]; more: number } {
  const shown = cells.slice(0, ECHO_HEADERS).map((c) => {
    const chars = [...c.slice(0, ECHO_CHARS * 2)];
    return chars.length > ECHO_CHARS ? `${chars.slice(0, ECHO_CHARS).join('')}…` : chars.join('');
  });
  return { shown, more: Math.max(0, cells.length - ECHO_HEADERS) };
}

function listed(cells: readonly string[], lang: 'ja' | 'en'): string {
  const { shown, more } = echoList(cells);
  const list = shown.join(lang === 'ja' ? '、' : ', ');
  if (more === 0) return list;
  return lang === 'ja' ? `${list} ほか${more}件` : `${list} and ${more} more`;
}

function headerError(line: number, missing: string[], unknownCells: string[], repeatedCells: string[]) {
  const unknown = echoList(unknownCells).shown;
  const repeated = echoList(repeatedCells).shown;
  const ja: string[] = [];
  const en: string[] = [];
  if (missing.length) {
    ja.push(`必須の列がありません: ${missing.join('、')}。`);
    en.push(`Required columns are missing: ${missing.join(', ')}.`);
  }
  if (unknown.length) {
    ja.push(`不明な列があります: ${listed(unknownCells, 'ja')}。`);
    en.push(`Unknown columns: ${listed(unknownCells, 'en')}.`);
  }
  if (repeated.length) {
    ja.push(`同じ列が重複しています: ${listed(repeatedCells, 'ja')}。`);
    en.push(`Repeated columns: ${listed(repeatedCells, 'en')}.`);
  }
  const expected = CSV_COLUMNS.map((c) => c.header);
  return badRequest(
    'CSV_HEADER',
    {
      ja: `${line}行目の見出しに誤りがあります。${ja.join('')}使える見出しは ${expected.join('、')} です。`,
      en: `The header row (line ${line}) is not valid. ${en.join(' ')} Valid headers: ${expected.join(', ')}.`,
    },
    { line, missing, unknown, repeated, expected },
  );
}

/** The CSV form of a role: 一般, 閲覧者 or 管理者. */
export function roleToCsv(role: Role): string {
  return ROLE_LABELS[role];
}

/** The CSV form of an account kind: 従業員 or 外部. */
export function accountKindToCsv(kind: AccountKind): string {
  return ACCOUNT_KIND_LABELS[kind];
}

/** The CSV form of 有効: 1 or 0. */
export function enabledToCsv(enabled: boolean): string {
  return enabled ? '1' : '0';
}

/**
 * Turns one data row into the raw object validateEmployeeInput reads. Fields whose column is
 * absent are left out (so the validator's defaults apply). 権限 and 有効 cells are translated
 * here; a cell that cannot be is reported as an issue and left out. `strayCells` counts
 * non-empty cells beyond the header or under an empty header.
 */
export function csvRowToRaw(columns: ColumnMap, cells: readonly string[]): { raw: Record<string, unknown>; issues: FieldIssue[]; strayCells: number } {
  const raw: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  let strayCells = 0;
  // A short row leaves its remaining columns empty, as if their cells were.
  const width = Math.max(cells.length, columns.length);
  for (let i = 0; i < width; i++) {
    const cell = cells[i] ?? '';
    const field = columns[i];
    if (field === undefined) {
      if (cell.trim() !== '') strayCells++;
    } else if (field === 'role') {
      const role = roleFromCell(cell);
      if (role === undefined) issues.push(invalidRole());
      else raw.role = role;
    } else if (field === 'accountKind') {
      const kind = accountKindFromCell(cell);
      if (kind === undefined) issues.push(invalidAccountKind());
      else raw.accountKind = kind;
    } else if (field === 'enabled') {
      const enabled = enabledFromCell(cell);
      if (enabled === undefined) issues.push(invalidEnabled());
      else raw.enabled = enabled;
    } else {
      raw[field] = cell;
    }
  }
  return { raw, issues, strayCells };
}

function cellKey(cell: string): string {
  return cell.normalize('NFKC').trim().toLowerCase();
}

function roleFromCell(cell: string): Role | undefined {
  const key = cellKey(cell);
  return key === '' ? 'employee' : ROLE_CELLS.get(key);
}

function accountKindFromCell(cell: string): AccountKind | undefined {
  const key = cellKey(cell);
  return key === '' ? 'internal' : ACCOUNT_KIND_CELLS.get(key);
}

function invalidAccountKind(): FieldIssue {
  return {
    field: 'accountKind',
    code: 'INVALID_ACCOUNT_KIND',
    messages: { ja: 'アカウント種別は「従業員」または「外部」を入力してください。', en: 'Account kind must be 従業員 (employee) or 外部 (external).' },
  };
}

function enabledFromCell(cell: string): boolean | undefined {
  const key = cellKey(cell);
  return key === '' ? true : ENABLED_CELLS.get(key);
}

function invalidRole(): FieldIssue {
  return {
    field: 'role',
    code: 'INVALID_ROLE',
    messages: { ja: '権限は「一般」「閲覧者」「管理者」のいずれかを入力してください。', en: 'Role must be 一般 (employee), 閲覧者 (viewer) or 管理者 (admin).' },
  };
}

function invalidEnabled(): FieldIssue {
  return {
    field: 'enabled',
    code: 'INVALID_ENABLED',
    messages: { ja: '有効は 1（有効）または 0（無効）で入力してください。', en: 'Enabled must be 1 (enabled) or 0 (disabled).' },
  };
}
