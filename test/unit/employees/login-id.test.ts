import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateLoginId } from '../../../functions/core/employees/login-id.js';
import { validateEmployeeInput } from '../../../functions/core/employees/validate.js';

const LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const OTHERS = `${LETTERS}23456789`;

/** A random source that hands out these bytes, then zeros. */
function bytes(...values: number[]) {
  const queue = [...values];
  return (n: number) => Uint8Array.from({ length: n }, () => queue.shift() ?? 0);
}

describe('generateLoginId', () => {
  it('makes 8 characters, a letter first, without 0 o 1 l i', () => {
    for (let i = 0; i < 2000; i++) {
      const id = generateLoginId(randomBytes);
      expect(id).toMatch(/^[a-hjkmnp-z][a-hjkmnp-z2-9]{7}$/);
    }
  });

  it('passes the login ID rules of the validator', () => {
    const result = validateEmployeeInput({ employeeCode: '1', familyName: '山田', givenName: '太郎', loginId: generateLoginId(randomBytes) });
    expect(result.ok).toBe(true);
  });

  it('uses the caller’s random bytes, so it is deterministic given them', () => {
    expect(generateLoginId(bytes(0, 1, 2, 30, 23, 24, 25, 22))).toBe('abc9234z');
  });

  it('rejects the bytes that would bias the first letters instead of wrapping them around', () => {
    // 23 letters: 253, 254, 255 would be a, b, c again under a plain modulo.
    expect(generateLoginId(bytes(253, 254, 255, 5))[0]).toBe('f');
    // 31 characters: 248..255 would be a..h again.
    expect(generateLoginId(bytes(0, 248, 255, 30)).slice(0, 2)).toBe('a9');
  });

  it('gives every first letter exactly the same number of byte values', () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const first = generateLoginId(bytes(b, 22))[0]!; // 22 → 'z' when b is rejected
      if (b < 253) counts.set(first, (counts.get(first) ?? 0) + 1);
      else expect(first).toBe('z');
    }
    expect([...counts.keys()].sort().join('')).toBe(LETTERS);
    expect(new Set(counts.values())).toEqual(new Set([11]));
  });

  it('spreads the other characters evenly over the 31 allowed', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) for (const c of generateLoginId(randomBytes).slice(1)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...OTHERS].sort().join(''));
    // 21,000 draws over 31 characters: about 677 each; 500..860 is far outside chance.
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(500);
      expect(n).toBeLessThan(860);
    }
  });

  it('fails loudly on a broken random source instead of looping', () => {
    expect(() => generateLoginId(() => new Uint8Array(0))).toThrow(/no bytes/);
    expect(() => generateLoginId((n) => new Uint8Array(n).fill(255))).toThrow(/stuck/);
  });
});
