import type { PDFFont } from 'pdf-lib';

// Japanese has no spaces to break at, so lines break between graphemes (which keeps a
// surrogate pair or a kanji with its variation selector together).
const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

// Japanese line-breaking rules (kinsoku): these never start a line, so they hang past the
// right edge instead, as Japanese print does (burasagari).
const NO_LINE_START = /^[、。，．,.)）」』】〕〉》］｝ゝゞーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；！？!?…‥]$/u;
const ASCII_WORD = /^[\x21-\x7e]$/;
const SPACE = /^[ \u3000]$/u;
const NO_BREAK_SPACE = '\u00a0';

// A line may break at a space, between two Japanese characters, or where Japanese meets
// Latin; never inside a Latin word or a URL, nor at a no-break space.
function canBreakBetween(before: string, after: string): boolean {
  if (SPACE.test(before) || SPACE.test(after)) return true;
  if (before === NO_BREAK_SPACE || after === NO_BREAK_SPACE) return false;
  return !(ASCII_WORD.test(before) && ASCII_WORD.test(after));
}

// Every notice page wraps the same notes and legend again; a per-font memo (fonts live as long
// as their document) skips that. Dropped whole when full, like the layout memo.
const wrapMemo = new WeakMap<PDFFont, Map<string, readonly string[]>>();
const WRAP_MEMO_SIZE = 2_000;

/** Splits `text` into lines no wider than `width` at `size`, breaking between graphemes but not inside a Latin word or at a no-break space. */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  let memo = wrapMemo.get(font);
  if (!memo) wrapMemo.set(font, (memo = new Map()));
  const key = `${size}\u0000${width}\u0000${text}`;
  let lines = memo.get(key);
  if (!lines) {
    if (memo.size >= WRAP_MEMO_SIZE) memo.clear();
    lines = breakLines(text, font, size, width);
    memo.set(key, lines);
  }
  return [...lines];
}

function breakLines(text: string, font: PDFFont, size: number, width: number): string[] {
  const segments = Array.from(graphemes.segment(text), (s) => s.segment);
  const lines: string[] = [];
  let line: string[] = [];
  let lineWidth = 0;
  const widthOf = (parts: string[]) => font.widthOfTextAtSize(parts.join(''), size);
  for (const segment of segments) {
    const segmentWidth = font.widthOfTextAtSize(segment, size);
    if (line.length === 0 || lineWidth + segmentWidth <= width || NO_LINE_START.test(segment)) {
      line.push(segment);
      lineWidth += segmentWidth;
      continue;
    }
    // Text set with spaces (the password legend) breaks at its last space, unless that leaves a
    // ragged short line; otherwise at the last opportunity; with none (a long URL), at the overflow.
    const lastBreak = (allowed: (before: string, after: string) => boolean): number => {
      let at = line.length;
      while (at > 0 && !allowed(line[at - 1]!, line[at] ?? segment)) at--;
      return at;
    };
    const atSpace = lastBreak((before, after) => SPACE.test(before) || SPACE.test(after));
    const breakAt = atSpace >= line.length / 2 ? atSpace : lastBreak(canBreakBetween);
    const carried = breakAt > 0 ? line.splice(breakAt) : [];
    lines.push(line.join('').trimEnd());
    line = [...carried, segment];
    while (line.length > 0 && SPACE.test(line[0]!)) line.shift();
    lineWidth = widthOf(line);
  }
  if (line.length > 0) lines.push(line.join(''));
  return lines;
}

export type FittedText = { size: number; lines: string[] };

/**
 * The largest size from `maxSize` down to `minSize` (in half points) at which `text` fits in
 * `maxLines` lines of `width`; at `minSize` it takes as many lines as it needs, so nothing
 * printed on a notice is ever cut off.
 */
export function fitText(text: string, font: PDFFont, opts: { maxSize: number; minSize: number; width: number; maxLines: number }): FittedText {
  for (let size = opts.maxSize; size > opts.minSize; size -= 0.5) {
    const lines = wrapText(text, font, size, opts.width);
    if (lines.length <= opts.maxLines) return { size, lines };
  }
  return { size: opts.minSize, lines: wrapText(text, font, opts.minSize, opts.width) };
}

/** Control characters (a stray newline or tab in an imported name) drawn as one space. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}
