import * as fontkit from 'fontkit';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontkitForPdfLib } from '../../../functions/jobs/pdf/fontkit-adapter.js';
import { readNoticeFonts, type NoticeFonts } from '../../../functions/jobs/pdf/fonts.js';

let fonts: NoticeFonts;
beforeAll(async () => {
  fonts = await readNoticeFonts();
});

// pdf-lib's subset embedder calls exactly this: createSubset, includeGlyph, encodeStream().on(...).
function encodeThroughStream(subset: ReturnType<ReturnType<typeof fontkitForPdfLib.create>['createSubset']>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on('data', (bytes) => parts.push(bytes))
      .on('end', () => resolve(Buffer.concat(parts)))
      .on('error' as 'end', reject);
  });
}

describe('fontkit adapter for pdf-lib', () => {
  it('streams a subset that upstream fontkit reads back with the chosen glyphs', async () => {
    const font = fontkitForPdfLib.create(fonts.regular);
    const subset = font.createSubset();
    const { glyphs } = font.layout('髙﨑', undefined);
    expect(glyphs.map((g) => subset.includeGlyph(g))).toEqual([1, 2]);
    const bytes = await encodeThroughStream(subset);
    const parsed = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    expect(parsed.numGlyphs).toBe(3);
    expect(bytes.length).toBeLessThan(20_000);
    expect(parsed.getGlyph(1).path.commands.length).toBeGreaterThan(20);
  });

  it('parses each font once and reuses it', () => {
    expect(fontkitForPdfLib.create(fonts.bold)).toBe(fontkitForPdfLib.create(fonts.bold));
    expect(fontkitForPdfLib.create(fonts.bold)).not.toBe(fontkitForPdfLib.create(fonts.regular));
  });

  it('lets pdf-lib embed and save a subset font', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkitForPdfLib);
    const font = await doc.embedFont(fonts.regular, { subset: true });
    doc.addPage().drawText('山﨑 誠 様', { font, size: 12 });
    const saved = await doc.save();
    expect(saved.length).toBeLessThan(30_000);
    expect((await PDFDocument.load(saved)).getPageCount()).toBe(1);
  });
});
