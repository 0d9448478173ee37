import { badRequest } from '../../shared/errors.js';
import { fromSpreadsheetCell } from '../../shared/spreadsheet-cell.js';

/** One CSV record and the 1-based line of the file it starts on. */
export interface CsvRow {
  line: number;
  cells: string[];
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** More cells than any employee file needs (14 columns, and the empty ones Excel leaves after them). */
export const MAX_CSV_COLUMNS = 200;

/**
 * RFC 4180 with the leniency of Excel: CRLF, LF or CR line ends, quoted fields with `""` escapes
 * and line breaks, text after a closing quote kept. A final line break adds no empty record.
 * Cells in Excel's `="0012"` and `'=…` forms are unwrapped. Throws DomainError 400
 * `CSV_MALFORMED` naming the line where an unclosed quoted field starts, and
 * `CSV_TOO_MANY_COLUMNS` as soon as one record has more than `maxColumns` cells.
 */
export function parseCsv(text: string, maxColumns = MAX_CSV_COLUMNS): CsvRow[] {
  return [...readCsv(text, maxColumns)];
}

/**
 * parseCsv one record at a time, so that a reader can stop (a row limit) before the rest of a
 * hostile file is even split; `blankRows: 'skip'` drops records whose cells are all blank without
 * keeping them, which is what millions of empty lines cost nothing with.
 */
export function* readCsv(text: string, maxColumns = MAX_CSV_COLUMNS, blankRows: 'keep' | 'skip' = 'keep'): Generator<CsvRow> {
  const end = text.length;
  let pos = 0;
  let line = 1;
  while (pos < end) {
    const row: CsvRow = { line, cells: [] };
    for (;;) {
      let cell: string;
      if (text.charCodeAt(pos) === QUOTE) {
        const quoted = readQuoted(text, pos + 1, line);
        line = quoted.line;
        const after = scanUnquoted(text, quoted.next);
        cell = after > quoted.next ? quoted.value + text.slice(quoted.next, after) : quoted.value;
        pos = after;
      } else {
        const stop = scanUnquoted(text, pos);
        cell = text.slice(pos, stop);
        pos = stop;
      }
      if (row.cells.length === maxColumns) throw tooManyColumns(row.line, maxColumns);
      row.cells.push(fromSpreadsheetCell(cell));
      const c = text.charCodeAt(pos);
      if (c === COMMA) {
        pos++;
        continue;
      }
      if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      else if (c === LF) pos++;
      line++;
      break;
    }
    if (blankRows === 'skip' && isBlankRow(row.cells)) continue;
    yield row;
  }
}

/** A record whose cells are all empty or spaces: a blank line, or `,,` left by a spreadsheet. */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function tooManyColumns(line: number, max: number) {
  return badRequest(
    'CSV_TOO_MANY_COLUMNS',
    { ja: `${line}行目の列が多すぎます（${max}列まで）。区切り文字がコンマ（,）か確認してください。`, en: `Line ${line} has too many columns (at most ${max}). Check that the separator is a comma (,).` },
    { line, max },
  );
}

/** The index of the next comma or line break at or after `pos`, or the end of the text. */
function scanUnquoted(text: string, pos: number): number {
  const end = text.length;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === COMMA || c === CR || c === LF) return pos;
    pos++;
  }
  return end;
}

/** Reads a quoted field from just after its opening quote; jumps quote to quote with indexOf. */
function readQuoted(text: string, from: number, startLine: number): { value: string; next: number; line: number } {
  let value = '';
  let line = startLine;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) throw unclosedQuote(startLine);
    line += countLineBreaks(text, from, quote);
    if (text.charCodeAt(quote + 1) === QUOTE) {
      value += text.slice(from, quote + 1);
      from = quote + 2;
      continue;
    }
    value += text.slice(from, quote);
    return { value, next: quote + 1, line };
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) breaks++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) breaks++;
  }
  return breaks;
}

function unclosedQuote(line: number) {
  return badRequest(
    'CSV_MALFORMED',
    {
      ja: `${line}行目から始まる、ダブルクォート（"）で囲まれた項目が閉じられていません。`,
      en: `The quoted field that starts on line ${line} is never closed.`,
    },
    { line },
  );
}
