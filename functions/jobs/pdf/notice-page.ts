import { rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { fitText, printable, wrapText } from './text-fit.js';

/** What one printed password notice says; every string is ready to print (dates already formatted). */
export type PasswordNotice = {
  companyName: string;
  department: string;
  familyName: string;
  givenName: string;
  loginId: string;
  temporaryPassword: string;
  /** The characters the password is drawn from, e.g. 「使用文字列 英大文字 ABC… 英小文字 abc… 数字 234…」. */
  passwordLegend: string;
  validUntil: string;
  issuedAt: string;
};

export type NoticeFaces = { regular: PDFFont; bold: PDFFont; mono: PDFFont };
export type NoticePageAssets = { faces: NoticeFaces; qr: PDFImage; signInUrl: string };

const MARGIN = 56; // 20 mm: inside every office printer's unprintable edge
const LABEL_COLUMN = 112;
const CELL_PADDING = 10;
const QR_SIZE = 92; // about 32 mm: reads at arm's length on a phone
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.3, 0.3, 0.3);
const LABEL_FILL = rgb(0.93, 0.93, 0.93);

// CJK faces put the ideographic em box from 0.88 em above the baseline to 0.12 em below; a
// line box of `size * LINE_HEIGHT` centres that em box.
const EM_ASCENT = 0.88;
const LINE_HEIGHT = 1.45;

const NOTES = [
  '初回ログイン時にパスワードの変更が必要です。',
  '有効期限を過ぎると、この仮パスワードではログインできません。その場合は管理者に再発行を依頼してください。',
  'このお知らせは他の人の目に触れないよう大切に保管し、パスワードを変更した後は細断するなどして確実に破棄してください。',
  'このお知らせは再発行できません。紛失した場合は、管理者にパスワードの再発行を依頼してください。',
];

/** Draws one notice on an empty A4 page; positions are measured from the top edge downwards. */
export function drawNoticePage(page: PDFPage, notice: PasswordNotice, assets: NoticePageAssets): void {
  const { faces } = assets;
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
    page.drawRectangle({
      x,
      y: pageHeight - top - h,
      width: w,
      height: h,
      color: style.fill ? LABEL_FILL : undefined,
      borderColor: style.border ? RULE : undefined,
      borderWidth: style.border ?? 0,
    });
  };
  const hline = (x1: number, x2: number, top: number, thickness: number): void => {
    page.drawLine({ start: { x: x1, y: pageHeight - top }, end: { x: x2, y: pageHeight - top }, thickness, color: RULE });
  };
  const asciiFace = (text: string): PDFFont => (/^[\x20-\x7e]*$/.test(text) ? faces.mono : faces.regular);

  // Header: 親展 on the left (the notice holds a password), the issue date on the right.
  let top = MARGIN;
  const confidential = '親展';
  const confidentialWidth = faces.bold.widthOfTextAtSize(confidential, 10) + 12;
  rect(left, top, confidentialWidth, 20, { border: 0.8 });
  lines([confidential], left + 6, top + 10 - (10 * LINE_HEIGHT) / 2, 10, faces.bold);
  const issued = `発行日　${printable(notice.issuedAt)}`;
  lines([issued], right - faces.regular.widthOfTextAtSize(issued, 9.5), top + 10 - (9.5 * LINE_HEIGHT) / 2, 9.5, faces.regular, MUTED);
  top += 40;

  // Recipient block, as on a letter: company, department, name 様.
  const recipientWidth = width * 0.75;
  for (const text of [notice.companyName, notice.department]) {
    const fitted = fitText(printable(text), faces.regular, { maxSize: 11.5, minSize: 8.5, width: recipientWidth, maxLines: 2 });
    top += lines(fitted.lines, left, top, fitted.size, faces.regular);
  }
  top += 4;
  const fullName = `${printable(notice.familyName)} ${printable(notice.givenName)}`.trim();
  const name = fitText(`${fullName}　様`, faces.bold, { maxSize: 17, minSize: 11, width: recipientWidth, maxLines: 1 });
  const nameHeight = lines(name.lines, left, top, name.size, faces.bold);
  const nameWidth = Math.max(...name.lines.map((l) => faces.bold.widthOfTextAtSize(l, name.size)));
  top += nameHeight;
  hline(left, left + Math.max(nameWidth + 8, width * 0.45), top + 1, 0.8);
  top += 34;

  const title = 'ログイン情報のお知らせ';
  const titleSize = 20;
  lines([title], left + (width - faces.bold.widthOfTextAtSize(title, titleSize)) / 2, top, titleSize, faces.bold);
  top += titleSize * LINE_HEIGHT + 16;

  const intro = 'あなたのアカウントのログインIDと仮パスワードを発行しました。下記の情報でログインしてください。';
  top += lines(wrapText(intro, faces.regular, 10.5, width), left, top, 10.5, faces.regular);
  top += 12;

  // Credentials box: a label column on the left, values on the right, one row each.
  const valueX = left + LABEL_COLUMN + CELL_PADDING + 4;
  const valueWidth = right - valueX - CELL_PADDING;
  type Row = { label: string; height: number; draw: (rowTop: number) => void };
  const block = (text: string, font: PDFFont, maxSize: number, minSize: number) => fitText(printable(text), font, { maxSize, minSize, width: valueWidth, maxLines: 1 });

  const loginId = block(notice.loginId, asciiFace(notice.loginId), 15, 9);
  const password = block(notice.temporaryPassword, faces.mono, 26, 12);
  const legendSize = 8.5;
  const legend = wrapText(keepLabelsWithValues(printable(notice.passwordLegend)), faces.regular, legendSize, valueWidth);
  const validity = block(`${printable(notice.validUntil)} まで`, faces.regular, 12, 9);
  const heightOf = (fitted: { size: number; lines: string[] }) => fitted.lines.length * fitted.size * LINE_HEIGHT;

  const rows: Row[] = [
    {
      label: 'ログインID',
      height: heightOf(loginId) + 2 * CELL_PADDING,
      draw: (rowTop) => lines(loginId.lines, valueX, rowTop + CELL_PADDING, loginId.size, asciiFace(notice.loginId)),
    },
    {
      label: '仮パスワード',
      height: heightOf(password) + legend.length * legendSize * LINE_HEIGHT + 2 * CELL_PADDING + 2,
      draw: (rowTop) => {
        const passwordHeight = lines(password.lines, valueX, rowTop + CELL_PADDING, password.size, faces.mono);
        lines(legend, valueX, rowTop + CELL_PADDING + passwordHeight + 2, legendSize, faces.regular, MUTED);
      },
    },
    {
      label: '有効期限',
      height: heightOf(validity) + 2 * CELL_PADDING,
      draw: (rowTop) => lines(validity.lines, valueX, rowTop + CELL_PADDING, validity.size, faces.regular),
    },
  ];
  const boxTop = top;
  const boxHeight = rows.reduce((sum, row) => sum + row.height, 0);
  let rowTop = boxTop;
  for (const [i, row] of rows.entries()) {
    rect(left, rowTop, LABEL_COLUMN, row.height, { fill: true });
    const labelSize = 10.5;
    lines([row.label], left + CELL_PADDING, rowTop + (row.height - labelSize * LINE_HEIGHT) / 2, labelSize, faces.bold);
    row.draw(rowTop);
    if (i > 0) hline(left, right, rowTop, 0.6);
    rowTop += row.height;
  }
  page.drawLine({
    start: { x: left + LABEL_COLUMN, y: pageHeight - boxTop },
    end: { x: left + LABEL_COLUMN, y: pageHeight - boxTop - boxHeight },
    thickness: 0.6,
    color: RULE,
  });
  rect(left, boxTop, width, boxHeight, { border: 1.2 });
  top = boxTop + boxHeight + 30;

  // How to sign in: the URL in words on the left, the same URL as a QR code on the right.
  top += lines(['ログイン方法'], left, top, 12, faces.bold) + 4;
  const howToWidth = width - QR_SIZE - 24;
  const howTo = 'パソコンやスマートフォンのブラウザで次のURLを開くか、右のQRコードを読み取ってください。';
  let textTop = top + lines(wrapText(howTo, faces.regular, 10.5, howToWidth), left, top, 10.5, faces.regular) + 6;
  const urlFace = asciiFace(assets.signInUrl);
  textTop += lines(wrapText(assets.signInUrl, urlFace, 10.5, howToWidth), left, textTop, 10.5, urlFace);
  page.drawImage(assets.qr, { x: right - QR_SIZE, y: pageHeight - top - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  top = Math.max(textTop, top + QR_SIZE) + 26;

  // Notes, with a hanging indent so wrapped lines align under the text, not the bullet.
  top += lines(['ご注意'], left, top, 12, faces.bold) + 4;
  const noteSize = 10;
  const bullet = '・';
  const indent = faces.regular.widthOfTextAtSize(bullet, noteSize);
  for (const [i, note] of NOTES.entries()) {
    // The first note is the one an employee must act on, so it stands out.
    const face = i === 0 ? faces.bold : faces.regular;
    lines([bullet], left, top, noteSize, face);
    top += lines(wrapText(note, face, noteSize, width - indent), left + indent, top, noteSize, face) + 3;
  }
}

// The legend reads 「英大文字 ADEF… 数字 234…」: a label must stay on the line of the characters it
// names, so the space between a Japanese label and the Latin run after it becomes a no-break space.
function keepLabelsWithValues(legend: string): string {
  return legend.replace(/([^\x00-\x7f]) (?=[\x21-\x7e])/gu, '$1\u00a0');
}
