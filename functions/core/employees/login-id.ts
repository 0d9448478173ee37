import { byteSource, uniformBelow, type RandomBytes } from '../shared/uniform-random.js';

// Login IDs are read off paper notices, so characters that look alike there are left out:
// 0/o, 1/l/i. The first character is a letter so spreadsheets never take an ID for a number.
const FIRST_CHARS = 'abcdefghjkmnpqrstuvwxyz';
const OTHER_CHARS = `${FIRST_CHARS}23456789`;

export const LOGIN_ID_LENGTH = 8;

/**
 * A random 8-character login ID (e.g. `k7tmw3qa`). `random` is the caller's CSPRNG, usually
 * `crypto.randomBytes`; characters are drawn by rejection sampling, so each is equally likely.
 */
export function generateLoginId(random: RandomBytes): string {
  const nextByte = byteSource(random);
  let id = FIRST_CHARS[uniformBelow(FIRST_CHARS.length, nextByte)]!;
  while (id.length < LOGIN_ID_LENGTH) id += OTHER_CHARS[uniformBelow(OTHER_CHARS.length, nextByte)]!;
  return id;
}
