import type { EmployeeInput } from '../employee.js';
import type { EmployeeField } from '../validate.js';
import { CSV_COLUMNS, enabledToCsv, roleToCsv } from './columns.js';
import { excelWouldConvert, neutralizeFormula, textFormula } from './spreadsheet-cell.js';

// Excel opens a UTF-8 CSV as UTF-8 only when it starts with a BOM; without one it assumes Shift_JIS.
const BOM = '\uFEFF';
const CRLF = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * All employees as a CSV Excel opens as is: UTF-8 with BOM, CRLF, the Japanese header row.
 * Values Excel would turn into numbers or dates (0012, 1990-04-01) are written as `="…"`,
 * and cells that would run as formulas get a leading apostrophe. parseCsv undoes both.
 */
export function employeesToCsv(employees: readonly EmployeeInput[]): string {
  const lines = [CSV_COLUMNS.map((c) => quoteIfNeeded(c.header)).join(',')];
  for (const employee of employees) {
    lines.push(CSV_COLUMNS.map(({ field }) => cellOf(employee, field)).join(','));
  }
  return BOM + lines.join(CRLF) + CRLF;
}

function cellOf(employee: EmployeeInput, field: EmployeeField): string {
  if (field === 'role') return roleToCsv(employee.role);
  if (field === 'enabled') return enabledToCsv(employee.enabled);
  const value = employee[field];
  // The text-formula form holds only digits and separators, so it needs no CSV quoting.
  if (excelWouldConvert(value)) return textFormula(value);
  return quoteIfNeeded(neutralizeFormula(value));
}

function quoteIfNeeded(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
