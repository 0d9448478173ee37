import { byteSource, uniformBelow, type RandomBytes } from '../shared/uniform-random.js';

export const PASSCODE_LENGTH = 4;

/**
 * A 4-digit passcode for the web time clock, `0000`–`9999`, every value equally likely
 * (each digit drawn by rejection sampling from the caller's CSPRNG). Leading zeros are kept.
 */
export function generatePasscode(random: RandomBytes): string {
  const nextByte = byteSource(random);
  let passcode = '';
  while (passcode.length < PASSCODE_LENGTH) passcode += String(uniformBelow(10, nextByte));
  return passcode;
}
