import { csvTextCell } from '../shared/csv-write.js';

// The CSV of a registration-password job, as the help page lists its columns (with kagi's word
// 社員コード). UTF-8 with BOM and CRLF, so Excel opens it as it is; codes and passwords keep their
// leading zeros (csvTextCell). Chunks write their rows as parts; the job joins them under one header.

export const REGISTRATION_CSV_HEADER = ['社員コード', '姓名', 'セイメイ', '私用メールアドレス登録用パスワード', '有効期限', '所属事業所', '所属部署'] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

export interface RegistrationCsvRow {
  employeeCode: string;
  name: string;
  kana: string;
  password: string;
  /** As printed: 2026/05/12 14:30 (Japan time), which Excel reads as that date and time. */
  expiresAt: string;
  office: string;
  department: string;
}

/** 2026/05/12 14:30 in Japan time. */
export function csvDateTime(iso: string): string {
  const jst = new Date(Date.parse(iso) + 9 * 3600_000).toISOString();
  return `${jst.slice(0, 4)}/${jst.slice(5, 7)}/${jst.slice(8, 10)} ${jst.slice(11, 16)}`;
}

/** One chunk's rows, each line ended by CRLF. */
export function registrationCsvPart(rows: readonly RegistrationCsvRow[]): string {
  return rows
    .map((r) => [csvTextCell(r.employeeCode), csvTextCell(r.name), csvTextCell(r.kana), csvTextCell(r.password), r.expiresAt, csvTextCell(r.office), csvTextCell(r.department)].join(',') + CRLF)
    .join('');
}

/** The file: BOM, header, then every part in chunk order. */
export function registrationCsv(parts: readonly string[]): string {
  return BOM + REGISTRATION_CSV_HEADER.join(',') + CRLF + parts.join('');
}
