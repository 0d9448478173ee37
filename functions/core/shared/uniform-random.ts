/** A CSPRNG as the services take it, usually `crypto.randomBytes`. */
export type RandomBytes = (n: number) => Uint8Array;

const BYTES_PER_FETCH = 32;
// A working CSPRNG almost never rejects this many bytes in a row; a stuck one would loop forever.
const MAX_REJECTED_BYTES = 1024;

/** Bytes one at a time from `random`, fetched in small batches. */
export function byteSource(random: RandomBytes): () => number {
  let buffer: Uint8Array = new Uint8Array(0);
  let index = 0;
  return () => {
    if (index >= buffer.length) {
      buffer = random(BYTES_PER_FETCH);
      index = 0;
      if (buffer.length === 0) throw new Error('Random source returned no bytes');
    }
    return buffer[index++]!;
  };
}

/**
 * A uniform integer in [0, n), n ≤ 256, by rejection sampling: bytes at or above the largest
 * multiple of n are thrown away, because taking them modulo n would favour the small values.
 */
export function uniformBelow(n: number, nextByte: () => number): number {
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new RangeError(`uniformBelow: n must be 1..256, got ${n}`);
  const limit = 256 - (256 % n);
  for (let rejected = 0; rejected < MAX_REJECTED_BYTES; rejected++) {
    const byte = nextByte();
    if (byte < limit) return byte % n;
  }
  throw new Error('Random source looks stuck: too many rejected bytes');
}
