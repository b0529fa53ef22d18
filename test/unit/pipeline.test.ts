// The match pipeline (src/match/pipeline.ts) over a real SearchIndex of five resources with small unit vectors.
// The need's vector is always given, so the model is never needed: the embedder here throws if it is asked.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, onlyComponent } from '../../src/domain/score-components.js';
import type { Embedder } from '../../src/embedding/embedder.js';
import { AppError } from '../../src/errors.js';
import { DEFAULT_FUSION, fuse, type FusionParams } from '../../src/match/fusion.js';
import { MatchPipeline } from '../../src/match/pipeline.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from '../../src/match/settings.js';
import type { NeedQuery } from '../../src/match/types.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { tokenize } from '../../src/retrieval/tokenize.js';
import { Lexicon } from '../../src/understanding/lexicon.js';
import { NeedClassifier } from '../../src/understanding/need-classifier.js';

const MODEL_CALLED = 'the model must not be called';
const embedder: Embedder = {
  modelId: 'test-model',
  dimension: 4,
  embedPassages: () => {
    throw new Error(MODEL_CALLED);
  },
  embedQuery: () => {
    throw new Error(MODEL_CALLED);
  },
};

const profile = (id: number, over: Partial<ResourceProfile>): ResourceProfile => ({
  id, kind: 'lab', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 5, availability: 'available', provider: null, ...over,
});

// The need's vector is e1: cosines 1, 0.8, 0.6, 0 and 0. Resource 3 shares no word with the need (衣服缩水了), only
// terms of the concept the committed lexicon understands it as (tx-shrinkage: 尺寸稳定性, …).
function buildIndex(): SearchIndex {
  const index = SearchIndex.empty(4);
  const add = (p: ResourceProfile, v: number[], text: string) => index.upsert(p, Float32Array.from(v), tokenize(text), `k${p.id}`);
  add(profile(1, { industries: ['textile'], categories: ['testing'], region: 'keqiao', voucherEligible: true }), [1, 0, 0, 0], '纺织品缩水率检测');
  add(profile(2, { kind: 'expert', industries: ['metal'], categories: ['rnd'], region: 'zhuji' }), [0.8, 0.6, 0, 0], '金属盐雾试验');
  add(profile(3, { industries: ['textile'], categories: ['testing'], region: 'shangyu' }), [0.6, 0, 0.8, 0], '尺寸稳定性检测');
  add(profile(4, { kind: 'service', industries: ['huangjiu'], categories: ['marketing'], region: 'hangzhou', voucherEligible: true }), [0, 0, 0, 1], '黄酒营销推广');
  add(profile(5, { kind: 'equipment', industries: ['textile'], categories: ['rnd'], region: 'keqiao' }), [0, 0.6, 0.8, 0], '衣服面料');
  return index;
}

const vector = Float32Array.from([1, 0, 0, 0]);
const need = (over: Partial<NeedQuery> = {}): NeedQuery => ({ text: '衣服缩水了', wantsVoucher: false, filters: {}, limit: 10, ...over });
const pipeline = (deps: Partial<ConstructorParameters<typeof MatchPipeline>[0]> = {}, index = buildIndex()) => new MatchPipeline({ index: () => index, embedder, ...deps });
const withSources = (sources: Partial<RetrievalSettings['sources']>, over: Partial<RetrievalSettings> = {}): RetrievalSettings => ({
  ...DEFAULT_RETRIEVAL, sources: { keywords: 0, concepts: 0, neighbours: 0, classifier: 0, ...sources }, calibration: undefined, ...over,
});
const ids = (xs: ReadonlyArray<{ profile: ResourceProfile }>) => xs.map((x) => x.profile.id);

describe('the match pipeline', () => {
  it('is not ready while nothing is indexed, before it would ask the model', async () => {
    const p = pipeline({}, SearchIndex.empty(4));
    await expect(p.prepare(need())).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'not_ready');
    await expect(p.match(need(), { vector })).rejects.toThrow('no resources are indexed yet');
  });

  it('uses a given vector instead of the model, and asks the model otherwise', async () => {
    const p = pipeline();
    expect(p.modelId).toBe('test-model');
    await expect(p.match(need(), { vector })).resolves.toBeDefined();
    await expect(p.prepare(need())).rejects.toThrow(MODEL_CALLED);
  });

  it('expands the keyword query with the understood concept’s terms in hybrid mode, at half weight', async () => {
    const prepared = await pipeline().prepare(need(), { vector });
    expect(prepared.inference.understood.map((u) => u.key)).toEqual(['tx-shrinkage']);
    // All five resources are candidates (depth 100). BM25 over N = 5 documents of 6, 3, 5, 3, 2 words with 衣服 and
    // 缩水 at weight 1 and eleven expansion words at 0.5 (computed independently): resource 3, which holds four
    // expansion words, scores 0.081507 of the ceiling (at weight 1 it would be 0.090689).
    const byId = new Map(prepared.candidates.map((c) => [c.profile.id, c]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(byId.get(3)!.lexical).toBeCloseTo(0.081507, 5);
    expect(byId.get(3)!.matchedWords.sort()).toEqual(['定性', '尺寸', '稳定', '稳定性']);
    expect(byId.get(1)!.lexical).toBeCloseTo(0.05581, 5);
    expect(byId.get(5)!.lexical).toBeCloseTo(0.057079, 5);
    expect(byId.get(1)!.semantic).toBeCloseTo(1, 5);
    expect(byId.get(2)!.semantic).toBeCloseTo(0.8, 5);
    // The query's own words, not the added ones.
    expect(prepared.features.words).toBe(2);
  });

  it('keeps the single-retriever baselines to the plain keyword query', async () => {
    // Only 衣服 (resource 5) and 缩水 (resource 1), both with idf ln 4 and average length 3.8: normalised
    // 1 / (2 (1 + K)), K = 1.2 (0.25 + 0.75 · len / 3.8): 0.281899 for resource 5 (2 words), 0.183752 for resource 1 (6).
    const lexical = await pipeline().prepare(need(), { vector, mode: 'lexical' });
    expect(ids(lexical.candidates).sort()).toEqual([1, 5]);
    const byId = new Map(lexical.candidates.map((c) => [c.profile.id, c]));
    expect(byId.get(5)!.lexical).toBeCloseTo(0.281899, 5);
    expect(byId.get(1)!.lexical).toBeCloseTo(0.183752, 5);
    expect(lexical.features.words).toBe(2);
    const dense = await pipeline().prepare(need(), { vector, mode: 'dense' });
    expect(dense.candidates.find((c) => c.profile.id === 3)!.lexical).toBe(0);
    expect(dense.features.words).toBe(2);
  });

  it('scores a single-retriever baseline by its own signal alone, without fusion or feedback', async () => {
    const feedback = () => () => 0.5;
    const dense = await pipeline({ feedback }).match(need(), { vector, mode: 'dense' });
    expect(ids(dense.matches)).toEqual([1, 2, 3, 4, 5]);
    for (const m of dense.matches) {
      expect(m.score).toBe(m.components.semantic);
      expect(m.components.feedback).toBe(0);
    }
    expect('fusion' in dense).toBe(false);
    const lexical = await pipeline({ feedback }).match(need(), { vector, mode: 'lexical' });
    expect(ids(lexical.matches)).toEqual([5, 1]);
    for (const m of lexical.matches) expect(m.score).toBe(m.components.lexical);
    expect(lexical.fusion).toBeUndefined();
  });

  it('fuses the weights in use in hybrid mode and counts operators’ feedback there', async () => {
    const p = pipeline({ feedback: () => (id) => (id === 2 ? -0.5 : 0), weights: () => ({ ...DEFAULT_WEIGHTS, semantic: 2 }) });
    const prepared = await p.prepare(need(), { vector });
    const result = await p.match(need(), { vector });
    expect(result.fusion!.features).toEqual(prepared.features);
    expect(result.fusion).toEqual(fuse(prepared.features, { ...DEFAULT_WEIGHTS, semantic: 2 }, need(), DEFAULT_FUSION));
    const two = result.matches.find((m) => m.profile.id === 2)!;
    expect(two.components.feedback).toBe(-0.5);
    expect(two.contributions.feedback).toBeCloseTo(-0.1, 12);
    expect(two.contributions.semantic).toBeCloseTo(2 * two.components.semantic, 12);
  });

  it('uses the default weights and the given fusion parameters', async () => {
    const neutral: FusionParams = { lexical: { bias: 0, gap: 0, understood: 0, coverage: 0, agreement: 0 }, inferred: { category: 1, industry: 1, threshold: 0, sharpness: 0 } };
    const result = await pipeline({ fusion: neutral }).match(need(), { vector });
    expect(result.fusion!.multipliers).toEqual({ lexical: 1, category: 1, industry: 1 });
    expect(result.fusion!.weights).toEqual(DEFAULT_WEIGHTS);
    for (const m of result.matches) expect(m.score).toBeCloseTo(Object.values(m.contributions).reduce((a, b) => a + b, 0), 12);
  });

  it('takes as many candidates from each retriever as the need asks for when that is more than the depth', async () => {
    const shallow = { ...DEFAULT_RETRIEVAL, depth: 1 };
    expect(ids((await pipeline({ settings: shallow }).prepare(need({ limit: 3 }), { vector, mode: 'dense' })).candidates)).toEqual([1, 2, 3]);
    expect(ids((await pipeline({ settings: shallow }).prepare(need({ limit: 1 }), { vector, mode: 'dense' })).candidates)).toEqual([1]);
    const result = await pipeline({ settings: shallow }).match(need({ limit: 2 }), { vector, mode: 'dense' });
    expect(ids(result.matches)).toEqual([1, 2]);
  });

  it('applies each filter to the candidates themselves', async () => {
    const candidates = async (filters: NeedQuery['filters']) => ids((await pipeline().prepare(need({ filters }), { vector })).candidates).sort();
    expect(await candidates({ kinds: ['expert'] })).toEqual([2]);
    expect(await candidates({ industries: ['huangjiu'] })).toEqual([4]);
    expect(await candidates({ regions: ['keqiao'] })).toEqual([1, 5]);
    expect(await candidates({ voucherOnly: true })).toEqual([1, 4]);
    expect(await candidates({ kinds: [], industries: [], regions: [], voucherOnly: false })).toEqual([1, 2, 3, 4, 5]);
  });

  it('infers what the need is about from the nearest resources of any kind, past the filters', async () => {
    const settings = withSources({ neighbours: 1 }, { inferenceNeighbours: 2 });
    // The nearest two are resource 1 (textile, cosine 1) and resource 2 (metal, 0.8): e⁰ against e⁻¹⁰ at T = 0.02.
    const filtered = await pipeline({ settings }).prepare(need({ filters: { kinds: ['expert'] } }), { vector });
    expect(ids(filtered.candidates)).toEqual([2]);
    expect(ids(filtered.neighbours)).toEqual([1, 2]);
    expect(filtered.neighbours[1]!.similarity).toBeCloseTo(0.8, 5);
    expect(filtered.inference.industries).toEqual([{ code: 'textile', confidence: 1 }]);
    const plain = await pipeline({ settings }).prepare(need(), { vector });
    expect(ids(plain.neighbours)).toEqual([1, 2]);
    expect(plain.inference.industries).toEqual([{ code: 'textile', confidence: 1 }]);
  });

  it('takes the neighbours nearest first from its own candidates in a single-retriever mode', async () => {
    // The keyword candidates come best keyword score first (5, then 1); by cosine resource 1 is the nearer. Nearest
    // of all would be 1 and 2.
    const one = await pipeline({ settings: withSources({ neighbours: 1 }, { inferenceNeighbours: 1 }) }).prepare(need(), { vector, mode: 'lexical' });
    expect(ids(one.neighbours)).toEqual([1]);
    expect(one.neighbours[0]!.similarity).toBeCloseTo(1, 5);
    const two = await pipeline({ settings: withSources({ neighbours: 1 }, { inferenceNeighbours: 2 }) }).prepare(need(), { vector, mode: 'lexical' });
    expect(ids(two.neighbours)).toEqual([1, 5]);
    const three = await pipeline({ settings: withSources({ neighbours: 1 }, { inferenceNeighbours: 3 }) }).prepare(need(), { vector });
    expect(ids(three.neighbours)).toEqual([1, 2, 3]);
  });

  it('understands the words with the lexicon in use, on the normalised text', async () => {
    const lexicon = new Lexicon([{ key: 'wine', label: '黄酒营销', cues: ['ＳＥＭ'], terms: ['黄酒营销'], categories: ['marketing'], industries: ['huangjiu'] }], 2);
    const prepared = await pipeline({ lexicon: () => lexicon }).prepare(need({ text: '衣服 SEM 缩水' }), { vector });
    expect(prepared.inference.understood.map((u) => u.key)).toEqual(['wine']);
    const four = prepared.candidates.find((c) => c.profile.id === 4)!;
    expect(four.matchedWords.sort()).toEqual(['营销', '黄酒']);
    expect(four.lexical).toBeGreaterThan(0);
  });

  it('lets the classifier in use vote, and does without one', async () => {
    const classifier = NeedClassifier.fromExamples([{ id: 1, vector, industry: 'pearl', category: 'finance' }]);
    const settings = withSources({ classifier: 1 });
    const voted = await pipeline({ settings, classifier: () => classifier }).prepare(need(), { vector });
    expect(voted.inference.industries).toEqual([{ code: 'pearl', confidence: 1 }]);
    expect(voted.inference.categories).toEqual([{ code: 'finance', confidence: 1 }]);
    const without = await pipeline({ settings, classifier: () => undefined }).prepare(need(), { vector });
    expect(without.inference.industries).toEqual([]);
  });

  it('judges the need in its given industry, else in a confidently inferred one', async () => {
    expect((await pipeline().match(need({ industry: 'metal' }), { vector })).industry).toBe('metal');
    const bare = await pipeline().match(need(), { vector });
    expect(bare.inference.industries[0]!.code).toBe('textile');
    expect(bare.industry).toBe('textile');
    const unsure = await pipeline({ settings: withSources({}) }).match(need(), { vector });
    expect(unsure.industry).toBeUndefined();
  });

  it('behaves with no settings exactly as with the default ones', async () => {
    const strip = ({ timings: _, ...rest }: { timings: unknown }) => rest;
    const a = await pipeline().prepare(need(), { vector });
    const b = await pipeline({ settings: DEFAULT_RETRIEVAL }).prepare(need(), { vector });
    expect(strip(a)).toEqual(strip(b));
    // With the defaults every source speaks: the keywords, the concept and the neighbours all say textile.
    expect(a.inference.industries[0]).toEqual({ code: 'textile', confidence: expect.any(Number) });
    expect(a.inference.industries[0]!.confidence).toBeGreaterThan(0.9);
  });

  it('times its stages within the time the call took', async () => {
    const p = pipeline();
    const start = performance.now();
    const prepared = await p.prepare(need(), { vector });
    const between = performance.now();
    const result = await p.match(need(), { vector });
    const end = performance.now();
    expect(prepared.timings.embed).toBeGreaterThanOrEqual(0);
    expect(prepared.timings.retrieve).toBeGreaterThan(0);
    expect(prepared.timings.embed + prepared.timings.retrieve).toBeLessThanOrEqual(between - start);
    expect(result.timings.rank).toBeGreaterThan(0);
    expect(result.timings.embed + result.timings.retrieve + result.timings.rank).toBeLessThanOrEqual(end - between);
  });
});
