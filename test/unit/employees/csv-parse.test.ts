import { describe, expect, it } from 'vitest';
import { MAX_CSV_COLUMNS, parseCsv, readCsv } from '../../../functions/core/employees/csv/parse.js';
import { domainErrorOf } from './helpers.js';

const cellsOf = (text: string) => parseCsv(text).map((r) => r.cells);

describe('parseCsv', () => {
  it('splits records on CRLF, LF or CR and numbers their lines', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
      { line: 4, cells: ['g', 'h'] },
    ]);
  });

  it('ignores the line break at the end of the file', () => {
    expect(cellsOf('a,b\r\n')).toEqual([['a', 'b']]);
    expect(cellsOf('a,b\n')).toEqual([['a', 'b']]);
    expect(cellsOf('')).toEqual([]);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(cellsOf(',a,,\n')).toEqual([['', 'a', '', '']]);
  });

  it('keeps a blank line in the middle as a record of one empty cell', () => {
    expect(parseCsv('a\n\nb\n')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['b'] },
    ]);
  });

  it('reads quoted cells with commas, "" escapes and line breaks', () => {
    expect(cellsOf('"東京, 本社","say ""hi""","1行目\r\n2行目",""\r\n')).toEqual([['東京, 本社', 'say "hi"', '1行目\r\n2行目', '']]);
  });

  it('numbers lines after a quoted cell with line breaks by where each record starts', () => {
    const rows = parseCsv('h1,h2\r\n"a\r\nb\nc\rd",x\r\ne,f\r\n"""\n""",y\ng,h');
    expect(rows.map((r) => r.line)).toEqual([1, 2, 6, 7, 9]);
    expect(rows[1]!.cells).toEqual(['a\r\nb\nc\rd', 'x']);
    expect(rows[3]!.cells).toEqual(['"\n"', 'y']);
  });

  it('keeps text after a closing quote, and a quote inside an unquoted cell, as Excel does', () => {
    expect(cellsOf('"ab"c,d"e"f')).toEqual([['abc', 'd"e"f']]);
  });

  it('names the line where an unclosed quoted cell starts', () => {
    const error = domainErrorOf(() => parseCsv('a,b\nc,d\ne,"never closed\nmore\n'), 400, 'CSV_MALFORMED');
    expect(error.details).toEqual({ line: 3 });
    expect(error.messages.ja).toContain('3行目');
    expect(error.messages.en).toContain('line 3');
  });

  it('refuses a file that ends inside a quoted cell after an escaped quote', () => {
    domainErrorOf(() => parseCsv('"abc""'), 400, 'CSV_MALFORMED');
  });

  it('unwraps Excel’s ="0012" text formula, quoted or not', () => {
    expect(cellsOf('="0012",X,"=""007""",="",="a"b"\n')).toEqual([['0012', 'X', '007', '', '="a"b"']]);
  });

  it('removes the apostrophe that neutralized a formula, and only that one', () => {
    expect(cellsOf("'=SUM(A1),'-営業,'@x,'+1,''=x,'abc,=1+1\n")).toEqual([['=SUM(A1)', '-営業', '@x', '+1', "'=x", "'abc", '=1+1']]);
  });

  it('reads 10,000 rows of 14 columns', () => {
    const lines = ['社員コード,姓,名,姓（カナ）,名（カナ）,所属事業所,所属部署,生年月日,メールアドレス1,メールアドレス2,メールアドレス3,ログインID,権限,有効'];
    for (let i = 1; i <= 10_000; i++) {
      const code = String(i).padStart(6, '0');
      lines.push(`="${code}",山田,太郎${i},ヤマダ,タロウ,"本社, 東京",営業部,1990/4/1,t${i}@example.co.jp,,,user${i},一般,1`);
    }
    const rows = parseCsv(`${lines.join('\r\n')}\r\n`);
    expect(rows).toHaveLength(10_001);
    expect(rows.every((r) => r.cells.length === 14)).toBe(true);
    expect(rows[10_000]).toEqual({
      line: 10_001,
      cells: ['010000', '山田', '太郎10000', 'ヤマダ', 'タロウ', '本社, 東京', '営業部', '1990/4/1', 't10000@example.co.jp', '', '', 'user10000', '一般', '1'],
    });
  });

  it('refuses a record with more columns than any employee file has, while reading it', () => {
    expect(parseCsv(`${'a,'.repeat(MAX_CSV_COLUMNS - 1)}a\n`)[0]!.cells).toHaveLength(MAX_CSV_COLUMNS);
    const error = domainErrorOf(() => parseCsv(`h\n${'a,'.repeat(3_500_000)}`), 400, 'CSV_TOO_MANY_COLUMNS');
    expect(error.details).toEqual({ line: 2, max: MAX_CSV_COLUMNS });
  });
});

describe('readCsv', () => {
  it('yields records one at a time, so a reader can stop early', () => {
    const rows = readCsv('a\nb\nc\n');
    expect(rows.next().value).toEqual({ line: 1, cells: ['a'] });
    expect(rows.next().value).toEqual({ line: 2, cells: ['b'] });
  });

  it('skips blank records without keeping them, keeping the line numbers of the rest', () => {
    expect([...readCsv('a\n\n,,\n \nb\n', MAX_CSV_COLUMNS, 'skip')]).toEqual([
      { line: 1, cells: ['a'] },
      { line: 5, cells: ['b'] },
    ]);
    const millions = `h\n${'\n'.repeat(7 * 1024 * 1024)}x\n`;
    expect([...readCsv(millions, MAX_CSV_COLUMNS, 'skip')].map((r) => r.cells[0])).toEqual(['h', 'x']);
  });
});
