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

/**
 * RFC 4180 with the leniency of Excel: CRLF, LF or CR line ends, quoted fields with `""` escapes
 * and line breaks, text after a closing quote kept. A final line break adds no empty record.
 * Cells in Excel's `="0012"` and `'=…` forms are unwrapped. Throws DomainError 400
 * `CSV_MALFORMED` naming the line where an unclosed quoted field starts.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
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
    rows.push(row);
  }
  return rows;
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
