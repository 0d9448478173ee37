import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { fitText, printable, wrapText } from './text-fit.js';

// The one A4 layout of kagi's notices (password, passcode): margins, faces, the letter head, the
// label/value box and the notes. Positions are measured from the top edge downwards.

const MARGIN = 56; // 20 mm: inside every office printer's unprintable edge
const LABEL_COLUMN = 112;
export const CELL_PADDING = 10;
const INK = rgb(0.1, 0.1, 0.1);
export const MUTED = rgb(0.38, 0.38, 0.38);
const RULE = rgb(0.3, 0.3, 0.3);
const LABEL_FILL = rgb(0.93, 0.93, 0.93);

// CJK faces put the ideographic em box from 0.88 em above the baseline to 0.12 em below; a
// line box of `size * LINE_HEIGHT` centres that em box.
const EM_ASCENT = 0.88;
export const LINE_HEIGHT = 1.45;

export type NoticeFaces = { regular: PDFFont; bold: PDFFont; mono: PDFFont };

/** Who a notice is for, as printed in its letter head. */
export interface Recipient {
  companyName: string;
  department: string;
  familyName: string;
  givenName: string;
  issuedAt: string;
}

/** One row of the label/value box; `draw` fills the value cell. */
export interface BoxRow {
  label: string;
  height: number;
  draw: (rowTop: number) => void;
}

export type NoticeLayout = ReturnType<typeof noticeLayout>;

/** Drawing on one notice page, with the page's geometry and faces. */
export function noticeLayout(page: PDFPage, faces: NoticeFaces) {
  const pageHeight = page.getHeight();
  const left = MARGIN;
  const right = page.getWidth() - MARGIN;
  const width = right - left;
  const valueX = left + LABEL_COLUMN + CELL_PADDING + 4;
  const valueWidth = right - valueX - CELL_PADDING;

  /** Draws lines from `top`; answers the height they take. */
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
  /** Latin-only values print in the monospaced face, so 0/O and 1/l stay apart. */
  const asciiFace = (text: string): PDFFont => (/^[\x20-\x7e]*$/.test(text) ? faces.mono : faces.regular);
  /** One value fitted to its cell on one line. */
  const fitValue = (text: string, font: PDFFont, maxSize: number, minSize: number) => fitText(printable(text), font, { maxSize, minSize, width: valueWidth, maxLines: 1 });

  /** 親展 and the issue date, then company, department and name 様 as on a letter; answers the top below. */
  function letterHead(recipient: Recipient): number {
    let top = MARGIN;
    const confidential = '親展';
    rect(left, top, faces.bold.widthOfTextAtSize(confidential, 10) + 12, 20, { border: 0.8 });
    lines([confidential], left + 6, top + 10 - (10 * LINE_HEIGHT) / 2, 10, faces.bold);
    const issued = `発行日　${printable(recipient.issuedAt)}`;
    lines([issued], right - faces.regular.widthOfTextAtSize(issued, 9.5), top + 10 - (9.5 * LINE_HEIGHT) / 2, 9.5, faces.regular, MUTED);
    top += 40;

    const recipientWidth = width * 0.75;
    for (const text of [recipient.companyName, recipient.department]) {
      const fitted = fitText(printable(text), faces.regular, { maxSize: 11.5, minSize: 8.5, width: recipientWidth, maxLines: 2 });
      top += lines(fitted.lines, left, top, fitted.size, faces.regular);
    }
    top += 4;
    const fullName = `${printable(recipient.familyName)} ${printable(recipient.givenName)}`.trim();
    const name = fitText(`${fullName}　様`, faces.bold, { maxSize: 17, minSize: 11, width: recipientWidth, maxLines: 1 });
    top += lines(name.lines, left, top, name.size, faces.bold);
    const nameWidth = Math.max(...name.lines.map((l) => faces.bold.widthOfTextAtSize(l, name.size)));
    hline(left, left + Math.max(nameWidth + 8, width * 0.45), top + 1, 0.8);
    return top + 34;
  }

  /** The centred title and the lead paragraph under it; answers the top below. */
  function heading(top: number, title: string, intro: string): number {
    lines([title], left + (width - faces.bold.widthOfTextAtSize(title, 20)) / 2, top, 20, faces.bold);
    top += 20 * LINE_HEIGHT + 16;
    return top + lines(wrapText(intro, faces.regular, 10.5, width), left, top, 10.5, faces.regular) + 12;
  }

  /** The label/value box, a row each; answers its bottom. */
  function box(top: number, rows: readonly BoxRow[]): number {
    const boxHeight = rows.reduce((sum, row) => sum + row.height, 0);
    let rowTop = top;
    for (const [i, row] of rows.entries()) {
      rect(left, rowTop, LABEL_COLUMN, row.height, { fill: true });
      lines([row.label], left + CELL_PADDING, rowTop + (row.height - 10.5 * LINE_HEIGHT) / 2, 10.5, faces.bold);
      row.draw(rowTop);
      if (i > 0) hline(left, right, rowTop, 0.6);
      rowTop += row.height;
    }
    page.drawLine({ start: { x: left + LABEL_COLUMN, y: pageHeight - top }, end: { x: left + LABEL_COLUMN, y: pageHeight - top - boxHeight }, thickness: 0.6, color: RULE });
    rect(left, top, width, boxHeight, { border: 1.2 });
    return top + boxHeight;
  }

  /** ご注意 with a hanging indent; the first note, the one to act on, in bold. Answers the top below. */
  function notes(top: number, items: readonly string[]): number {
    top += lines(['ご注意'], left, top, 12, faces.bold) + 4;
    const bullet = '・';
    const indent = faces.regular.widthOfTextAtSize(bullet, 10);
    for (const [i, note] of items.entries()) {
      const face = i === 0 ? faces.bold : faces.regular;
      lines([bullet], left, top, 10, face);
      top += lines(wrapText(note, face, 10, width - indent), left + indent, top, 10, face) + 3;
    }
    return top;
  }

  return { page, pageHeight, left, right, width, valueX, valueWidth, faces, lines, asciiFace, fitValue, letterHead, heading, box, notes };
}
