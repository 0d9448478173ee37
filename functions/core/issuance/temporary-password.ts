import { passwordProblem } from '../auth/password-policy.js';
import type { Messages } from '../shared/errors.js';
import { byteSource, uniformBelow, type RandomBytes } from '../shared/uniform-random.js';

// Temporary passwords are read off a printed notice and typed in, so no two characters of the
// alphabet may be mistaken for each other on paper:
// - 0 O o and 1 I l i are left out entirely;
// - a digit wins over the letters that look like it: 2 over Z z, 5 over S s, 8 over B;
// - where upper and lower case differ only in size (C K P U V W X), only the lower case is kept.
// 43 characters, 12 of them: about 65 bits, ample for a password that must be changed at once.

/** The characters a temporary password is made of, by class, in the order the notice lists them. */
export const TEMPORARY_PASSWORD_CHARACTERS = Object.freeze({
  upper: 'ADEFGHJLMNQRTY',
  lower: 'abcdefghjkmnpqrtuvwxy',
  digits: '23456789',
});

export const TEMPORARY_PASSWORD_LENGTH = 12;

const ALPHABET = TEMPORARY_PASSWORD_CHARACTERS.upper + TEMPORARY_PASSWORD_CHARACTERS.lower + TEMPORARY_PASSWORD_CHARACTERS.digits;

/** The legend printed under the password on the notice (the source prints 「使用文字列 英字 … 数字 …」). */
export const TEMPORARY_PASSWORD_LEGEND: Messages = Object.freeze({
  ja: `使用文字列 英大文字 ${TEMPORARY_PASSWORD_CHARACTERS.upper} 英小文字 ${TEMPORARY_PASSWORD_CHARACTERS.lower} 数字 ${TEMPORARY_PASSWORD_CHARACTERS.digits}`,
  en: `Characters used: uppercase ${TEMPORARY_PASSWORD_CHARACTERS.upper}, lowercase ${TEMPORARY_PASSWORD_CHARACTERS.lower}, digits ${TEMPORARY_PASSWORD_CHARACTERS.digits}`,
});

// A draw passes with probability about 0.9; this many failures in a row means a broken source.
const MAX_DRAWS = 100;

/**
 * A 12-character temporary password from the caller's CSPRNG (usually `crypto.randomBytes`),
 * e.g. `gQ7mxTa4pRe9`. It holds at least one upper-case letter, lower-case letter and digit (so a
 * stricter Cognito policy would take it too) and passes the password policy for `loginId`.
 * Whole passwords that miss either are drawn again, so every acceptable password is equally likely.
 */
export function generateTemporaryPassword(random: RandomBytes, loginId = ''): string {
  const nextByte = byteSource(random);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    let password = '';
    while (password.length < TEMPORARY_PASSWORD_LENGTH) password += ALPHABET[uniformBelow(ALPHABET.length, nextByte)];
    if (hasEveryClass(password) && passwordProblem(password, loginId) === undefined) return password;
  }
  throw new Error('Random source looks stuck: no acceptable temporary password drawn');
}

function hasEveryClass(password: string): boolean {
  const { upper, lower, digits } = TEMPORARY_PASSWORD_CHARACTERS;
  return [upper, lower, digits].every((set) => [...password].some((c) => set.includes(c)));
}
