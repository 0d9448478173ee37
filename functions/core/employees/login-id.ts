// Login IDs are read off paper notices, so characters that look alike there are left out:
// 0/o, 1/l/i. The first character is a letter so spreadsheets never take an ID for a number.
const FIRST_CHARS = 'abcdefghjkmnpqrstuvwxyz';
const OTHER_CHARS = `${FIRST_CHARS}23456789`;

export const LOGIN_ID_LENGTH = 8;
const BYTES_PER_DRAW = 16;
// A working CSPRNG almost never rejects this many bytes in a row; a stuck one would loop forever.
const MAX_REJECTED_BYTES = 1024;

/**
 * A random 8-character login ID (e.g. `k7tmw3qa`). `random` is the caller's CSPRNG, usually
 * `crypto.randomBytes`; characters are drawn by rejection sampling, so each is equally likely.
 */
export function generateLoginId(random: (n: number) => Uint8Array): string {
  const nextByte = byteSource(random);
  let id = draw(FIRST_CHARS, nextByte);
  while (id.length < LOGIN_ID_LENGTH) id += draw(OTHER_CHARS, nextByte);
  return id;
}

function byteSource(random: (n: number) => Uint8Array): () => number {
  let buffer: Uint8Array = new Uint8Array(0);
  let index = 0;
  return () => {
    if (index >= buffer.length) {
      buffer = random(BYTES_PER_DRAW);
      index = 0;
      if (buffer.length === 0) throw new Error('Random source returned no bytes');
    }
    return buffer[index++]!;
  };
}

function draw(alphabet: string, nextByte: () => number): string {
  // Bytes at or above the largest multiple of the alphabet size would favour its first letters.
  const limit = 256 - (256 % alphabet.length);
  for (let rejected = 0; rejected < MAX_REJECTED_BYTES; rejected++) {
    const byte = nextByte();
    if (byte < limit) return alphabet[byte % alphabet.length]!;
  }
  throw new Error('Random source looks stuck: too many rejected bytes');
}
