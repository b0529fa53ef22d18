import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VectorStore } from '../../src/retrieval/vector-store.js';

describe('VectorStore', () => {
  const dimension = 3;
  const vector = fc.array(fc.float({ noNaN: true, min: -1, max: 1 }), { minLength: dimension, maxLength: dimension }).map((xs) => Float32Array.from(xs));
  const operation = fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), id: fc.integer({ min: 1, max: 40 }), v: vector }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), id: fc.integer({ min: 1, max: 40 }) }) },
  );
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

  it('holds what a map of copies would, with the same dot products, after any changes and a round trip through rows()', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 120 }), vector, (operations, query) => {
        const store = new VectorStore(dimension);
        const reference = new Map<number, Float32Array>();
        for (const o of operations) {
          if (o.op === 'set') (store.set(o.id, o.v), reference.set(o.id, Float32Array.from(o.v)));
          else expect(store.delete(o.id)).toBe(reference.delete(o.id));
        }
        const rows = [...store.rows()];
        const ids = Int32Array.from(rows.map(([id]) => id));
        const bytes = new Uint8Array(rows.flatMap(([, v]) => [...new Uint8Array(Float32Array.from(v).buffer)]));
        let at = 0;
        const copy = VectorStore.fromRows(dimension, ids, (into) => (into.set(bytes.subarray(at, at + into.byteLength)), (at += into.byteLength)));
        for (const s of [store, copy]) {
          expect(s.size).toBe(reference.size);
          for (let id = 0; id <= 41; id++) {
            expect(s.get(id)).toEqual(reference.get(id));
            expect(s.dot(id, query)).toBe(reference.has(id) ? dot(reference.get(id)!, query) : undefined);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps vectors apart across chunks, and refuses a vector of another length', () => {
    const store = new VectorStore(2);
    for (let id = 1; id <= 10_000; id++) store.set(id, [id, -id]);
    for (let id = 1; id <= 10_000; id += 999) expect([...store.get(id)!]).toEqual([id, -id]);
    expect(() => store.set(1, [1, 2, 3])).toThrow(/3 numbers, not 2/);
  });
});
