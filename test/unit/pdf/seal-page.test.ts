import { execFileSync } from 'node:child_process';
import { PDFArray, PDFContentStream, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { sealPage } from '../../../functions/jobs/pdf/seal-page.js';

const textOf = (pdf: Uint8Array) => execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });

describe('sealing a finished page', () => {
  it('turns its drawing operators into compressed bytes and keeps what was drawn', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage();
    page.drawText('before sealing', { x: 50, y: 700, font, size: 12 });
    const contents = page.node.Contents();
    expect(contents).toBeInstanceOf(PDFArray);
    const ref = (contents as PDFArray).get(0);
    expect(doc.context.lookup(ref)).toBeInstanceOf(PDFContentStream);

    sealPage(page);
    expect(doc.context.lookup(ref)).toBeInstanceOf(PDFRawStream);

    page.drawText('after sealing', { x: 50, y: 600, font, size: 12 });
    const text = textOf(await doc.save());
    expect(text).toContain('before sealing');
    expect(text).toContain('after sealing');
  });
});
