import type { PDFImage, PDFPage } from 'pdf-lib';
import type { NoticeInput } from '../../core/issuance/pdf-issuance.js';
import { CELL_PADDING, LINE_HEIGHT, MUTED, noticeLayout, type BoxRow, type NoticeFaces } from './notice-layout.js';
import { printable, wrapText } from './text-fit.js';

/** What one printed password notice says; every string is ready to print (dates already formatted). */
export type PasswordNotice = NoticeInput;

/** The faces, and the QR code of the notice's sign-in URL. */
export type NoticePageAssets = { faces: NoticeFaces; qr: PDFImage };

const QR_SIZE = 92; // about 32 mm: reads at arm's length on a phone

const NOTES = [
  '初回ログイン時にパスワードの変更が必要です。',
  '有効期限を過ぎると、この仮パスワードではログインできません。その場合は管理者に再発行を依頼してください。',
  'このお知らせは他の人の目に触れないよう大切に保管し、パスワードを変更した後は細断するなどして確実に破棄してください。',
  'このお知らせは再発行できません。紛失した場合は、管理者にパスワードの再発行を依頼してください。',
];

/** Draws one password notice on an empty A4 page. */
export function drawNoticePage(page: PDFPage, notice: PasswordNotice, assets: NoticePageAssets): void {
  const { faces } = assets;
  const layout = noticeLayout(page, faces);
  const { left, right, width, valueX, valueWidth, pageHeight, lines, asciiFace, fitValue } = layout;

  let top = layout.letterHead(notice);
  const lead = notice.reissue
    ? 'あなたのアカウントの仮パスワードを再発行しました。これまでのパスワードは使えません。下記の情報でログインしてください。'
    : 'あなたのアカウントのログインIDと仮パスワードを発行しました。下記の情報でログインしてください。';
  top = layout.heading(top, notice.reissue ? 'ログイン情報のお知らせ（再発行）' : 'ログイン情報のお知らせ', lead);

  // Credentials box: the company code and login ID the sign-in page asks for, the password with
  // the legend of its characters, its validity.
  const companyCode = fitValue(notice.companyCode, asciiFace(notice.companyCode), 15, 9);
  const loginId = fitValue(notice.loginId, asciiFace(notice.loginId), 15, 9);
  const password = fitValue(notice.temporaryPassword, faces.mono, 26, 12);
  const legendSize = 8.5;
  const legend = wrapText(keepLabelsWithValues(printable(notice.passwordLegend)), faces.regular, legendSize, valueWidth);
  const validity = fitValue(`${printable(notice.validUntil)} まで`, faces.regular, 12, 9);
  const heightOf = (fitted: { size: number; lines: string[] }) => fitted.lines.length * fitted.size * LINE_HEIGHT;
  const rows: BoxRow[] = [
    {
      label: '会社コード',
      height: heightOf(companyCode) + 2 * CELL_PADDING,
      draw: (rowTop) => lines(companyCode.lines, valueX, rowTop + CELL_PADDING, companyCode.size, asciiFace(notice.companyCode)),
    },
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
  top = layout.box(top, rows) + 30;

  // How to sign in: the URL in words on the left, the same URL as a QR code on the right.
  top += lines(['ログイン方法'], left, top, 12, faces.bold) + 4;
  const howToWidth = width - QR_SIZE - 24;
  const howTo = 'パソコンやスマートフォンで次のURLを開くか、右のQRコードを読み取ってください。会社コードが入った状態でログイン画面が開きます。';
  let textTop = top + lines(wrapText(howTo, faces.regular, 10.5, howToWidth), left, top, 10.5, faces.regular) + 6;
  const urlFace = asciiFace(notice.signInUrl);
  textTop += lines(wrapText(notice.signInUrl, urlFace, 10.5, howToWidth), left, textTop, 10.5, urlFace);
  page.drawImage(assets.qr, { x: right - QR_SIZE, y: pageHeight - top - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  top = Math.max(textTop, top + QR_SIZE) + 26;

  layout.notes(top, NOTES);
}

// The legend reads 「英大文字 ADEF… 数字 234…」: a label must stay on the line of the characters it
// names, so the space between a Japanese label and the Latin run after it becomes a no-break space.
function keepLabelsWithValues(legend: string): string {
  return legend.replace(/([^\x00-\x7f]) (?=[\x21-\x7e])/gu, '$1\u00a0');
}
