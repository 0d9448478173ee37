import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { PasscodeNoticeInput } from '../../core/issuance/passcode-issuance.js';
import type { NoticeFaces } from './notice-page.js';
import { fitText, printable, wrapText } from './text-fit.js';

// The passcode notice follows the password notice (notice-page.ts): the same margins, faces,
// recipient block and label/value box, one A4 page per employee.

const MARGIN = 56;
const LABEL_COLUMN = 112;
const CELL_PADDING = 10;
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.3, 0.3, 0.3);
const LABEL_FILL = rgb(0.93, 0.93, 0.93);
const EM_ASCENT = 0.88;
const LINE_HEIGHT = 1.45;

const STEPS = [
  'タイムレコーダー（Web打刻）の画面で、会社コードと社員番号を入力します。',
  '上のパスコード（4桁の数字）を入力し、出勤・退勤などのボタンを押して打刻します。',
];

const NOTES = [
  'パスコードを5回続けて間違えるとロックされ、打刻できなくなります。その場合は管理者にパスコードの再発行を依頼してください。',
  'パスコードは他の人に教えないでください。このお知らせは他の人の目に触れないよう大切に保管してください。',
  'パスコードを再発行すると、以前のパスコードは使えなくなります。',
];

/** Draws one passcode notice on an empty A4 page; positions are measured from the top edge downwards. */
export function drawPasscodePage(page: PDFPage, notice: PasscodeNoticeInput, faces: NoticeFaces): void {
  const pageHeight = page.getHeight();
  const left = MARGIN;
  const right = page.getWidth() - MARGIN;
  const width = right - left;

  const lines = (text: string[], x: number, top: number, size: number, font: PDFFont, color = INK): number => {
    text.forEach((line, i) => {
      const baseline = top + i * size * LINE_HEIGHT + (size * (LINE_HEIGHT - 1)) / 2 + size * EM_ASCENT;
      page.drawText(line, { x, y: pageHeight - baseline, size, font, color });
    });
    return text.length * size * LINE_HEIGHT;
  };
  const rect = (x: number, top: number, w: number, h: number, style: { fill?: boolean; border?: number }): void => {
    page.drawRectangle({ x, y: pageHeight - top - h, width: w, height: h, color: style.fill ? LABEL_FILL : undefined, borderColor: style.border ? RULE : undefined, borderWidth: style.border ?? 0 });
  };
  const hline = (x1: number, x2: number, top: number, thickness: number): void => {
    page.drawLine({ start: { x: x1, y: pageHeight - top }, end: { x: x2, y: pageHeight - top }, thickness, color: RULE });
  };
  const asciiFace = (text: string): PDFFont => (/^[\x20-\x7e]*$/.test(text) ? faces.mono : faces.regular);

  // Header: 親展, and the issue date on the right.
  let top = MARGIN;
  const confidential = '親展';
  rect(left, top, faces.bold.widthOfTextAtSize(confidential, 10) + 12, 20, { border: 0.8 });
  lines([confidential], left + 6, top + 10 - (10 * LINE_HEIGHT) / 2, 10, faces.bold);
  const issued = `発行日　${printable(notice.issuedAt)}`;
  lines([issued], right - faces.regular.widthOfTextAtSize(issued, 9.5), top + 10 - (9.5 * LINE_HEIGHT) / 2, 9.5, faces.regular, MUTED);
  top += 40;

  // Recipient: company, department, name 様.
  const recipientWidth = width * 0.75;
  for (const text of [notice.companyName, notice.department]) {
    const fitted = fitText(printable(text), faces.regular, { maxSize: 11.5, minSize: 8.5, width: recipientWidth, maxLines: 2 });
    top += lines(fitted.lines, left, top, fitted.size, faces.regular);
  }
  top += 4;
  const fullName = `${printable(notice.familyName)} ${printable(notice.givenName)}`.trim();
  const name = fitText(`${fullName}　様`, faces.bold, { maxSize: 17, minSize: 11, width: recipientWidth, maxLines: 1 });
  top += lines(name.lines, left, top, name.size, faces.bold);
  const nameWidth = Math.max(...name.lines.map((l) => faces.bold.widthOfTextAtSize(l, name.size)));
  hline(left, left + Math.max(nameWidth + 8, width * 0.45), top + 1, 0.8);
  top += 34;

  const title = 'パスコードのお知らせ';
  lines([title], left + (width - faces.bold.widthOfTextAtSize(title, 20)) / 2, top, 20, faces.bold);
  top += 20 * LINE_HEIGHT + 16;

  const intro = 'タイムレコーダー（Web打刻）で使うパスコードを発行しました。打刻の際は、会社コード・社員番号とあわせて入力してください。';
  top += lines(wrapText(intro, faces.regular, 10.5, width), left, top, 10.5, faces.regular) + 12;

  // The box: 会社コード, 社員番号, パスコード (large, monospaced: 0 and 8 never look alike).
  const valueX = left + LABEL_COLUMN + CELL_PADDING + 4;
  const valueWidth = right - valueX - CELL_PADDING;
  const block = (text: string, font: PDFFont, maxSize: number, minSize: number) => fitText(printable(text), font, { maxSize, minSize, width: valueWidth, maxLines: 1 });
  const companyCode = block(notice.companyCode, asciiFace(notice.companyCode), 15, 9);
  const employeeCode = block(notice.employeeCode, asciiFace(notice.employeeCode), 15, 9);
  const passcode = block(notice.passcode, faces.mono, 30, 16);
  const rows = [
    { label: '会社コード', fitted: companyCode, font: asciiFace(notice.companyCode) },
    { label: '社員番号', fitted: employeeCode, font: asciiFace(notice.employeeCode) },
    { label: 'パスコード', fitted: passcode, font: faces.mono },
  ].map((r) => ({ ...r, height: r.fitted.lines.length * r.fitted.size * LINE_HEIGHT + 2 * CELL_PADDING }));
  const boxTop = top;
  const boxHeight = rows.reduce((sum, r) => sum + r.height, 0);
  let rowTop = boxTop;
  for (const [i, row] of rows.entries()) {
    rect(left, rowTop, LABEL_COLUMN, row.height, { fill: true });
    lines([row.label], left + CELL_PADDING, rowTop + (row.height - 10.5 * LINE_HEIGHT) / 2, 10.5, faces.bold);
    lines(row.fitted.lines, valueX, rowTop + CELL_PADDING, row.fitted.size, row.font);
    if (i > 0) hline(left, right, rowTop, 0.6);
    rowTop += row.height;
  }
  page.drawLine({ start: { x: left + LABEL_COLUMN, y: pageHeight - boxTop }, end: { x: left + LABEL_COLUMN, y: pageHeight - boxTop - boxHeight }, thickness: 0.6, color: RULE });
  rect(left, boxTop, width, boxHeight, { border: 1.2 });
  top = boxTop + boxHeight + 30;

  // How to use it at the time clock: numbered steps.
  top += lines(['打刻のしかた'], left, top, 12, faces.bold) + 4;
  for (const [i, step] of STEPS.entries()) {
    const marker = `${i + 1}.`;
    const indent = faces.regular.widthOfTextAtSize('00. ', 10.5);
    lines([marker], left, top, 10.5, faces.regular);
    top += lines(wrapText(step, faces.regular, 10.5, width - indent), left + indent, top, 10.5, faces.regular) + 3;
  }
  top += 23;

  top += lines(['ご注意'], left, top, 12, faces.bold) + 4;
  const bullet = '・';
  const indent = faces.regular.widthOfTextAtSize(bullet, 10);
  for (const [i, note] of NOTES.entries()) {
    const face = i === 0 ? faces.bold : faces.regular;
    lines([bullet], left, top, 10, face);
    top += lines(wrapText(note, face, 10, width - indent), left + indent, top, 10, face) + 3;
  }
}
