/** A deterministic byte source (mulberry32) so sequence and distribution tests never flake. */
export function seededRandom(seed: number): { bytes: (n: number) => Uint8Array; below: (n: number) => number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
