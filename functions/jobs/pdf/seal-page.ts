import type { PDFContentStream, PDFPage, PDFRef } from 'pdf-lib';

// pdf-lib keeps every drawing operator of every page as live objects until save(): about
// 130 KB of heap per notice page, so 10,000 notices needed 1.3 GB. A finished page's content
// stream is compressed to bytes at once instead (the same Flate pdf-lib applies on save).
// This reaches into two private fields of PDFPage (pdf-lib 1.17, no longer developed):
// clearing them is what pdf-lib's own getContentStream(false) does to start a fresh stream,
// so a later draw on the page still works; it just adds a second stream.
type PageInternals = { contentStream?: PDFContentStream; contentStreamRef?: PDFRef };

/** Compresses a finished page's drawing operators into bytes so they stop holding memory. */
export function sealPage(page: PDFPage): void {
  const internals = page as unknown as PageInternals;
  const { contentStream, contentStreamRef } = internals;
  if (!contentStream || !contentStreamRef) return;
  const { context } = page.doc;
  context.assign(contentStreamRef, context.flateStream(contentStream.getUnencodedContents()));
  internals.contentStream = undefined;
  internals.contentStreamRef = undefined;
}
