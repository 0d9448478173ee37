import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFPage } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNoticeFonts } from '../../../functions/jobs/pdf/fonts.js';
import { createNoticeRenderer, type NoticeRenderer } from '../../../functions/jobs/pdf/notice-pdf.js';
import { sampleNotices, SIGN_IN_URL } from './sample-notices.js';

let dir: string;
let renderer: NoticeRenderer;
let pdfPath: string;
let pdf: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kagi-notice-'));
  renderer = createNoticeRenderer({ fonts: await readNoticeFonts() });
  pdf = await renderer.render(sampleNotices);
  pdfPath = join(dir, 'notices.pdf');
  await writeFile(pdfPath, pdf);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pageText = (path: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });

// Glyph ids of every string the page shows: pdf-lib writes them as <hex> Tj, four digits a glyph.
function drawnGlyphIds(page: PDFPage): string[] {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const ops = streams.map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1')).join('\n');
  return [...ops.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)].flatMap((m) => m[1]!.match(/.{4}/g)!);
}

const isImage = (obj: unknown) => obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image');

function imageRefs(page: PDFPage): PDFRef[] {
  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  if (!xObjects) return [];
  return xObjects.values().filter((v): v is PDFRef => v instanceof PDFRef && isImage(page.doc.context.lookup(v)));
}

describe('password notice PDF', () => {
  it('has one A4 page per notice', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
  });

  it('prints each notice on its own page, extractable as text', () => {
    sampleNotices.forEach((notice, i) => {
      const text = pageText(pdfPath, i + 1);
      for (const expected of [notice.companyName, notice.familyName, notice.givenName, '様', notice.loginId, notice.temporaryPassword, SIGN_IN_URL, '初回ログイン時にパスワードの変更が必要です。']) {
        expect(text).toContain(expected);
      }
      // The sign-in page asks for the company code: the notice prints it by the login ID.
      expect(text).toMatch(/会社コード\s+C0001/);
      expect(text).toContain('発行しました');
      expect(text).not.toContain('再発行しました');
      const others = sampleNotices.filter((o) => o !== notice);
      for (const other of others) expect(text).not.toContain(other.temporaryPassword);
    });
    expect(pageText(pdfPath, 2)).toContain('経営企画本部');
  });

  it('draws every character from the embedded fonts (no .notdef boxes, so 髙 and 﨑 print)', async () => {
    const doc = await PDFDocument.load(pdf);
    for (const page of doc.getPages()) {
      const glyphs = drawnGlyphIds(page);
      expect(glyphs.length).toBeGreaterThan(100);
      expect(glyphs).not.toContain('0000');
    }
    expect(sampleNotices.map((n) => renderer.unprintableCharacters(n))).toEqual([[], [], []]);
  });

  it('would show a character the font lacks as .notdef, and names it', async () => {
    const withEmoji = { ...sampleNotices[0]!, givenName: '大輔🙂' };
    expect(renderer.unprintableCharacters(withEmoji)).toEqual(['🙂']);
    const doc = await PDFDocument.load(await renderer.render([withEmoji]));
    expect(drawnGlyphIds(doc.getPage(0))).toContain('0000');
  });

  it('renders to a PNG with pdftoppm', async () => {
    const prefix = join(dir, 'page');
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdfPath, prefix]);
    const png = await readFile(`${prefix}-1.png`);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('embeds the QR code once and draws that one image on every page', async () => {
    const doc = await PDFDocument.load(pdf);
    const perPage = doc.getPages().map(imageRefs);
    expect(perPage.map((refs) => refs.length)).toEqual([1, 1, 1]);
    expect(new Set(perPage.flat().map(String)).size).toBe(1);
    const images = doc.context.enumerateIndirectObjects().filter(([, obj]) => isImage(obj));
    expect(images).toHaveLength(1);
  });

  it('says 再発行 on a reissued notice', async () => {
    const path = join(dir, 'reissue.pdf');
    await writeFile(path, await renderer.render([{ ...sampleNotices[0]!, reissue: true }]));
    const text = pageText(path, 1);
    expect(text).toContain('再発行しました');
    expect(text).toContain('これまでのパスワードは使えません');
    expect(text).not.toContain('ログインIDと仮パスワードを発行しました');
  });

  it('embeds one QR code per sign-in URL when companies share a document', async () => {
    const other = { ...sampleNotices[1]!, companyCode: 'C0002', signInUrl: 'https://kagi.example.jp/login?company=C0002' };
    const doc = await PDFDocument.load(await renderer.render([sampleNotices[0]!, other, sampleNotices[2]!]));
    const perPage = doc.getPages().map((page) => String(imageRefs(page)[0]));
    expect(perPage[0]).toBe(perPage[2]);
    expect(perPage[1]).not.toBe(perPage[0]);
  });

  it('refuses an empty batch', async () => {
    await expect(renderer.render([])).rejects.toThrow(/at least one notice/);
  });
});
