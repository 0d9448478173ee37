import { PageSizes, PDFDocument } from 'pdf-lib';
import type { PasscodeNoticeFile, PasscodeNoticeInput } from '../../core/issuance/passcode-issuance.js';
import { fontkitForPdfLib } from './fontkit-adapter.js';
import type { NoticeFonts } from './fonts.js';
import { drawPasscodePage } from './passcode-page.js';
import { pdfFile } from './pdf-file.js';
import { sealPage } from './seal-page.js';

const TITLE = 'パスコードのお知らせ';

/** One PDF with one A4 page per passcode notice, in the given order. */
export async function renderPasscodeNotices(fonts: NoticeFonts, notices: readonly PasscodeNoticeInput[]): Promise<Uint8Array> {
  if (notices.length === 0) throw new Error('a passcode notice PDF needs at least one notice');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkitForPdfLib);
  doc.setTitle(TITLE);
  doc.setLanguage('ja-JP');
  doc.setCreator('kagi');
  doc.setProducer('kagi');
  const [regular, bold, mono] = await Promise.all([
    doc.embedFont(fonts.regular, { subset: true, customName: 'KAGIRG+NotoSansJP-Regular' }),
    doc.embedFont(fonts.bold, { subset: true, customName: 'KAGIBD+NotoSansJP-Bold' }),
    doc.embedFont(fonts.mono, { subset: true, customName: 'KAGIMN+SourceCodePro-SemiBold' }),
  ]);
  for (const notice of notices) {
    const page = doc.addPage(PageSizes.A4);
    drawPasscodePage(page, notice, { regular, bold, mono });
    sealPage(page);
  }
  return doc.save({ useObjectStreams: true });
}

/** Passcode notice pages for the worker. */
export function createPasscodeNoticeFile(): PasscodeNoticeFile {
  return pdfFile(TITLE, renderPasscodeNotices);
}
