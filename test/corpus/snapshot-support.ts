// Seeded bytes standing in for a search snapshot in the snapshot-store specs: the store and the writer
// thread keep bytes without reading them, so distinct, known contents show which snapshot a store holds.

/** `n` bytes from a xorshift32 generator seeded with `seed`: different seeds, different bytes. */
export function seededBytes(n: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = (Math.imul(seed + 1, 0x9e3779b1) | 1) >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 24;
  }
  return out;
}
