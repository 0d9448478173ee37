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

/**
 * A data cell Excel opens as exactly this text, without a formula: a value Excel would turn into
 * a number or date (012345 → 12345) gets a leading tab, which stops the conversion and prints as
 * nothing; `="012345"` would keep the zeros too, but is a formula (DESIGN.md §5b). Formula starts
 * are neutralized as in `csvCell`. Tab-led cells hold only digits and separators after the tab,
 * so they never run as formulas either.
 */
export function csvTextCell(value: string): string {
  if (excelWouldConvert(value)) return `"\t${value}"`;
  return quoteIfNeeded(neutralizeFormula(value));
}

export function quoteIfNeeded(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}
