import { PageSizes, PDFDocument } from 'pdf-lib';
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

/**
 * A renderer for password notices that share one sign-in URL. `fonts` are the bytes from
 * `readNoticeFonts()`; they and the QR code are prepared once and reused by every `render`.
 */
export function createNoticeRenderer({ fonts, signInUrl }: { fonts: NoticeFonts; signInUrl: string }): NoticeRenderer {
  const qrPng = qrCodePng(signInUrl);
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
      // Embedded once: every page draws the same image object, since the URL is the same.
      const qr = await doc.embedPng(await qrPng);
      const assets = { faces: { regular, bold, mono }, qr, signInUrl };
      for (const notice of notices) {
        const page = doc.addPage(PageSizes.A4);
        drawNoticePage(page, notice, assets);
        sealPage(page);
      }
      return doc.save({ useObjectStreams: true });
    },

    unprintableCharacters(notice) {
      drawable ??= new Set(fontkitForPdfLib.create(fonts.regular).characterSet);
      const { companyName, department, familyName, givenName, loginId, passwordLegend, validUntil, issuedAt } = notice;
      const text = [companyName, department, familyName, givenName, loginId, passwordLegend, validUntil, issuedAt].map(printable).join('');
      const missing = new Set<string>();
      for (const char of text) {
        if (/\s/u.test(char) || VARIATION_SELECTOR.test(char)) continue;
        if (!drawable.has(char.codePointAt(0)!)) missing.add(char);
      }
      return [...missing];
    },
  };
}
