// The dense index keeps its vectors in hnswlib alone: similarities to points the search did not return are
// hnswlib's own arithmetic, bit for bit what the search reports; and a search on the pool never runs beside a
// change to the graph (hnswlib does not lock its reads), while what a search finds is what was asked before it.
import { describe, expect, it } from 'vitest';
import { DenseIndex } from '../../src/retrieval/dense-index.js';

const DIM = 16;
function unit(seed: number): Float32Array {
  let s = seed;
  const v = Float32Array.from({ length: DIM }, () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function filled(n: number): DenseIndex {
  const index = new DenseIndex(DIM, undefined, 64);
  for (let id = 1; id <= n; id++) index.upsert(id, unit(id));
  return index;
}

describe('DenseIndex', () => {
  it('measures a point the search did not return exactly as the search measures the ones it did', async () => {
    const index = filled(300);
    const query = unit(1000);
    const hits = index.search(query, 300);
    expect(hits).toHaveLength(300);
    expect(index.similaritiesTo(query, hits.map((h) => h.id))).toEqual(hits.map((h) => h.similarity));
    expect(await index.searchInParallel(query, 300)).toEqual(hits);
    // Two stored points: the cosine of their vectors, symmetric; a missing id counts 0.
    const a = unit(7);
    const b = unit(8);
    expect(index.similarityBetween(7, 8)).toBeCloseTo(a.reduce((s, x, i) => s + x * b[i]!, 0), 5);
    expect(index.similarityBetween(8, 7)).toBe(index.similarityBetween(7, 8));
    expect(index.similarityBetween(7, 9999)).toBe(0);
    expect(index.similaritiesTo(query, [9999, 7])).toEqual([0, index.similarityTo(query, 7)]);
  });

  it('makes a change asked for during a search on the pool once it ends; searches asked for after the change find it', async () => {
    const index = filled(200);
    const query = unit(5000);
    const running = index.searchInParallel(query, 1);
    index.upsert(999, query); // the query's own point: every later search finds it first
    index.remove(1);
    // Not made yet: a search runs on the pool.
    expect(index.has(999)).toBe(false);
    expect(index.has(1)).toBe(true);
    const after = index.searchInParallel(query, 1);
    expect((await running)[0]!.id).not.toBe(999);
    expect(index.has(999)).toBe(true);
    expect(index.has(1)).toBe(false);
    expect((await after)[0]).toEqual({ id: 999, similarity: expect.closeTo(1, 6) });
    expect(index.size).toBe(200);
  });

  it('keeps a graph whole under searches and changes interleaved: every change is made, in order', async () => {
    const index = filled(100);
    const searches: Array<Promise<unknown>> = [];
    for (let round = 0; round < 50; round++) {
      searches.push(index.searchInParallel(unit(round + 7000), 10));
      // Growth past the capacity (a resize) and updates of the same ids while searches run.
      index.upsert(100 + round, unit(round + 9000));
      index.upsert(1 + (round % 10), unit(round + 8000));
      if (round % 7 === 0) index.remove(50 + round);
    }
    await Promise.all(searches);
    for (let round = 0; round < 50; round++) expect(index.has(100 + round)).toBe(true);
    for (const id of [50, 57, 64, 71, 78, 85, 92, 99]) expect(index.has(id)).toBe(false);
    expect(index.size).toBe(149 - 8);
    // Each id holds the vector of its last update.
    for (let id = 1; id <= 10; id++) expect(index.similarityTo(unit(40 + id - 1 + 8000), id)).toBeCloseTo(1, 5);
    expect(index.similarityTo(unit(49 + 9000), 149)).toBeCloseTo(1, 5);
  });
});
