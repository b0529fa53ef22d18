// Query-adaptive fusion (src/match/fusion.ts): the features read from a query's candidates and inference, and the
// multipliers they give, against hand-computed values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_WEIGHTS } from '../../src/domain/score-components.js';
import { DEFAULT_FUSION, fuse, queryFeatures, type FusionParams, type QueryFeatures } from '../../src/match/fusion.js';
import type { Candidate, NeedInference, NeedQuery } from '../../src/match/types.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';

const profile = (id: number): ResourceProfile => ({ id, kind: 'lab', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null });
const cand = (id: number, semantic: number, lexical: number): Candidate => ({ profile: profile(id), semantic, lexical, matchedWords: [] });
const bare: NeedQuery = { text: 'x', wantsVoucher: false, filters: {}, limit: 10 };
const nothing: NeedInference = { industries: [], categories: [], understood: [] };
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('the query features', () => {
  it('read the top tens and the tenth keyword score as full sorts of every candidate would', () => {
    // Few distinct scores, so that ties (broken by id) decide which candidates make a top ten.
    const score = fc.constantFrom(0, 0.1, 0.25, 0.5, 0.9);
    const candidates = fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 80 }), semantic: score, lexical: score }), { selector: (c) => c.id, maxLength: 40 });
    fc.assert(
      fc.property(candidates, (cs) => {
        const all = cs.map((c) => cand(c.id, c.semantic, c.lexical));
        const top = (key: 'semantic' | 'lexical') => new Set([...all].sort((a, b) => b[key] - a[key] || a.profile.id - b.profile.id).slice(0, 10).map((c) => c.profile.id));
        const lexical = all.map((c) => c.lexical).sort((a, b) => b - a);
        const dense = top('semantic');
        const f = queryFeatures(all, 3, bare, nothing);
        expect(f.coverage).toBe(lexical[0] ?? 0);
        expect(f.lexicalGap).toBe(lexical[0] ? (lexical[0] - (lexical[9] ?? 0)) / lexical[0] : 0);
        expect(f.agreement).toBe(dense.size === 0 ? 0 : [...dense].filter((id) => top('lexical').has(id)).length / 10);
      }),
      { numRuns: 300 },
    );
  });

  it('takes the best keyword score as coverage and its lead over the tenth as the gap', () => {
    // Lexical scores 0.8, 0.75, …, 0.35 (tenth), 0.3, 0.25: gap (0.8 − 0.35) / 0.8 = 0.5625.
    const cands = Array.from({ length: 12 }, (_, i) => cand(i + 1, 0.5, 0.8 - i * 0.05));
    const f = queryFeatures([...cands].reverse(), 3, bare, nothing);
    expect(f.coverage).toBeCloseTo(0.8, 12);
    expect(f.lexicalGap).toBeCloseTo(0.5625, 12);
  });

  it('counts a missing tenth keyword hit as 0, and a query no listing shares a word with as no gap at all', () => {
    // Three candidates: the tenth best does not exist, so the best stands out entirely.
    expect(queryFeatures([cand(1, 0.5, 0.6), cand(2, 0.4, 0.3), cand(3, 0.3, 0)], 2, bare, nothing).lexicalGap).toBe(1);
    const f = queryFeatures([cand(1, 0.5, 0), cand(2, 0.4, 0)], 2, bare, nothing);
    expect(f.coverage).toBe(0);
    expect(f.lexicalGap).toBe(0);
  });

  it('measures agreement as the shared share of a top ten, also when there are fewer candidates', () => {
    // Three candidates, all in both top lists: 3 of a top ten.
    expect(queryFeatures([cand(1, 0.5, 0.6), cand(2, 0.4, 0.3), cand(3, 0.3, 0.1)], 2, bare, nothing).agreement).toBeCloseTo(0.3, 12);
    const empty = queryFeatures([], 0, bare, nothing);
    expect(empty).toEqual({ words: 0, coverage: 0, lexicalGap: 0, understood: 0, agreement: 0, categoryConfidence: 0, categoryMargin: 0, industryConfidence: 0 });
  });

  it('breaks ties in either top ten by the lower id, whatever order the candidates come in', () => {
    // Every semantic score ties: the dense top ten is ids 1-10. Keyword scores rise with the id: ids 3-12.
    const cands = Array.from({ length: 12 }, (_, i) => cand(i + 1, 0.5, 0.1 + i * 0.01));
    expect(queryFeatures([...cands].reverse(), 2, bare, nothing).agreement).toBeCloseTo(0.8, 12);
    // And the other way round: keyword scores all tie (ids 1-10), semantic rises with the id (ids 3-12).
    const flipped = Array.from({ length: 12 }, (_, i) => cand(i + 1, 0.1 + i * 0.01, 0.5));
    expect(queryFeatures([...flipped].reverse(), 2, bare, nothing).agreement).toBeCloseTo(0.8, 12);
  });

  it('reads a lone inferred category’s margin as its whole confidence', () => {
    const inf: NeedInference = { industries: [{ code: 'metal', confidence: 0.4 }], categories: [{ code: 'testing', confidence: 0.65 }], understood: [] };
    const f = queryFeatures([cand(1, 0.5, 0.2)], 1, bare, inf);
    expect([f.categoryConfidence, f.categoryMargin, f.industryConfidence]).toEqual([0.65, 0.65, 0.4]);
    // A named category leaves the industry's inference alone, and the other way round.
    expect(queryFeatures([], 1, { ...bare, category: 'rnd' }, inf)).toMatchObject({ categoryConfidence: 0, categoryMargin: 0, industryConfidence: 0.4 });
    expect(queryFeatures([], 1, { ...bare, industry: 'metal' }, inf)).toMatchObject({ categoryConfidence: 0.65, categoryMargin: 0.65, industryConfidence: 0 });
  });
});

describe('fusing the evidence', () => {
  const features: QueryFeatures = { words: 4, coverage: 0.6, lexicalGap: 0.7, understood: 5, agreement: 0.5, categoryConfidence: 0.6, categoryMargin: 0.3, industryConfidence: 0.7 };
  const params: FusionParams = {
    lexical: { bias: 0.1, gap: 1, understood: 0.5, coverage: 2, agreement: 4 },
    inferred: { category: 0.4, industry: 0.8, threshold: 0.2, sharpness: 2 },
  };

  it('computes λ from every feature, counting at most three understood concepts', () => {
    // z = 0.1 + 1·(0.7 − 0.5) + 0.5·min(5, 3) + 2·(0.6 − 0.5) + 4·(0.5 − 0.3) = 2.8; λ = 2σ(2.8) = 1.885352 → 1.8854.
    const f = fuse(features, DEFAULT_WEIGHTS, bare, params);
    expect(f.multipliers.lexical).toBe(1.8854);
    expect(f.weights.lexical).toBeCloseTo(DEFAULT_WEIGHTS.lexical * 1.8854, 12);
    expect(fuse({ ...features, understood: 3 }, DEFAULT_WEIGHTS, bare, params).multipliers.lexical).toBe(1.8854);
    // Two understood concepts: z = 2.3, 2σ(2.3) = 1.817754 → 1.8178.
    expect(fuse({ ...features, understood: 2 }, DEFAULT_WEIGHTS, bare, params).multipliers.lexical).toBe(1.8178);
  });

  it('gates inferred labels by scale × σ(sharpness × (confidence + margin − threshold))', () => {
    // category: 0.4 σ(2 (0.6 + 0.3 − 0.2)) = 0.4 σ(1.4) = 0.320874 → 0.3209; industry (no margin): 0.8 σ(2 (0.7 − 0.2)) = 0.8 σ(1) = 0.584847 → 0.5848.
    const f = fuse(features, DEFAULT_WEIGHTS, bare, params);
    expect(f.multipliers.category).toBe(0.3209);
    expect(f.multipliers.industry).toBe(0.5848);
    expect(f.weights.category).toBeCloseTo(DEFAULT_WEIGHTS.category * 0.3209, 12);
    expect(f.weights.industry).toBeCloseTo(DEFAULT_WEIGHTS.industry * 0.5848, 12);
  });

  it('uses the scale alone when the gate has no sharpness', () => {
    const f = fuse(features, DEFAULT_WEIGHTS, bare, { ...params, inferred: { ...params.inferred, sharpness: 0 } });
    expect(f.multipliers).toMatchObject({ category: 0.4, industry: 0.8 });
  });

  it('counts a given category or industry fully, and only that one', () => {
    expect(fuse(features, DEFAULT_WEIGHTS, { ...bare, category: 'testing' }, params).multipliers).toEqual({ lexical: 1.8854, category: 1, industry: 0.5848 });
    expect(fuse(features, DEFAULT_WEIGHTS, { ...bare, industry: 'metal' }, params).multipliers).toEqual({ lexical: 1.8854, category: 0.3209, industry: 1 });
  });

  it('leaves the other weights as they are and returns the features it used', () => {
    const base = { ...DEFAULT_WEIGHTS, semantic: 0.9, voucher: 0.07 };
    const f = fuse(features, base, bare, params);
    expect(f.features).toBe(features);
    expect(f.weights).toMatchObject({ semantic: 0.9, region: base.region, voucher: 0.07, availability: base.availability, feedback: base.feedback });
    expect(base.lexical).toBe(DEFAULT_WEIGHTS.lexical);
  });

  it('uses the fitted parameters by default', () => {
    // λ = 2σ(−0.5 + 2 (0.7 − 0.5) + 3·3) = 2σ(8.9); category 0.25 σ(5 · 0.9); industry 0.75 σ(5 · 0.7).
    const f = fuse(features, DEFAULT_WEIGHTS, bare);
    const round = (x: number) => Math.round(x * 1e4) / 1e4;
    expect(f.multipliers).toEqual({ lexical: round(2 * sigmoid(8.9)), category: round(0.25 * sigmoid(4.5)), industry: round(0.75 * sigmoid(3.5)) });
    expect(f).toEqual(fuse(features, DEFAULT_WEIGHTS, bare, DEFAULT_FUSION));
  });
});
