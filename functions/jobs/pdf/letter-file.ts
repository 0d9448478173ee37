import { PageSizes, PDFDocument } from 'pdf-lib';
import type { LetterFile, RegistrationLetter } from '../../core/registration/issuance.js';
import { fontkitForPdfLib } from './fontkit-adapter.js';
import type { NoticeFonts } from './fonts.js';
import { drawLetterPage } from './letter-page.js';
import { pdfFile } from './pdf-file.js';
import { qrCodePng } from './qr-code.js';
import { sealPage } from './seal-page.js';

const TITLE = '私用メールアドレス登録のご案内';

/** One PDF with one A4 page per letter; each registration URL's QR image embedded once. */
export async function renderLetters(fonts: NoticeFonts, letters: readonly RegistrationLetter[]): Promise<Uint8Array> {
  if (letters.length === 0) throw new Error('a letter PDF needs at least one letter');
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
  const images = new Map<string, Awaited<ReturnType<PDFDocument['embedPng']>>>();
  for (const url of new Set(letters.map((l) => l.registrationUrl))) images.set(url, await doc.embedPng(await qrCodePng(url)));
  for (const letter of letters) {
    const page = doc.addPage(PageSizes.A4);
    drawLetterPage(page, letter, { regular, bold, mono }, images.get(letter.registrationUrl)!);
    sealPage(page);
  }
  return doc.save({ useObjectStreams: true });
}

/** Letter pages for the worker. */
export function createLetterFile(): LetterFile {
  return pdfFile(TITLE, renderLetters);
}
