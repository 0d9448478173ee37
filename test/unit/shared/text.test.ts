import { describe, expect, it } from 'vitest';
import { findIllFormed, isWellFormedText, textProblem } from '../../../functions/core/shared/text.js';

describe('text checks', () => {
  it('tells lone surrogates from pairs', () => {
    expect(isWellFormedText('髙橋 𠮷野 😀')).toBe(true);
    expect(isWellFormedText('ab\ud800cd')).toBe(false);
    expect(isWellFormedText('\udc00')).toBe(false);
    expect(isWellFormedText('\ud842')).toBe(false);
    expect(isWellFormedText('\udfb7\ud842')).toBe(false);
  });

  it.each([
    ['ab\ud800cd', 'ill-formed'],
    ['山田\u202E太郎', 'bidi-control'],
    ['\u202Aabc\u202C', 'bidi-control'],
    ['abc\u2067', 'bidi-control'],
    ['a\u200Fb', 'bidi-control'],
    ['\u200B', 'invisible-only'],
    ['\u200B\u200C\u200D\u2060\uFEFF', 'invisible-only'],
    [' \u3000\u200B ', 'invisible-only'],
    ['\u3164', 'invisible-only'],
    ['\u{E0041}', 'invisible-only'],
  ])('names what is wrong with %j', (text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it.each(['山田', '髙橋', '𠮷野', 'ヤマダ', "O'Brien", 'Zoë', '👨‍👩‍👧', '山田\u200B太郎', ''])('accepts %j', (text) => {
    expect(textProblem(text)).toBeUndefined();
  });

  it('finds the first ill-formed string of a parsed body and says where', () => {
    expect(findIllFormed({ a: 'ok', b: [1, 'x', { c: 'y\ud800' }] })).toBe('b[2].c');
    expect(findIllFormed('\udc00')).toBe('(body)');
    expect(findIllFormed({ ['\ud800']: 1 })).toBe('(body)');
    expect(findIllFormed({ a: { ['k\ud800']: 1 } })).toBe('a');
    expect(findIllFormed({ a: 'ok', b: [true, null, 3, { c: '𠮷' }] })).toBeUndefined();
  });

  it('walks a body nested far deeper than the call stack allows', () => {
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findIllFormed(deep)).toMatch(/^\[0\]/);
  });
});
