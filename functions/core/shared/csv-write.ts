import { excelWouldConvert, neutralizeFormula, textFormula } from './spreadsheet-cell.js';

// Excel opens a UTF-8 CSV as UTF-8 only when it starts with a BOM; without one it assumes Shift_JIS.
const BOM = '\uFEFF';
const CRLF = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/** A CSV Excel opens as is: UTF-8 with BOM, CRLF. Rows hold cells already made with `csvCell`. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [header.map(quoteIfNeeded).join(',')];
  for (const row of rows) lines.push(row.join(','));
  return BOM + lines.join(CRLF) + CRLF;
}

/**
 * One data cell, safe for spreadsheets: values Excel would turn into numbers or dates (0012,
 * 1990-04-01) are written as `="…"`, and cells that would run as formulas get a leading
 * apostrophe; parseCsv undoes both.
 */
export function csvCell(value: string): string {
  // The text-formula form holds only digits and separators, so it needs no CSV quoting.
  if (excelWouldConvert(value)) return textFormula(value);
  return quoteIfNeeded(neutralizeFormula(value));
}

function quoteIfNeeded(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
