import { byteSource, uniformBelow, type RandomBytes } from '../shared/uniform-random.js';

/** Six uniform digits from a CSPRNG (leading zeros are digits like any other). */
export function generateRegistrationPassword(random: RandomBytes): string {
  const next = byteSource(random);
  return Array.from({ length: 6 }, () => String(uniformBelow(10, next))).join('');
}

/** The company option 「…に従業員の誕生日を設定する」: the birth date as yyyymmdd, or undefined without one. */
export function birthDatePassword(birthDate: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? birthDate.replaceAll('-', '') : undefined;
}

/**
 * What the employee typed, as compared: full-width digits become ASCII (NFKC) and spaces or
 * hyphens someone typed to group the digits are dropped.
 */
export function typedDigits(value: string): string {
  return value.normalize('NFKC').replace(/[\s\-‐－]/gu, '');
}
