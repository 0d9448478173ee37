import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

// Why this file exists: pdf-lib 1.17 is written against its own fork, @pdf-lib/fontkit, whose
// subsetter corrupts subset CJK fonts (DESIGN.md §9). Upstream fontkit 2.x
// subsets correctly but changed one call: a subset now has a synchronous `encode()` returning
// the font bytes, while pdf-lib's CustomFontSubsetEmbedder still calls `subset.encodeStream()`
// and listens for 'data' / 'end' / 'error'. Everything else pdf-lib touches exists upstream
// unchanged: `fontkit.create(bytes)` (pdf-lib awaits it, a plain value is fine), and on the
// font `layout`, `createSubset`, `glyphForCodePoint`, `characterSet`, the metrics, and on the
// subset `includeGlyph` (both number the glyphs from 1 after .notdef) and `cff`.

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;
type UpstreamFont = Omit<fontkit.Font, 'createSubset'> & { createSubset(): UpstreamSubset };
type UpstreamSubset = { encode(): Uint8Array; encodeStream?: () => SubsetStream };
type SubsetStream = { on(event: 'data' | 'end' | 'error', listener: (value?: never) => void): SubsetStream };

// pdf-lib asks for a new parse on every embedFont call. fontkit keeps decoded glyphs and
// shaping plans inside the font object, so one parsed font per byte array lets the
// one-document-per-employee path keep that warm state instead of rebuilding it per document.
// pdf-lib only reads the font; each document still gets its own subset.
const parsedFonts = new WeakMap<Uint8Array, PdfLibFont>();

/** The fontkit object to hand to `PDFDocument.registerFontkit`: upstream fontkit 2.x plus `subset.encodeStream()`. */
export const fontkitForPdfLib: PdfLibFontkit = {
  create(bytes: Uint8Array, postscriptName?: string): PdfLibFont {
    const cached = postscriptName === undefined ? parsedFonts.get(bytes) : undefined;
    if (cached) return cached;
    const font = withEncodeStream(withLayoutMemo(parseSingleFont(bytes, postscriptName)));
    if (postscriptName === undefined) parsedFonts.set(bytes, font);
    return font;
  },
};

function parseSingleFont(bytes: Uint8Array, postscriptName?: string): UpstreamFont {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parsed = fontkit.create(buffer, postscriptName);
  if ('fonts' in parsed) throw new Error('a font collection needs a postscriptName to pick one font');
  return parsed as unknown as UpstreamFont;
}

// pdf-lib lays out every string twice (once to measure, once to encode), and a notice page
// repeats the same labels and notes as the page before it. Shaping dominates render time, so
// runs are remembered per string; the memo is dropped whole when full, which keeps it bounded
// without bookkeeping. pdf-lib only reads the glyph runs it gets back.
const LAYOUT_MEMO_SIZE = 10_000;

function withLayoutMemo(font: UpstreamFont): UpstreamFont {
  const layout = font.layout.bind(font);
  const memo = new Map<string, fontkit.GlyphRun>();
  font.layout = (text: string, features?: Parameters<fontkit.Font['layout']>[1]) => {
    if (features !== undefined) return layout(text, features);
    let run = memo.get(text);
    if (!run) {
      if (memo.size >= LAYOUT_MEMO_SIZE) memo.clear();
      run = layout(text);
      memo.set(text, run);
    }
    return run;
  };
  return font;
}

function withEncodeStream(font: UpstreamFont): PdfLibFont {
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    subset.encodeStream = () => streamOfOneChunk(() => subset.encode());
    return subset;
  };
  return font as unknown as PdfLibFont;
}

// pdf-lib attaches its listeners right after the call returns, so the events fire on a later
// microtask; encoding errors go to the 'error' listener, which rejects pdf-lib's promise.
function streamOfOneChunk(encode: () => Uint8Array): SubsetStream {
  const listeners: Partial<Record<'data' | 'end' | 'error', (value?: never) => void>> = {};
  queueMicrotask(() => {
    let bytes: Uint8Array;
    try {
      bytes = encode();
    } catch (err) {
      listeners.error?.(err as never);
      return;
    }
    listeners.data?.(bytes as never);
    listeners.end?.();
  });
  const stream: SubsetStream = {
    on(event, listener) {
      listeners[event] = listener;
      return stream;
    },
  };
  return stream;
}
