/**
 * Text that looks like one thing and is another. Every request is checked for ill-formed UTF-16
 * (the HTTP stack), and every stored free-text field for direction controls and for values made
 * only of invisible characters (the employee rules, which CSV rows share).
 */

/** With the `u` flag a surrogate pair is one code point, so only lone halves match. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Bidirectional formatting: the embeddings and overrides (U+202A–U+202E, e.g. the right-to-left
 * override that makes `txt.exe` read `exe.txt`), the isolates (U+2066–U+2069) and the marks
 * (LRM, RLM, ALM). None belongs in a name or an organisation written in Japanese or English.
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * Characters that draw nothing: zero-width space, joiners and word joiner, invisible operators,
 * soft hyphen, combining grapheme joiner, Mongolian and variation selectors, the Hangul fillers,
 * the byte-order mark, tag characters, and every kind of space.
 */
const INVISIBLE_ONLY =
  /^[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]*$/u;

export type TextProblem = 'ill-formed' | 'bidi-control' | 'invisible-only';

/** True when every UTF-16 surrogate is half of a pair (what String.prototype.isWellFormed says, in ES2024). */
export const isWellFormedText = (s: string): boolean => !LONE_SURROGATE.test(s);

/** What is wrong with a free-text value, checked in this order; undefined for good text. Empty text is good. */
export function textProblem(s: string): TextProblem | undefined {
  if (!isWellFormedText(s)) return 'ill-formed';
  if (BIDI_CONTROL.test(s)) return 'bidi-control';
  if (s !== '' && INVISIBLE_ONLY.test(s)) return 'invisible-only';
  return undefined;
}

/**
 * The path (`a.b[2]`) of the first string in a parsed JSON value that is not well-formed UTF-16
 * (a property name counts as a string of its object), or undefined when all are. JSON's `\ud800`
 * escapes are the way such strings arrive. Iterative: a 64 KB body can nest 30,000 levels deep.
 */
export function findIllFormed(root: unknown): string | undefined {
  const pending: Array<{ value: unknown; path: string }> = [{ value: root, path: '' }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return path || '(body)';
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [k] of entries) if (!isWellFormedText(k)) return path || '(body)';
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], path: path ? `${path}.${entries[i]![0]}` : entries[i]![0] });
    }
  }
  return undefined;
}
