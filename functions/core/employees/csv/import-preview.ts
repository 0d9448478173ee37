import { badRequest, type Messages } from '../../shared/errors.js';
import { EMAIL_SLOTS, fullName, normalizeEmail, type EmailSlot, type Employee, type EmployeeInput } from '../employee.js';
import { duplicateAddressesWithin, EMPLOYEE_FIELDS, validateEmployeeFields, type EmployeeField } from '../validate.js';
import { csvRowToRaw, mapCsvHeader, type ColumnMap } from './columns.js';
import { isBlankRow, MAX_CSV_COLUMNS, readCsv, type CsvRow } from './parse.js';

export const MAX_IMPORT_ROWS = 10_000;

/** A problem on one line of the file (the header is line 1). */
export interface ImportIssue {
  line: number;
  field?: string;
  code: string;
  messages: Messages;
}

/**
 * A stored, live employee as the preview compares against it. The other fields are optional:
 * when present, an update keeps them for columns the file does not have.
 */
export type ExistingEmployee = Pick<Employee, 'id' | 'employeeCode' | 'familyName' | 'givenName' | EmailSlot | 'loginId'> & Partial<EmployeeInput>;

/** A row without errors, as it would be saved. */
export interface PreviewRow {
  line: number;
  action: 'create' | 'update';
  employeeId?: string;
  value: EmployeeInput;
}

export interface ImportPreview {
  /** Data rows in the file (blank rows not counted). */
  total: number;
  creates: number;
  updates: number;
  /** The fields the file has columns for. */
  fields: EmployeeField[];
  /** Only rows without errors. */
  rows: PreviewRow[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

interface CheckedRow {
  line: number;
  /** The fields of the row that passed validation. */
  value: Partial<EmployeeInput>;
  target: ExistingEmployee | undefined;
  ok: boolean;
}

interface ExistingIndex {
  byCode: Map<string, ExistingEmployee>;
  byLoginId: Map<string, ExistingEmployee>;
  byAddress: Map<string, Array<{ employee: ExistingEmployee; slot: EmailSlot }>>;
}

/**
 * Checks a parsed CSV (header row first) against the company's live employees without saving
 * anything. A row whose 社員コード matches an employee updates it; other rows create one.
 * Errors: field rules, a code or login ID repeated in the file, a login ID held by another
 * employee. Warnings: an address repeated within a row, across rows, or held by another employee.
 * Throws DomainError 400 `CSV_EMPTY`, `CSV_TOO_MANY_ROWS` or `CSV_HEADER`.
 */
export function previewImport({ rows, existing, now = new Date() }: { rows: Iterable<CsvRow>; existing: readonly ExistingEmployee[]; now?: Date }): ImportPreview {
  const { header, columns, data } = readRows(rows);

  const fields = [...new Set(columns.filter((f): f is EmployeeField => f !== undefined))];
  const index = indexExisting(existing);
  const errors: ImportIssue[] = [];
  const checked: CheckedRow[] = [];
  const lineByCode = new Map<string, number>();
  const lineByLoginId = new Map<string, number>();

  for (const { line, cells } of data) {
    const { raw, issues: cellIssues, strayCells } = csvRowToRaw(columns, cells);
    const { value, issues } = validateEmployeeFields(raw, { now });
    const rowErrors: ImportIssue[] = [...cellIssues, ...issues].map((i) => ({ line, ...i }));
    if (strayCells > 0) rowErrors.push(strayCellsError(line, strayCells));

    const code = value.employeeCode;
    const target = code === undefined ? undefined : index.byCode.get(code);
    if (code !== undefined) {
      const earlier = lineByCode.get(code);
      if (earlier !== undefined) rowErrors.push(codeRepeated(line, code, earlier));
      else lineByCode.set(code, line);
    }
    const loginId = value.loginId;
    if (loginId) {
      // Login IDs are unique regardless of case, as the store keys them.
      const key = loginId.toLowerCase();
      const earlier = lineByLoginId.get(key);
      if (earlier !== undefined) rowErrors.push(loginIdRepeated(line, loginId, earlier));
      else lineByLoginId.set(key, line);
      const holder = index.byLoginId.get(key);
      if (holder && holder.id !== target?.id) rowErrors.push(loginIdTaken(line, loginId, holder));
    }
    errors.push(...rowErrors);
    checked.push({ line, value, target, ok: rowErrors.length === 0 });
  }

  const good = checked.filter((row) => row.ok);
  const updatedIds = new Set(good.flatMap((row) => (row.target ? [row.target.id] : [])));
  const absentFields = EMPLOYEE_FIELDS.filter((field) => !fields.includes(field));
  const previewRows = good.map((row) => toPreviewRow(row, absentFields));
  const creates = previewRows.filter((row) => row.action === 'create').length;
  return {
    total: data.length,
    creates,
    updates: previewRows.length - creates,
    fields,
    rows: previewRows,
    errors,
    warnings: addressWarnings(checked, index, updatedIds, new Set(fields)),
  };
}

/**
 * The header and data rows of a CSV file, blank rows dropped: the header is checked, and the row
 * and column limits stop the reading where they are passed (7 MB of line breaks cost nothing).
 * Throws like previewImport.
 */
export function readImportRows(text: string): CsvRow[] {
  const { header, data } = readRows(readCsv(text, MAX_CSV_COLUMNS, 'skip'));
  return [header, ...data];
}

/**
 * The header and the data rows, read lazily (readCsv): the header is checked first, and the row
 * limit stops the reading at the row past it, not after the whole file is split.
 */
function readRows(rows: Iterable<CsvRow>): { header: CsvRow; columns: ColumnMap; data: CsvRow[] } {
  let header: CsvRow | undefined;
  let columns: ColumnMap = [];
  const data: CsvRow[] = [];
  for (const row of rows) {
    if (isBlankRow(row.cells)) continue;
    if (!header) {
      header = row;
      columns = mapCsvHeader(row.cells, row.line);
      continue;
    }
    if (data.length === MAX_IMPORT_ROWS) throw tooManyRows();
    data.push(row);
  }
  if (!header) throw emptyFile();
  if (data.length === 0) throw noDataRows();
  return { header, columns, data };
}

function indexExisting(existing: readonly ExistingEmployee[]): ExistingIndex {
  const index: ExistingIndex = { byCode: new Map(), byLoginId: new Map(), byAddress: new Map() };
  for (const employee of existing) {
    index.byCode.set(employee.employeeCode, employee);
    if (employee.loginId) index.byLoginId.set(employee.loginId.toLowerCase(), employee);
    for (const slot of EMAIL_SLOTS) {
      const address = normalizeEmail(employee[slot] ?? '');
      if (address === '') continue;
      const holders = index.byAddress.get(address);
      if (holders) holders.push({ employee, slot });
      else index.byAddress.set(address, [{ employee, slot }]);
    }
  }
  return index;
}

function toPreviewRow(row: CheckedRow, absentFields: readonly EmployeeField[]): PreviewRow {
  const value = { ...row.value } as EmployeeInput;
  const { target } = row;
  if (!target) return { line: row.line, action: 'create', value };
  // A column the file leaves out must not reset the stored value to its default (e.g. an admin to 一般).
  for (const field of absentFields) {
    if (target[field] !== undefined) Object.assign(value, { [field]: target[field] });
  }
  return { line: row.line, action: 'update', employeeId: target.id, value };
}

/**
 * The three address warnings of the help pages. An employee the file updates is judged by its
 * row, not by what is stored, for every address column the file has: moving an address from one
 * employee to another in the same file is then no warning.
 */
function addressWarnings(rows: readonly CheckedRow[], index: ExistingIndex, updatedIds: ReadonlySet<string>, fileFields: ReadonlySet<EmployeeField>): ImportIssue[] {
  const warnings: ImportIssue[] = [];
  const firstRowByAddress = new Map<string, CheckedRow>();
  for (const row of rows) {
    const slots = { email1: row.value.email1 ?? '', email2: row.value.email2 ?? '', email3: row.value.email3 ?? '' };
    for (const address of duplicateAddressesWithin(slots)) {
      const repeatedSlot = EMAIL_SLOTS.filter((s) => normalizeEmail(slots[s]) === address)[1];
      warnings.push(addressRepeatedInRow(row.line, repeatedSlot, slots[repeatedSlot!]));
    }
    const seenInRow = new Set<string>();
    for (const slot of EMAIL_SLOTS) {
      const typed = slots[slot];
      const address = normalizeEmail(typed);
      if (address === '' || seenInRow.has(address)) continue;
      seenInRow.add(address);

      const other = firstRowByAddress.get(address);
      if (other) warnings.push(addressInOtherRow(row.line, slot, typed, other));
      else firstRowByAddress.set(address, row);

      const warned = new Set<string>();
      for (const { employee, slot: heldIn } of index.byAddress.get(address) ?? []) {
        if (employee.id === row.target?.id || warned.has(employee.id)) continue;
        if (updatedIds.has(employee.id) && fileFields.has(heldIn)) continue;
        warned.add(employee.id);
        warnings.push(addressHeldByEmployee(row.line, slot, typed, employee));
      }
    }
  }
  return warnings;
}

function emptyFile() {
  return badRequest('CSV_EMPTY', { ja: 'CSV ファイルが空です。', en: 'The CSV file is empty.' });
}

function noDataRows() {
  return badRequest('CSV_EMPTY', {
    ja: '取り込む行がありません。見出し行の下に、社員を1人1行で入力してください。',
    en: 'There are no rows to import. Put one employee per line below the header row.',
  });
}

function tooManyRows() {
  const max = MAX_IMPORT_ROWS.toLocaleString('en-US');
  return badRequest(
    'CSV_TOO_MANY_ROWS',
    {
      ja: `行数が多すぎます（${max}行を超えています）。一度に取り込めるのは${max}行までです。ファイルを分けてアップロードしてください。`,
      en: `Too many rows (more than ${max}). At most ${max} rows can be imported at once; split the file.`,
    },
    { max: MAX_IMPORT_ROWS },
  );
}

function strayCellsError(line: number, count: number): ImportIssue {
  return {
    line,
    code: 'UNEXPECTED_CELLS',
    messages: {
      ja: `見出しのない列に値があります（${count}個）。値にコンマ（,）を含む場合は、ダブルクォート（"）で囲んでください。`,
      en: `${count} value(s) are in columns without a header. Put values that contain a comma in double quotes (").`,
    },
  };
}

function codeRepeated(line: number, code: string, earlierLine: number): ImportIssue {
  return {
    line,
    field: 'employeeCode',
    code: 'EMPLOYEE_CODE_DUPLICATE_IN_FILE',
    messages: {
      ja: `社員コード「${code}」は${earlierLine}行目にもあります。同じ社員コードは1行にまとめてください。`,
      en: `Employee code ${code} is also on line ${earlierLine}; each code may appear only once.`,
    },
  };
}

function loginIdRepeated(line: number, loginId: string, earlierLine: number): ImportIssue {
  return {
    line,
    field: 'loginId',
    code: 'LOGIN_ID_DUPLICATE_IN_FILE',
    messages: {
      ja: `ログインID「${loginId}」は${earlierLine}行目でも使われています。`,
      en: `Login ID ${loginId} is also used on line ${earlierLine}.`,
    },
  };
}

function loginIdTaken(line: number, loginId: string, holder: ExistingEmployee): ImportIssue {
  return {
    line,
    field: 'loginId',
    code: 'LOGIN_ID_TAKEN',
    messages: {
      ja: `ログインID「${loginId}」は登録済みの社員（社員コード ${holder.employeeCode} ${fullName(holder)}）が使っています。`,
      en: `Login ID ${loginId} is already used by employee ${holder.employeeCode} (${fullName(holder)}).`,
    },
  };
}

function addressRepeatedInRow(line: number, field: EmailSlot | undefined, typed: string): ImportIssue {
  return {
    line,
    field,
    code: 'EMAIL_DUPLICATE_IN_ROW',
    messages: {
      ja: `メールアドレス「${typed}」が同じ行に2回以上入力されています。`,
      en: `The address ${typed} is entered more than once in this row.`,
    },
  };
}

function addressInOtherRow(line: number, field: EmailSlot, typed: string, other: CheckedRow): ImportIssue {
  const code = other.value.employeeCode;
  return {
    line,
    field,
    code: 'EMAIL_DUPLICATE_IN_FILE',
    messages: {
      ja: `メールアドレス「${typed}」は${other.line}行目${code ? `（社員コード ${code}）` : ''}にもあります。`,
      en: `The address ${typed} is also on line ${other.line}${code ? ` (employee code ${code})` : ''}.`,
    },
  };
}

function addressHeldByEmployee(line: number, field: EmailSlot, typed: string, holder: ExistingEmployee): ImportIssue {
  return {
    line,
    field,
    code: 'EMAIL_DUPLICATE_EXISTING',
    messages: {
      ja: `メールアドレス「${typed}」は登録済みの社員（社員コード ${holder.employeeCode} ${fullName(holder)}）が使っています。`,
      en: `The address ${typed} is already used by employee ${holder.employeeCode} (${fullName(holder)}).`,
    },
  };
}
