import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { auditCsvRow, csvHead, csvLines, detailText, slicesOf } from '../../../functions/core/audit/export.js';
import { shownEntry } from '../../../functions/core/audit/presentation.js';
import { parseCsv } from '../../../functions/core/employees/csv/parse.js';

const entry: AuditEntry = {
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA', companyId: 'C', at: '2026-01-31T00:00:05.123Z', actor: "=cmd|' /C calc'!A0", action: 'auth.login',
  result: 'failure', reason: 'unknown-login-id', sourceIp: '192.0.2.7',
};

describe('the log as CSV', () => {
  it('starts with a BOM and Japanese headers', () => {
    expect(csvHead('ja')).toBe('\uFEFF日時,操作分類,操作内容,結果,操作ユーザー,操作ユーザーID,対象,対象ユーザーID,理由,送信元IP,詳細,ログID\r\n');
    expect(csvHead('en').startsWith('\uFEFFTime,')).toBe(true);
  });

  it('writes times in the company’s zone with the offset, actions and reasons in words', () => {
    const row = auditCsvRow(entry, 'Asia/Tokyo', 'ja');
    expect(row.slice(0, 4)).toEqual(['2026-01-31T09:00:05+09:00', 'サインイン', 'ログイン', '失敗']);
    expect(row[8]).toBe('存在しないログインID');
    expect(auditCsvRow(entry, 'America/New_York', 'en')[0]).toBe('2026-01-30T19:00:05-05:00');
  });

  it('keeps every cell from running as a formula in Excel, and reads back as written', () => {
    // A reason code no list has (an older build's) is shown as stored: it is made safe too.
    const row = auditCsvRow({ ...entry, target: '+81-3-0000', reason: '@SUM(1)' as never }, 'UTC', 'ja');
    expect(row[4]).toBe("'=cmd|' /C calc'!A0");
    expect(row[9]).toBe('="192.0.2.7"');
    const text = csvHead('ja') + csvLines([row]);
    // The house parser unwraps the Excel forms: what was logged comes back exactly.
    const [, parsed] = parseCsv(text.slice(1));
    expect(parsed!.cells[4]).toBe("=cmd|' /C calc'!A0");
    expect(parsed!.cells[9]).toBe('192.0.2.7');
    expect(parsed!.cells[6]).toBe('+81-3-0000');
  });

  it('shows only non-secret facts of the detail', () => {
    const e: AuditEntry = { ...entry, detail: { employeeId: 'E1', fields: 'email1', address: 2, privateEmail: 'me@home.example', token: 'abc', note: 'x@y.example' } };
    expect(shownEntry(e).detail).toEqual({ employeeId: 'E1', fields: 'email1', address: 2 });
    expect(detailText(e, 'ja')).toBe('社員ID=E1; 変更した項目=email1; メールアドレス番号=2');
  });
});

describe('export slices', () => {
  it('cover the window newest first without a gap or an overlap, ten days at most each', () => {
    const from = '2026-01-01T00:00:00.000Z';
    const to = '2026-04-10T23:59:59.999Z';
    const slices = slicesOf(from, to);
    expect(slices.length).toBe(10);
    expect(slices[0]!.to).toBe(to);
    expect(slices.at(-1)!.from).toBe(from);
    for (let i = 1; i < slices.length; i++) expect(Date.parse(slices[i - 1]!.from) - Date.parse(slices[i]!.to)).toBe(1);
    for (const s of slices) expect(Date.parse(s.to) - Date.parse(s.from)).toBeLessThan(10 * 86_400_000);
    expect(slicesOf(from, from)).toEqual([{ from, to: from }]);
  });
});
