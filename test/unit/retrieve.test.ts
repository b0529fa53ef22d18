// Candidate generation: the union of both retrievers' top lists, with BOTH scores computed exactly for every
// candidate, so a resource found by one side is not scored 0 by the other.
import { describe, expect, it } from 'vitest';
import { retrieve } from '../../src/match/retrieve.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';

const profile = (id: number): ResourceProfile => ({
  id, kind: 'lab', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null,
});

describe('retrieve', () => {
  // Unit vectors in 4-d: the query is e1. A is closest (cosine 0.8), B next (0.6), C orthogonal.
  // Built inside each test, so that a fault in the indexes fails the test rather than the file's collection.
  const build = () => {
    const index = SearchIndex.empty(4);
    index.upsert(profile(1), Float32Array.from([0.8, 0.6, 0, 0]), ['检测', '纺织'], 'a');
    index.upsert(profile(2), Float32Array.from([0.6, 0, 0.8, 0]), ['盐雾', '检测'], 'b');
    index.upsert(profile(3), Float32Array.from([0, 0, 0, 1]), ['黄酒', '酿造'], 'c');
    return index;
  };
  const query = Float32Array.from([1, 0, 0, 0]);
  const words = { words: ['检测', '盐雾'] };

  it('scores a lexical-only candidate by its exact cosine, and a dense-only one by its exact BM25', async () => {
    const index = build();
    // Depth 1: the dense side finds only A, the lexical side only B.
    expect(index.dense.search(query, 1).map((h) => h.id)).toEqual([1]);
    expect(index.lexical.search(words.words, 1).map((h) => h.id)).toEqual([2]);
    const byId = new Map((await retrieve(index, query, words, 1, 'hybrid')).map((c) => [c.profile.id, c]));
    expect([...byId.keys()].sort()).toEqual([1, 2]);
    // B, found by words only: cosine(e1, B) = 0.6.
    expect(byId.get(2)!.semantic).toBeCloseTo(0.6, 6);
    // A, found by its vector only: BM25 of 检测 in A (N 3, every length 2, so K = 1.2):
    // idf = ln 1.6 = 0.470004, term = 0.470004 × 2.2 / 2.2; ceiling (ln 1.6 + ln 8/3) × 2.2 = 3.191833 → 0.147253.
    expect(byId.get(1)!.lexical).toBeCloseTo(0.147253, 5);
    expect(byId.get(1)!.matchedWords).toEqual(['检测']);
    expect(byId.get(1)!.semantic).toBeCloseTo(0.8, 6);
  });

  it('takes candidates from one side only in a single-retriever mode, still scoring both', async () => {
    const index = build();
    const dense = await retrieve(index, query, words, 1, 'dense');
    expect(dense.map((c) => c.profile.id)).toEqual([1]);
    expect(dense[0]!.lexical).toBeCloseTo(0.147253, 5);
    const lexical = await retrieve(index, query, words, 1, 'lexical');
    expect(lexical.map((c) => c.profile.id)).toEqual([2]);
    expect(lexical[0]!.semantic).toBeCloseTo(0.6, 6);
  });

  it('lets a filter keep candidates out of both sides', async () => {
    const index = build();
    const ids = (await retrieve(index, query, words, 3, 'hybrid', (id) => id !== 1)).map((c) => c.profile.id);
    expect(ids.sort()).toEqual([2, 3]);
  });

  it('skips a hit whose resource has no profile (a vector without its resource)', async () => {
    const index = build();
    index.dense.upsert(9, Float32Array.from([1, 0, 0, 0]));
    // The dense side's top 3 is 9, A and B; the keyword side finds A and B.
    expect(index.dense.search(query, 3).map((h) => h.id)).toEqual([9, 1, 2]);
    const ids = (await retrieve(index, query, words, 3, 'hybrid')).map((c) => c.profile.id);
    expect(ids.sort()).toEqual([1, 2]);
  });

  it('weighs the keyword query’s words as it says', async () => {
    // 盐雾 at weight 0 leaves only 检测 to score, in A and B alike (length 2, the average: K = 1.2): ln 1.6 · 2.2 / 2.2
    // of a ceiling of 2.2 ln 1.6, so 1 / 2.2.
    const index = build();
    const byId = new Map((await retrieve(index, query, { words: ['检测', '盐雾'], weights: new Map([['盐雾', 0]]) }, 3, 'lexical')).map((c) => [c.profile.id, c]));
    expect(byId.get(1)!.lexical).toBeCloseTo(byId.get(2)!.lexical, 12);
    expect(byId.get(2)!.lexical).toBeCloseTo(1 / 2.2, 12);
  });
});
