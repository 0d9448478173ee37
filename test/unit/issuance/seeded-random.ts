import { mulberry32 } from '../../support/mulberry32.js';

/** A deterministic byte source (mulberry32) so sequence and distribution tests never flake. */
export function seededRandom(seed: number): { bytes: (n: number) => Uint8Array; below: (n: number) => number } {
  const next = mulberry32(seed);
  return {
    bytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
    below: (n) => Math.floor(next() * n),
  };
}

/** A byte source that plays `bytes` once, then fails: the test says exactly what is drawn. */
export function scriptedRandom(bytes: number[]): (n: number) => Uint8Array {
  let at = 0;
  return (n) => {
    if (at >= bytes.length) throw new Error('scripted random source exhausted');
    const chunk = bytes.slice(at, at + n);
    at += chunk.length;
    return Uint8Array.from(chunk);
  };
}
