import { PageSizes, PDFDocument, type PDFImage } from 'pdf-lib';
import { fontkitForPdfLib } from './fontkit-adapter.js';
import type { NoticeFonts } from './fonts.js';
import { drawNoticePage, type PasswordNotice } from './notice-page.js';
import { qrCodePng } from './qr-code.js';
import { sealPage } from './seal-page.js';
import { printable } from './text-fit.js';

export type { PasswordNotice } from './notice-page.js';

export type NoticeRenderer = {
  /** One PDF with one A4 page per notice, in the given order (one notice for one employee). */
  render(notices: readonly PasswordNotice[]): Promise<Uint8Array>;
  /** Characters of the notice's printed text that the Japanese face cannot draw (they would print as empty boxes). */
  unprintableCharacters(notice: PasswordNotice): string[];
};

// Variation selectors ride on the preceding kanji through the font's cmap format 14; they
// are not characters of their own, so they never count as missing.
const VARIATION_SELECTOR = /[\u{fe00}-\u{fe0f}\u{e0100}-\u{e01ef}]/u;

/** QR images kept across documents: one per company sign-in URL a worker has seen lately. */
const QR_CACHE_SIZE = 64;

/**
 * A renderer for password notices. `fonts` are the bytes from `readNoticeFonts()`; they are
 * prepared once, and each sign-in URL's QR code once, and reused by every `render`.
 */
export function createNoticeRenderer({ fonts }: { fonts: NoticeFonts }): NoticeRenderer {
  const qrPngs = new Map<string, Promise<Uint8Array>>();
  const qrPngOf = (url: string) => {
    let png = qrPngs.get(url);
    if (!png) {
      if (qrPngs.size >= QR_CACHE_SIZE) qrPngs.delete(qrPngs.keys().next().value!);
      png = qrCodePng(url);
      qrPngs.set(url, png);
    }
    return png;
  };
  let drawable: Set<number> | undefined;

  return {
    async render(notices) {
      if (notices.length === 0) throw new Error('a notice PDF needs at least one notice');
      const doc = await PDFDocument.create();
      doc.registerFontkit(fontkitForPdfLib);
      doc.setTitle('ログイン情報のお知らせ');
      doc.setLanguage('ja-JP');
      doc.setCreator('kagi');
      doc.setProducer('kagi');

      // Subsetting keeps only the glyphs drawn: a few hundred CJK glyphs instead of 5 MB per face.
      // The six-letter tag marks a subset (PDF 32000 §9.6.4), so no viewer swaps in a system font.
      const [regular, bold, mono] = await Promise.all([
        doc.embedFont(fonts.regular, { subset: true, customName: 'KAGIRG+NotoSansJP-Regular' }),
        doc.embedFont(fonts.bold, { subset: true, customName: 'KAGIBD+NotoSansJP-Bold' }),
        doc.embedFont(fonts.mono, { subset: true, customName: 'KAGIMN+SourceCodePro-SemiBold' }),
      ]);
      // Each URL's QR code embedded once: the pages of one company draw the same image object.
      const faces = { regular, bold, mono };
      const images = new Map<string, Promise<PDFImage>>();
      for (const url of new Set(notices.map((n) => n.signInUrl))) images.set(url, qrPngOf(url).then((png) => doc.embedPng(png)));
      for (const notice of notices) {
        const page = doc.addPage(PageSizes.A4);
        drawNoticePage(page, notice, { faces, qr: await images.get(notice.signInUrl)! });
        sealPage(page);
      }
      return doc.save({ useObjectStreams: true });
    },

    unprintableCharacters(notice) {
      drawable ??= new Set(fontkitForPdfLib.create(fonts.regular).characterSet);
      const { companyName, companyCode, department, familyName, givenName, loginId, passwordLegend, validUntil, issuedAt } = notice;
      const text = [companyName, companyCode, department, familyName, givenName, loginId, passwordLegend, validUntil, issuedAt].map(printable).join('');
      const missing = new Set<string>();
      for (const char of text) {
        if (/\s/u.test(char) || VARIATION_SELECTOR.test(char)) continue;
        if (!drawable.has(char.codePointAt(0)!)) missing.add(char);
      }
      return [...missing];
    },
  };
}
