import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../functions/core/auth/password-policy.js';
import { generatePasscode, PASSCODE_LENGTH } from '../../../functions/core/issuance/passcode.js';
import {
  generateTemporaryPassword,
  TEMPORARY_PASSWORD_CHARACTERS,
  TEMPORARY_PASSWORD_LEGEND,
  TEMPORARY_PASSWORD_LENGTH,
} from '../../../functions/core/issuance/temporary-password.js';
import { byteSource, uniformBelow } from '../../../functions/core/shared/uniform-random.js';
import { scriptedRandom, seededRandom } from './seeded-random.js';

const { upper, lower, digits } = TEMPORARY_PASSWORD_CHARACTERS;
const ALPHABET = upper + lower + digits;
// Bytes that draw the given characters (below the rejection limit, a byte b draws ALPHABET[b % 43]).
const bytesFor = (text: string) => [...text].map((c) => ALPHABET.indexOf(c));

describe('temporary password alphabet', () => {
  it('has upper case, lower case and digits, each character once', () => {
    expect(upper).toMatch(/^[A-Z]+$/);
    expect(lower).toMatch(/^[a-z]+$/);
    expect(digits).toMatch(/^[0-9]+$/);
    expect(new Set(ALPHABET).size).toBe(ALPHABET.length);
  });

  it('leaves out every character that looks like another on paper', () => {
    for (const c of '0Oo1Ili') expect(ALPHABET).not.toContain(c);
    // A digit wins over the letters that look like it.
    for (const c of '258') expect(ALPHABET).toContain(c);
    for (const c of 'ZzSsB') expect(ALPHABET).not.toContain(c);
    // Upper and lower case that differ only in size: keep one of each pair.
    for (const c of 'ckpuvwx') expect(ALPHABET.includes(c) && ALPHABET.includes(c.toUpperCase())).toBe(false);
  });

  it('is listed by the legend the notice prints', () => {
    expect(TEMPORARY_PASSWORD_LEGEND.ja).toBe('使用文字列 英大文字 ADEFGHJLMNQRTY 英小文字 abcdefghjkmnpqrtuvwxy 数字 23456789');
    expect(TEMPORARY_PASSWORD_LEGEND.en).toBe('Characters used: uppercase ADEFGHJLMNQRTY, lowercase abcdefghjkmnpqrtuvwxy, digits 23456789');
  });
});

describe('generateTemporaryPassword', () => {
  const samples = Array.from({ length: 5000 }, () => generateTemporaryPassword(randomBytes, 'k7tmw3qa'));

  it('gives 12 characters of the alphabet with every class, passing the password policy', () => {
    const pattern = new RegExp(`^[${ALPHABET}]{${TEMPORARY_PASSWORD_LENGTH}}$`);
    for (const password of samples) {
      expect(password).toMatch(pattern);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[0-9]/);
      expect(passwordProblem(password, 'k7tmw3qa')).toBeUndefined();
    }
  });

  it('uses every character and repeats no password', () => {
    const used = new Set(samples.join(''));
    expect([...used].sort().join('')).toBe([...ALPHABET].sort().join(''));
    expect(new Set(samples).size).toBe(samples.length);
  });

  it('draws again when a password contains the login ID or misses a class', () => {
    const withLoginId = 'Aabcdefgh234';
    const lowerOnly = 'abcdefghjkmn';
    const good = 'gQ7mxTa4pRe9';
    const random = scriptedRandom(bytesFor(withLoginId + lowerOnly + good));
    expect(passwordProblem(withLoginId, 'abcdefgh')).toBe('same-as-login-id');
    expect(generateTemporaryPassword(random, 'abcdefgh')).toBe(good);
  });

  it('skips bytes that would bias the draw', () => {
    const limit = 256 - (256 % ALPHABET.length);
    const biased = Array.from({ length: 256 - limit }, (_, i) => limit + i);
    expect(generateTemporaryPassword(scriptedRandom([...biased, ...bytesFor('gQ7mxTa4pRe9')]))).toBe('gQ7mxTa4pRe9');
  });

  it('fails loudly on a stuck random source', () => {
    expect(() => generateTemporaryPassword(() => new Uint8Array(32))).toThrow(/stuck/);
    expect(() => generateTemporaryPassword(() => new Uint8Array(32).fill(255))).toThrow(/stuck/);
    expect(() => generateTemporaryPassword(() => new Uint8Array(0))).toThrow(/no bytes/);
  });
});

describe('uniformBelow', () => {
  it('maps every byte below the limit to each value equally often and rejects the rest', () => {
    for (const n of [10, 43, 100, 256]) {
      const bytes = Array.from({ length: 256 }, (_, i) => i);
      const next = byteSource(scriptedRandom(bytes));
      const limit = 256 - (256 % n);
      const hits = new Array<number>(n).fill(0);
      for (let drawn = 0; drawn < limit; drawn += 1) hits[uniformBelow(n, next)]! += 1;
      expect(new Set(hits)).toEqual(new Set([limit / n]));
    }
  });

  it('refuses a range one byte cannot cover', () => {
    expect(() => uniformBelow(257, () => 0)).toThrow(RangeError);
    expect(() => uniformBelow(0, () => 0)).toThrow(RangeError);
  });
});

describe('generatePasscode', () => {
  it('can give every one of the 10,000 values, leading zeros kept', () => {
    const all = Array.from({ length: 10_000 }, (_, k) => String(k).padStart(PASSCODE_LENGTH, '0'));
    const drawn = all.map((code) => generatePasscode(scriptedRandom([...code].map(Number))));
    expect(drawn).toEqual(all);
  });

  it('is evenly spread over many draws (seeded, so it cannot flake)', () => {
    const rng = seededRandom(7);
    const hits = new Array<number>(10_000).fill(0);
    const draws = 500_000;
    for (let i = 0; i < draws; i++) hits[Number(generatePasscode(rng.bytes))]! += 1;
    // 50 expected per value. Bounds are loose enough for this seed never to matter; exact
    // uniformity is proven on uniformBelow above, this checks the digits are put together right.
    expect(Math.min(...hits)).toBeGreaterThan(15);
    expect(Math.max(...hits)).toBeLessThan(95);
    const firstHalf = hits.slice(0, 5000).reduce((a, b) => a + b, 0);
    expect(Math.abs(firstHalf / draws - 0.5)).toBeLessThan(0.005);
    const leadingDigit = Array.from({ length: 10 }, (_, d) => hits.slice(d * 1000, d * 1000 + 1000).reduce((a, b) => a + b, 0) / draws);
    for (const share of leadingDigit) expect(Math.abs(share - 0.1)).toBeLessThan(0.003);
  });

  it('skips bytes of 250 and above', () => {
    expect(generatePasscode(scriptedRandom([250, 255, 1, 252, 12, 3, 254, 4]))).toBe('1234');
  });
});
