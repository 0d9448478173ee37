import type { PDFImage, PDFPage } from 'pdf-lib';
import type { RegistrationLetter } from '../../core/registration/issuance.js';
import { CELL_PADDING, LINE_HEIGHT, noticeLayout, type NoticeFaces } from './notice-layout.js';
import { wrapText } from './text-fit.js';

// 「文書で案内」: the distribution letter of a registration password, one A4 page per employee, in
// the notices' shared layout (notice-layout.ts). The company's registration URL is the same on
// every page, so its QR image is embedded once per document.

const QR_SIZE = 104; // about 37 mm: a phone camera reads it at arm's length

const STEPS = [
  'スマートフォンで右のQRコードを読み取るか、URLを開きます。',
  '社員コード、生年月日（8桁）、上の登録用パスワード、私用メールアドレス（2回）を入力して送信します。',
  '届いた「【kagi】メールアドレスの確認」のURLを24時間以内に開き、登録用パスワードと新しいパスワードを入力して「変更する」を押すと、登録が完了します。',
];

const NOTES = [
  '登録用パスワードは一度だけ使えます。有効期限を過ぎると使えません。その場合は会社のご担当者様に再発行を依頼してください。',
  '10回続けて入力を誤るとロックされます。その場合も再発行を依頼してください。',
  'この案内は他の人の目に触れないよう大切に保管し、登録が済んだら細断するなどして確実に破棄してください。',
];

/** Draws one registration letter on an empty A4 page. */
export function drawLetterPage(page: PDFPage, letter: RegistrationLetter, faces: NoticeFaces, qr: PDFImage): void {
  const layout = noticeLayout(page, faces);
  const { left, right, width, valueX, pageHeight, lines, asciiFace, fitValue } = layout;

  let top = layout.letterHead(letter);
  top = layout.heading(
    top,
    '私用メールアドレス登録のご案内',
    'ご自身のスマートフォンなどから私用メールアドレスを登録すると、アカウントが発行され、ログインできるようになります。下記の登録用パスワードを使って登録してください。',
  );

  const rows = [
    { label: '社員コード', fitted: fitValue(letter.employeeCode, asciiFace(letter.employeeCode), 15, 9), font: asciiFace(letter.employeeCode) },
    { label: '登録用パスワード', fitted: fitValue(letter.password, faces.mono, 28, 14), font: faces.mono },
    { label: '有効期限', fitted: fitValue(`${letter.validUntil} まで`, faces.regular, 12, 9), font: faces.regular },
  ].map(({ label, fitted, font }) => ({
    label,
    height: fitted.lines.length * fitted.size * LINE_HEIGHT + 2 * CELL_PADDING,
    draw: (rowTop: number) => lines(fitted.lines, valueX, rowTop + CELL_PADDING, fitted.size, font),
  }));
  top = layout.box(top, rows) + 30;

  // The steps on the left, the registration URL's QR code on the right, the URL in words under the steps.
  top += lines(['登録のしかた'], left, top, 12, faces.bold) + 4;
  const stepsWidth = width - QR_SIZE - 24;
  const indent = faces.regular.widthOfTextAtSize('00. ', 10.5);
  let textTop = top;
  for (const [i, step] of STEPS.entries()) {
    lines([`${i + 1}.`], left, textTop, 10.5, faces.regular);
    textTop += lines(wrapText(step, faces.regular, 10.5, stepsWidth - indent), left + indent, textTop, 10.5, faces.regular) + 3;
  }
  const urlFace = asciiFace(letter.registrationUrl);
  textTop += 4 + lines(wrapText(letter.registrationUrl, urlFace, 10, stepsWidth), left, textTop + 4, 10, urlFace);
  page.drawImage(qr, { x: right - QR_SIZE, y: pageHeight - top - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  top = Math.max(textTop, top + QR_SIZE) + 26;

  layout.notes(top, NOTES);
}
