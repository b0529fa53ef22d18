// The dense index with the engine's default HNSW parameters must find the true neighbours: recall@10 >= 0.98
// on bigann10k (SIFT, L2) against its exact ground truth.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HNSW, DenseIndex } from '../../src/retrieval/dense-index.js';
import { readVecs } from '../helpers/vecs.js';

const dir = resolve(import.meta.dirname, '../../../shared/eval/ann-bigann10k');

describe('HNSW recall on bigann10k', () => {
  it('reaches recall@10 >= 0.98 with the default parameters', () => {
    const base = readVecs(join(dir, 'bigann10k_base.fvecs'), 'f');
    const queries = readVecs(join(dir, 'bigann10k_query.fvecs'), 'f');
    const truth = readVecs(join(dir, 'bigann10k_groundtruth.ivecs'), 'i');
    expect(base).toHaveLength(10_000);

    // Start small so the test also exercises growth.
    const index = new DenseIndex(128, { ...DEFAULT_HNSW, space: 'l2' }, 1024);
    base.forEach((v, i) => index.upsert(i, v));
    expect(index.size).toBe(10_000);

    let found = 0;
    queries.forEach((q, i) => {
      const got = new Set(index.search(q, 10).map((h) => h.id));
      found += truth[i]!.slice(0, 10).filter((id) => got.has(id)).length;
    });
    const recall = found / (queries.length * 10);
    console.log(`bigann10k recall@10 = ${recall.toFixed(4)}`);
    expect(recall).toBeGreaterThanOrEqual(0.98);
  });

  it('removes and re-adds points without returning deleted ones', () => {
    const index = new DenseIndex(4, { ...DEFAULT_HNSW, space: 'cosine' }, 4);
    const v = (x: number) => [1, x, 0, 0];
    for (let i = 1; i <= 10; i++) index.upsert(i, v(i / 10));
    index.remove(3);
    expect(index.search(v(0.3), 10).map((h) => h.id)).not.toContain(3);
    index.upsert(3, [0, 0, 0, 1]);
    expect(index.search([0, 0, 0, 1], 1)[0]!.id).toBe(3);
    expect(index.size).toBe(10);
    expect(index.similarityTo([0, 0, 0, 1], 3)).toBeCloseTo(1);
  });
});
