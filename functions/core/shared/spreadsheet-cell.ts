// How a value survives a trip through Excel, and back. The exporter writes these forms and the
// parser undoes them, so an export re-imported unchanged gives back exactly the same values.

// Digits with the separators Excel reads as a number, a date or a time (0012 → 12, 1-2 → 1月2日).
const EXCEL_WOULD_CONVERT = /^[0-9+\-./:%][0-9eE+\-./:%]*$/;
const HAS_DIGIT = /[0-9]/;
// A cell starting with one of these is run as a formula by spreadsheets (CSV injection).
const FORMULA_START = /^'*[=+\-@]/;
const ESCAPED_FORMULA_START = /^'+[=+\-@]/;

/** True when Excel would turn the value into a number or date and so lose its exact text. */
export function excelWouldConvert(value: string): boolean {
  return EXCEL_WOULD_CONVERT.test(value) && HAS_DIGIT.test(value);
}

/** `="0012"`: Excel shows the text as is, leading zeros included. Only for values without quotes. */
export function textFormula(value: string): string {
  return `="${value}"`;
}

/**
 * A leading apostrophe keeps spreadsheets from running the cell as a formula. Values that already
 * start with apostrophes before a formula character get one more, so stripping one on import is exact.
 */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes textFormula or neutralizeFormula on a parsed cell; any other cell is returned unchanged. */
export function fromSpreadsheetCell(cell: string): string {
  if (cell.length >= 3 && cell.startsWith('="') && cell.endsWith('"')) {
    const inner = cell.slice(2, -1);
    if (!inner.includes('"')) return inner;
  }
  return ESCAPED_FORMULA_START.test(cell) ? cell.slice(1) : cell;
}
