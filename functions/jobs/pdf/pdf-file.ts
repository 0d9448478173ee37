import { PDFDocument } from 'pdf-lib';
import { readNoticeFonts, type NoticeFonts } from './fonts.js';

/** In Lambda the fonts are copied beside the bundle (`fonts/`, see lib/constructs/jobs.ts); locally they are read from node_modules. */
const fontDir = () => (process.env.LAMBDA_TASK_ROOT ? `${process.env.LAMBDA_TASK_ROOT}/fonts` : undefined);

/** The fonts, read once per cold start (the first render reads them). */
export function lazyNoticeFonts(): () => Promise<NoticeFonts> {
  let fonts: Promise<NoticeFonts> | undefined;
  return () => (fonts ??= readNoticeFonts(fontDir()));
}

/** The chunks' parts as one document, pages in the parts' order. */
export async function mergePdfParts(parts: Uint8Array[], title: string): Promise<Uint8Array> {
  if (parts.length === 1) return parts[0]!;
  const merged = await PDFDocument.create();
  merged.setTitle(title);
  for (const bytes of parts) {
    const part = await PDFDocument.load(bytes);
    for (const page of await merged.copyPages(part, part.getPageIndices())) merged.addPage(page);
  }
  return merged.save();
}

/** A worker's PDF file of one kind: pages rendered with the fonts, chunk parts merged under `title`. */
export function pdfFile<T>(title: string, render: (fonts: NoticeFonts, items: readonly T[]) => Promise<Uint8Array>) {
  const fonts = lazyNoticeFonts();
  return {
    render: async (items: T[]) => render(await fonts(), items),
    merge: (parts: Uint8Array[]) => mergePdfParts(parts, title),
  };
}
