import type { PDFPage } from 'pdf-lib';
import type { PasscodeNoticeInput } from '../../core/issuance/passcode-issuance.js';
import { CELL_PADDING, LINE_HEIGHT, noticeLayout, type NoticeFaces } from './notice-layout.js';
import { wrapText } from './text-fit.js';

// The passcode notice follows the password notice (the shared layout in notice-layout.ts), one A4
// page per employee.

const STEPS = [
  'タイムレコーダー（Web打刻）の画面で、会社コードと社員コードを入力します。',
  '上のパスコード（4桁の数字）を入力し、出勤・退勤などのボタンを押して打刻します。',
];

const NOTES = [
  'パスコードを5回続けて間違えるとロックされ、打刻できなくなります。その場合は管理者にパスコードの再発行を依頼してください。',
  'パスコードは他の人に教えないでください。このお知らせは他の人の目に触れないよう大切に保管してください。',
  'パスコードを再発行すると、以前のパスコードは使えなくなります。',
];

/** Draws one passcode notice on an empty A4 page. */
export function drawPasscodePage(page: PDFPage, notice: PasscodeNoticeInput, faces: NoticeFaces): void {
  const layout = noticeLayout(page, faces);
  const { left, width, valueX, lines, asciiFace, fitValue } = layout;

  let top = layout.letterHead(notice);
  top = layout.heading(top, 'パスコードのお知らせ', 'タイムレコーダー（Web打刻）で使うパスコードを発行しました。打刻の際は、会社コード・社員コードとあわせて入力してください。');

  // The box: 会社コード, 社員コード, パスコード (large, monospaced: 0 and 8 never look alike).
  const rows = [
    { label: '会社コード', fitted: fitValue(notice.companyCode, asciiFace(notice.companyCode), 15, 9), font: asciiFace(notice.companyCode) },
    { label: '社員コード', fitted: fitValue(notice.employeeCode, asciiFace(notice.employeeCode), 15, 9), font: asciiFace(notice.employeeCode) },
    { label: 'パスコード', fitted: fitValue(notice.passcode, faces.mono, 30, 16), font: faces.mono },
  ].map(({ label, fitted, font }) => ({
    label,
    height: fitted.lines.length * fitted.size * LINE_HEIGHT + 2 * CELL_PADDING,
    draw: (rowTop: number) => lines(fitted.lines, valueX, rowTop + CELL_PADDING, fitted.size, font),
  }));
  top = layout.box(top, rows) + 30;

  // How to use it at the time clock: numbered steps.
  top += lines(['打刻のしかた'], left, top, 12, faces.bold) + 4;
  for (const [i, step] of STEPS.entries()) {
    const indent = faces.regular.widthOfTextAtSize('00. ', 10.5);
    lines([`${i + 1}.`], left, top, 10.5, faces.regular);
    top += lines(wrapText(step, faces.regular, 10.5, width - indent), left + indent, top, 10.5, faces.regular) + 3;
  }
  layout.notes(top + 23, NOTES);
}
