import { randomBytes } from 'node:crypto';
import type { Clock, Ids } from './ports.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What createUlids makes: 26 characters of Crockford base32, upper case. Every kagi id has this form. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32. They sort by time,
 * which keeps audit entries and imports in order without a second index.
 */
export function createUlids(clock: Clock, random: (n: number) => Uint8Array = randomBytes): Ids {
  return {
    next() {
      let time = clock.now().getTime();
      let head = '';
      for (let i = 0; i < 10; i++) {
        head = ALPHABET[time % 32]! + head;
        time = Math.floor(time / 32);
      }
      const bytes = random(16);
      let tail = '';
      for (let i = 0; i < 16; i++) tail += ALPHABET[bytes[i]! & 31];
      return head + tail;
    },
  };
}
