import { PDFDocument, type PDFFont } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontkitForPdfLib } from '../../../functions/jobs/pdf/fontkit-adapter.js';
import { readNoticeFonts } from '../../../functions/jobs/pdf/fonts.js';
import { fitText, printable, wrapText } from '../../../functions/jobs/pdf/text-fit.js';

let font: PDFFont;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkitForPdfLib);
  font = await doc.embedFont((await readNoticeFonts()).regular, { subset: true });
});

// Noto Sans JP sets every kanji and kana one em wide, so at 10 pt a 50 pt line holds five.
describe('fitting Japanese text', () => {
  it('breaks between characters where there are no spaces', () => {
    expect(wrapText('あいうえおかきくけこさ', font, 10, 50)).toEqual(['あいうえお', 'かきくけこ', 'さ']);
  });

  it('never starts a line with 。 or 」: they hang past the edge instead', () => {
    expect(wrapText('あいうえお。かきくけこ」さ', font, 10, 50)).toEqual(['あいうえお。', 'かきくけこ」', 'さ']);
  });

  it('keeps a Latin word whole when a space comes before it', () => {
    const lines = wrapText('英小文字 abcdefghijkmnp', font, 10, 100);
    expect(lines).toEqual(['英小文字', 'abcdefghijkmnp']);
  });

  it('breaks text set with spaces at a space, and never at a no-break space', () => {
    expect(wrapText('あいう えおか', font, 10, 55)).toEqual(['あいう', 'えおか']);
    const legend = '英大文字 ABC 数字\u00a0234';
    const width = font.widthOfTextAtSize('英大文字 ABC 数字\u00a023', 10) + 1;
    expect(wrapText(legend, font, 10, width)).toEqual(['英大文字 ABC', '数字\u00a0234']);
  });

  it('breaks a URL, which has no break opportunity, where it overflows and loses nothing', () => {
    const url = 'https://kagi.example.jp/login?company=C0001';
    const lines = wrapText(url, font, 10, 80);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(url);
  });

  it('shrinks to fit the allowed lines, and wraps at the minimum size instead of cutting text', () => {
    const long = 'あ'.repeat(12);
    expect(fitText(long, font, { maxSize: 10, minSize: 8, width: 100, maxLines: 1 })).toEqual({ size: 8, lines: ['あ'.repeat(12)] });
    const longer = 'あ'.repeat(30);
    const fitted = fitText(longer, font, { maxSize: 10, minSize: 8, width: 100, maxLines: 1 });
    expect(fitted.size).toBe(8);
    expect(fitted.lines.join('')).toBe(longer);
    expect(fitted.lines).toHaveLength(3);
  });

  it('prints control characters from imported data as a space', () => {
    expect(printable(' 営業部\n第一課\t')).toBe('営業部 第一課');
  });
});
