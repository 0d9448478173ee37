import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../functions/core/employees/csv/decode.js';
import { domainErrorOf } from './helpers.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Array<Uint8Array | number[]>) => Uint8Array.from(parts.flatMap((p) => [...p]));

// Shift_JIS bytes written out by hand (what Excel's 「CSV (コンマ区切り)」 saves).
const SJIS = {
  社員コード: [0x8e, 0xd0, 0x88, 0xf5, 0x83, 0x52, 0x81, 0x5b, 0x83, 0x68],
  姓: [0x90, 0xa9],
  名: [0x96, 0xbc],
  山田: [0x8e, 0x52, 0x93, 0x63],
  // 髙 and 﨑 exist only in Windows-31J (CP932): IBM extension rows FA–FC ...
  髙橋_ibm: [0xfb, 0xfc, 0x8b, 0xb4],
  山﨑_ibm: [0x8e, 0x52, 0xfa, 0xb1],
  // ... and again in the NEC-selected IBM extension rows ED–EE, which some tools write instead.
  髙橋_nec: [0xee, 0xe0, 0x8b, 0xb4],
  山﨑_nec: [0x8e, 0x52, 0xed, 0x95],
  comma: [0x2c],
  crlf: [0x0d, 0x0a],
};

describe('decodeCsvBytes', () => {
  it('reads plain UTF-8', () => {
    expect(decodeCsvBytes(utf8('社員コード,姓,名\r\n0012,山田,太郎\r\n'), 'auto')).toEqual({ text: '社員コード,姓,名\r\n0012,山田,太郎\r\n', encoding: 'utf-8' });
  });

  it('strips the UTF-8 BOM Excel writes', () => {
    const decoded = decodeCsvBytes(concat([0xef, 0xbb, 0xbf], utf8('社員コード,姓')), 'auto');
    expect(decoded).toEqual({ text: '社員コード,姓', encoding: 'utf-8' });
    expect(decodeCsvBytes(concat([0xef, 0xbb, 0xbf], utf8('a')), 'utf-8').text).toBe('a');
  });

  it('falls back to Shift_JIS when the bytes are not UTF-8', () => {
    const bytes = concat(SJIS.社員コード, SJIS.comma, SJIS.姓, SJIS.comma, SJIS.名, SJIS.crlf, utf8('0012,'), SJIS.山田);
    expect(decodeCsvBytes(bytes, 'auto')).toEqual({ text: '社員コード,姓,名\r\n0012,山田', encoding: 'shift_jis' });
    expect(decodeCsvBytes(bytes, 'shift_jis').encoding).toBe('shift_jis');
  });

  it('reads 髙橋 and 山﨑 from an Excel (Windows-31J) file in both byte forms', () => {
    const ibm = decodeCsvBytes(concat(SJIS.髙橋_ibm, SJIS.comma, SJIS.山﨑_ibm), 'auto');
    expect(ibm).toEqual({ text: '髙橋,山﨑', encoding: 'shift_jis' });
    expect(ibm.text.codePointAt(0)).toBe(0x9ad9); // 髙, not 高
    expect(ibm.text.codePointAt(4)).toBe(0xfa11); // 﨑, not 崎
    expect(decodeCsvBytes(concat(SJIS.髙橋_nec, SJIS.comma, SJIS.山﨑_nec), 'shift_jis').text).toBe('髙橋,山﨑');
  });

  it('takes a file of plain ASCII as UTF-8', () => {
    expect(decodeCsvBytes(utf8('employeeCode,familyName\n'), 'auto').encoding).toBe('utf-8');
  });

  it('gives empty text for an empty upload (the preview reports it)', () => {
    expect(decodeCsvBytes(new Uint8Array(0), 'auto')).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('refuses Shift_JIS bytes when UTF-8 is forced, saying what to choose', () => {
    const error = domainErrorOf(() => decodeCsvBytes(Uint8Array.from(SJIS.社員コード), 'utf-8'), 400, 'CSV_ENCODING');
    expect(error.messages.ja).toContain('Shift_JIS');
    expect(error.details).toEqual({ reason: 'not_utf8' });
  });

  it('refuses a UTF-8 BOM file when Shift_JIS is forced', () => {
    const error = domainErrorOf(() => decodeCsvBytes(concat([0xef, 0xbb, 0xbf], utf8('社員コード')), 'shift_jis'), 400, 'CSV_ENCODING');
    expect(error.messages.ja).toContain('UTF-8 (BOM付き)');
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    const error = domainErrorOf(() => decodeCsvBytes(Uint8Array.from([0x41, 0xff, 0x41]), 'auto'), 400, 'CSV_ENCODING');
    expect(error.messages.ja).toBe('文字コードを判別できません。UTF-8 または Shift_JIS で保存した CSV ファイルを選んでください。');
    domainErrorOf(() => decodeCsvBytes(Uint8Array.from([0x41, 0xff, 0x41]), 'shift_jis'), 400, 'CSV_ENCODING');
  });

  it('tells the user to save an .xlsx workbook as CSV', () => {
    const xlsx = concat([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], utf8('[Content_Types].xml'));
    const error = domainErrorOf(() => decodeCsvBytes(xlsx, 'auto'), 400, 'CSV_ENCODING');
    expect(error.messages.ja).toContain('Excel ファイル (.xlsx) ではなく CSV で保存してください');
    expect(error.messages.en).toContain('Excel workbook (.xlsx)');
    domainErrorOf(() => decodeCsvBytes(xlsx, 'utf-8'), 400, 'CSV_ENCODING');
  });

  it('recognises an old .xls workbook and a UTF-16 「Unicode テキスト」 file', () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00, 0x00]);
    expect(domainErrorOf(() => decodeCsvBytes(xls, 'auto'), 400, 'CSV_ENCODING').details).toEqual({ reason: 'xls' });
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x3e, 0x79, 0x61, 0x54]);
    expect(domainErrorOf(() => decodeCsvBytes(utf16, 'auto'), 400, 'CSV_ENCODING').details).toEqual({ reason: 'utf16' });
  });

  it('refuses binary data such as a PNG', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const error = domainErrorOf(() => decodeCsvBytes(png, 'auto'), 400, 'CSV_ENCODING');
    expect(error.details).toEqual({ reason: 'binary' });
    expect(error.messages.ja).toContain('CSV ファイルではありません');
  });

  it('refuses a NUL byte even inside otherwise valid UTF-8 text', () => {
    domainErrorOf(() => decodeCsvBytes(concat(utf8('社員コード,姓,名\n'), [0x00], utf8('x')), 'auto'), 400, 'CSV_ENCODING');
  });
});
