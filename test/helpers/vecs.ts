import { readFileSync } from 'node:fs';

/** Reads .fvecs / .ivecs: each vector is an int32 dimension followed by that many float32 / int32 values (little-endian). */
export function readVecs(path: string, type: 'f' | 'i'): number[][] {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: number[][] = [];
  for (let off = 0; off < buf.byteLength; ) {
    const d = view.getInt32(off, true);
    off += 4;
    const v = new Array<number>(d);
    for (let i = 0; i < d; i++, off += 4) v[i] = type === 'f' ? view.getFloat32(off, true) : view.getInt32(off, true);
    out.push(v);
  }
  return out;
}
