import { badRequest, type Messages } from '../../shared/errors.js';

export type CsvEncoding = 'utf-8' | 'shift_jis';
export type CsvEncodingChoice = 'auto' | CsvEncoding;

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

type RefusalReason = 'xlsx' | 'xls' | 'utf16' | 'binary' | 'bom_mismatch' | 'not_utf8' | 'not_shift_jis' | 'unknown';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

// What people upload by mistake instead of a CSV, recognised by the first bytes.
const SIGNATURES: Array<{ bytes: number[]; reason: RefusalReason }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], reason: 'xlsx' }, // zip: .xlsx, .numbers, .ods
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], reason: 'xls' }, // OLE2: old .xls
  { bytes: [0xff, 0xfe], reason: 'utf16' }, // Excel's 「Unicode テキスト」
  { bytes: [0xfe, 0xff], reason: 'utf16' },
];

const SAVE_AS_CSV_JA = 'Excel の「名前を付けて保存」で「CSV UTF-8 (コンマ区切り)」または「CSV (コンマ区切り)」を選んで保存してください。';
const SAVE_AS_CSV_EN = 'In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)” or “CSV (Comma delimited)”.';

const REFUSALS: Record<RefusalReason, Messages> = {
  xlsx: {
    ja: `Excel ファイル (.xlsx) ではなく CSV で保存してください。${SAVE_AS_CSV_JA}`,
    en: `This is an Excel workbook (.xlsx), not a CSV. ${SAVE_AS_CSV_EN}`,
  },
  xls: {
    ja: `Excel ファイル (.xls) ではなく CSV で保存してください。${SAVE_AS_CSV_JA}`,
    en: `This is an Excel workbook (.xls), not a CSV. ${SAVE_AS_CSV_EN}`,
  },
  utf16: {
    ja: `UTF-16 (Unicode テキスト) のファイルは読み込めません。${SAVE_AS_CSV_JA}`,
    en: `UTF-16 (Unicode text) files cannot be read. ${SAVE_AS_CSV_EN}`,
  },
  binary: {
    ja: 'CSV ファイルではありません（画像や圧縮ファイルなどのデータが含まれています）。CSV 形式で保存したファイルを選んでください。',
    en: 'This is not a CSV file (it contains binary data, like an image or an archive). Choose a file saved as CSV.',
  },
  bom_mismatch: {
    ja: 'このファイルは UTF-8 (BOM付き) で保存されています。文字コードは「自動判定」または「UTF-8」を選んでください。',
    en: 'This file is saved as UTF-8 (with BOM). Choose “Auto” or “UTF-8” as the encoding.',
  },
  not_utf8: {
    ja: 'UTF-8 として読み込めません。Shift_JIS で保存したファイルの場合は、文字コードに「自動判定」または「Shift_JIS」を選んでください。',
    en: 'The file is not valid UTF-8. If it was saved as Shift_JIS, choose “Auto” or “Shift_JIS” as the encoding.',
  },
  not_shift_jis: {
    ja: 'Shift_JIS として読み込めません。UTF-8 で保存したファイルの場合は、文字コードに「自動判定」または「UTF-8」を選んでください。',
    en: 'The file is not valid Shift_JIS. If it was saved as UTF-8, choose “Auto” or “UTF-8” as the encoding.',
  },
  unknown: {
    ja: '文字コードを判別できません。UTF-8 または Shift_JIS で保存した CSV ファイルを選んでください。',
    en: 'The character encoding is not recognised. Choose a CSV file saved as UTF-8 or Shift_JIS.',
  },
};

/**
 * Turns uploaded CSV bytes into text. `auto` tries UTF-8 first, then Shift_JIS (decoded as
 * Windows-31J, so Excel's 髙 and 﨑 come through). A UTF-8 BOM is stripped.
 * Throws DomainError 400 `CSV_ENCODING` for workbooks, binaries and undecodable bytes.
 */
export function decodeCsvBytes(bytes: Uint8Array, encoding: CsvEncodingChoice = 'auto'): DecodedCsv {
  refuseNonText(bytes);
  if (startsWith(bytes, UTF8_BOM)) {
    if (encoding === 'shift_jis') throw refusal('bom_mismatch');
    const text = tryDecode('utf-8', bytes.subarray(UTF8_BOM.length));
    if (text === undefined) throw refusal(encoding === 'utf-8' ? 'not_utf8' : 'unknown');
    return { text, encoding: 'utf-8' };
  }
  if (encoding !== 'shift_jis') {
    const text = tryDecode('utf-8', bytes);
    if (text !== undefined) return { text, encoding: 'utf-8' };
    if (encoding === 'utf-8') throw refusal('not_utf8');
  }
  const text = tryDecode('shift_jis', bytes);
  if (text !== undefined) return { text, encoding: 'shift_jis' };
  throw refusal(encoding === 'shift_jis' ? 'not_shift_jis' : 'unknown');
}

function refuseNonText(bytes: Uint8Array): void {
  for (const { bytes: signature, reason } of SIGNATURES) {
    if (startsWith(bytes, signature)) throw refusal(reason);
  }
  // Neither UTF-8 nor Shift_JIS text ever contains a NUL byte; images and archives nearly always do.
  if (bytes.includes(0)) throw refusal('binary');
}

function tryDecode(label: CsvEncoding, bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM keeps a second BOM visible instead of silently dropping it.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function refusal(reason: RefusalReason) {
  return badRequest('CSV_ENCODING', REFUSALS[reason], { reason });
}
