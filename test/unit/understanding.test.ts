// The concept lexicon, query expansion, the fusion of evidence and the classifier learned from labelled needs:
// pure functions, checked against hand-worked cases.
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../../src/domain/score-components.js';
import { normaliseText } from '../../src/embedding/normalise.js';
import { DEFAULT_FUSION, fuse, queryFeatures, type FusionParams } from '../../src/match/fusion.js';
import { conceptDistribution, guesses, inferNeed, mix } from '../../src/match/infer.js';
import { DEFAULT_RETRIEVAL } from '../../src/match/settings.js';
import type { Candidate, NeedInference, NeedQuery } from '../../src/match/types.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import { expandQuery } from '../../src/understanding/expand.js';
import { Lexicon, readLexiconFile } from '../../src/understanding/lexicon.js';
import { NeedClassifier } from '../../src/understanding/need-classifier.js';
import { CATEGORIES, INDUSTRIES } from '../../src/domain/taxonomy.js';

const concept = (key: string, cues: string[], over: Partial<Parameters<typeof lexiconOf>[0][number]> = {}) => ({
  key, label: `${key} 标签`, cues, terms: [`${key}术语`], categories: ['testing' as const], industries: ['textile' as const], ...over,
});
const lexiconOf = (concepts: ConstructorParameters<typeof Lexicon>[0]) => new Lexicon(concepts, 7);

describe('the committed lexicon', () => {
  it('holds a few hundred valid entries over every industry and category', () => {
    const concepts = readLexiconFile();
    expect(concepts.length).toBeGreaterThanOrEqual(300);
    expect(new Set(concepts.map((c) => c.key)).size).toBe(concepts.length);
    for (const i of INDUSTRIES) expect(concepts.filter((c) => c.industries.includes(i)).length, i).toBeGreaterThanOrEqual(20);
    for (const c of CATEGORIES) expect(concepts.filter((x) => x.categories[0] === c).length, c).toBeGreaterThanOrEqual(10);
  });

  it('understands an owner’s words as the technical concept', () => {
    const found = Lexicon.committed().understand(normaliseText('我们做的羊毛衫洗两次就缩水变形'));
    expect(found.map((u) => u.key)).toContain('tx-shrinkage');
    expect(found[0]!.strength).toBeGreaterThanOrEqual(found.at(-1)!.strength);
  });
});

describe('matching a text against the lexicon', () => {
  // Built inside each test, so that a fault in the lexicon fails the test rather than the file's collection.
  const lex = () => lexiconOf([concept('shrink', ['缩水', '洗+变形']), concept('rust', ['生锈', '锈'], { industries: ['metal'], categories: ['testing', 'rnd'] }), concept('upper', ['ＳＥＭ'])]);

  it('matches substrings, conjunctions only when every part is there, and folds width and case like the texts', () => {
    expect(lex().understand('衣服洗了两次就变形了').map((u) => [u.key, u.cue, u.strength])).toEqual([['shrink', '洗+变形', 3]]);
    expect(lex().understand('变形了')).toEqual([]);
    expect(lex().understand('想找 sem 拍个照').map((u) => u.key)).toEqual(['upper']);
    expect(lex().version).toBe(7);
    expect(lex().size).toBe(3);
  });

  it('keeps the longest cue of a concept and orders concepts by it, then by key', () => {
    const found = lex().understand('外壳生锈，还缩水');
    expect(found.map((u) => [u.key, u.strength])).toEqual([['rust', 2], ['shrink', 2]]);
    expect(found[0]).toMatchObject({ cue: '生锈', categories: ['testing', 'rnd'], industries: ['metal'], terms: ['rust术语'] });
  });
});

describe('the lexicon’s cues', () => {
  it('keep the first of two equally long cues that match', () => {
    const found = lexiconOf([concept('both', ['缩水', '变形', '洗+缩'])]).understand('缩水又变形');
    expect(found.map((u) => [u.cue, u.strength])).toEqual([['缩水', 2]]);
  });

  it('prefer a longer cue found later to a shorter one found first', () => {
    const found = lexiconOf([concept('long', ['变形', '缩水', '洗了就缩水'])]).understand('洗了就缩水变形');
    expect(found.map((u) => [u.cue, u.strength])).toEqual([['洗了就缩水', 5]]);
    // A conjunction counts the characters of all its parts.
    expect(lexiconOf([concept('and', ['变形', '洗后+尺寸'])]).understand('洗后尺寸变形').map((u) => [u.cue, u.strength])).toEqual([['洗后+尺寸', 4]]);
  });

  it('report every field of the concept they point to', () => {
    const c = concept('full', ['掉色'], { label: '耐洗色牢度', terms: ['耐洗色牢度', '固色'], categories: ['testing', 'standards'], industries: ['textile', 'chemical'] });
    expect(lexiconOf([c]).understand('衣服掉色')).toEqual([
      { key: 'full', label: '耐洗色牢度', terms: ['耐洗色牢度', '固色'], categories: ['testing', 'standards'], industries: ['textile', 'chemical'], cue: '掉色', strength: 2 },
    ]);
  });

  it('come from the committed file as version 1', () => {
    const committed = Lexicon.committed();
    expect(committed.version).toBe(1);
    expect(committed.size).toBe(readLexiconFile().length);
    expect(new Lexicon([]).version).toBe(1);
    expect(new Lexicon([]).understand('缩水')).toEqual([]);
  });
});

describe('query expansion', () => {
  const understood = () => lexiconOf([concept('a', ['缩水'], { terms: ['尺寸稳定性', '缩水率'] }), concept('b', ['变形'], { terms: ['形变检测'] })]).understand('缩水变形');

  it('adds the terms of the first concepts at their weight, never an owner’s own word', () => {
    const q = expandQuery(['缩水', '变形'], understood(), { concepts: 1, weight: 0.5 });
    expect(q.words.slice(0, 2)).toEqual(['缩水', '变形']);
    expect(q.words.length).toBeGreaterThan(2);
    for (const w of q.words.slice(2)) expect(q.weights!.get(w)).toBe(0.5);
    expect(q.weights!.has('缩水')).toBe(false);
    expect(q.words.some((w) => w.includes('形变'))).toBe(false); // only the first concept
  });

  it('is off when asked for no concepts or no weight, or when nothing was understood', () => {
    expect(expandQuery(['缩水'], understood(), { concepts: 0, weight: 0.5 })).toEqual({ words: ['缩水'] });
    expect(expandQuery(['缩水'], understood(), { concepts: 3, weight: 0 })).toEqual({ words: ['缩水'] });
    expect(expandQuery(['缩水'], [], { concepts: 3, weight: 0.5 })).toEqual({ words: ['缩水'] });
  });
});

describe('inference from several sources', () => {
  it('lets a concept vote with its strength, its main category counting double', () => {
    const u = lexiconOf([concept('x', ['缩水了'], { categories: ['testing', 'rnd'] }), concept('y', ['变形'], { categories: ['rnd'] })]).understand('缩水了变形');
    // x: strength 3, testing 2/3 and rnd 1/3 of it; y: strength 2, all rnd. Total 5: testing 2/5, rnd 3/5.
    const d = conceptDistribution(u, (c) => c.categories);
    expect(d.get('testing')).toBeCloseTo(0.4);
    expect(d.get('rnd')).toBeCloseTo(0.6);
  });

  it('mixes the sources that speak by their weights and renormalises over them', () => {
    const a = new Map([['textile', 1]]);
    const b = new Map([['metal', 1]]);
    const m = mix([{ weight: 3, distribution: a }, { weight: 1, distribution: b }, { weight: 5, distribution: new Map() }, { weight: 0, distribution: new Map([['pearl', 1]]) }]);
    expect(Object.fromEntries(m)).toEqual({ textile: 0.75, metal: 0.25 });
  });

  it('calibrates the top guess by σ(a·p + b) and scales the others alike', () => {
    const d = new Map([['testing', 0.6], ['rnd', 0.3], ['policy', 0.1]]);
    expect(guesses(d, undefined)).toEqual([{ code: 'testing', confidence: 0.6 }, { code: 'rnd', confidence: 0.3 }, { code: 'policy', confidence: 0.1 }]);
    // σ(5·0.6 − 2) = σ(1) = 0.731; scale 0.731 / 0.6 = 1.2185: rnd 0.366, policy 0.122.
    expect(guesses(d, { a: 5, b: -2 })).toEqual([{ code: 'testing', confidence: 0.73 }, { code: 'rnd', confidence: 0.37 }, { code: 'policy', confidence: 0.12 }]);
  });

  it('reports what the words were understood as', () => {
    const u = lexiconOf([concept('shrink', ['缩水'])]).understand('缩水');
    const inf = inferNeed('缩水', [], u, { ...DEFAULT_RETRIEVAL, calibration: undefined });
    expect(inf.understood).toEqual([{ key: 'shrink', label: 'shrink 标签', cue: '缩水', categories: ['testing'] }]);
    expect(inf.categories[0]!.code).toBe('testing');
    expect(inf.industries[0]!.code).toBe('textile');
  });
});

const profile = (id: number): ResourceProfile => ({ id, kind: 'lab', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null });
const cand = (id: number, semantic: number, lexical: number): Candidate => ({ profile: profile(id), semantic, lexical, matchedWords: [] });
const bare: NeedQuery = { text: 'x', wantsVoucher: false, filters: {}, limit: 10 };
const inference = (cat: number[], ind: number[], understood = 0): NeedInference => ({
  categories: cat.map((confidence, i) => ({ code: (['testing', 'rnd', 'policy'] as const)[i]!, confidence })),
  industries: ind.map((confidence) => ({ code: 'textile' as const, confidence })),
  understood: Array.from({ length: understood }, (_, i) => ({ key: `k${i}`, label: 'l', cue: 'c', categories: ['testing' as const] })),
});

describe('fusion', () => {
  // Twelve candidates: lexical scores 0.8, 0.7, …; dense ranks them the other way round.
  const cands = Array.from({ length: 12 }, (_, i) => cand(i + 1, 0.5 + i * 0.01, Math.max(0, 0.8 - i * 0.1)));

  it('reads the query’s features from its candidates and its inference', () => {
    const f = queryFeatures(cands, 5, bare, inference([0.7, 0.2], [0.9], 2));
    expect(f.words).toBe(5);
    expect(f.coverage).toBeCloseTo(0.8);
    // The tenth best keyword score is 0: the best stands out entirely.
    expect(f.lexicalGap).toBeCloseTo(1);
    expect(f.understood).toBe(2);
    // Dense top 10: ids 3-12; keyword top 10: ids 1-10 (ties past the eighth by id): 8 in common.
    expect(f.agreement).toBeCloseTo(0.8);
    expect(f.categoryConfidence).toBe(0.7);
    expect(f.categoryMargin).toBeCloseTo(0.5);
    expect(f.industryConfidence).toBe(0.9);
    const given = queryFeatures(cands, 5, { ...bare, category: 'testing', industry: 'metal' }, inference([0.7, 0.2], [0.9]));
    expect([given.categoryConfidence, given.categoryMargin, given.industryConfidence]).toEqual([0, 0, 0]);
  });

  it('changes nothing with neutral parameters', () => {
    const neutral: FusionParams = { lexical: { bias: 0, gap: 0, understood: 0, coverage: 0, agreement: 0 }, inferred: { category: 1, industry: 1, threshold: 0, sharpness: 0 } };
    const f = fuse(queryFeatures(cands, 5, bare, inference([0.5], [0.5])), DEFAULT_WEIGHTS, bare, neutral);
    expect(f.multipliers).toEqual({ lexical: 1, category: 1, industry: 1 });
    expect(f.weights).toEqual(DEFAULT_WEIGHTS);
  });

  it('gives words more say where the best keyword hits stand out or the lexicon understood them', () => {
    const features = queryFeatures(cands, 5, bare, inference([], []));
    const flat = { ...features, lexicalGap: 0.1, understood: 0 };
    const standsOut = { ...features, lexicalGap: 0.9, understood: 0 };
    const understood = { ...flat, understood: 1 };
    const lam = (f: typeof features) => fuse(f, DEFAULT_WEIGHTS, bare).multipliers.lexical;
    expect(lam(flat)).toBeLessThan(lam(standsOut));
    expect(lam(flat)).toBeLessThan(lam(understood));
    expect(lam(flat)).toBeGreaterThan(0);
    expect(lam(understood)).toBeLessThanOrEqual(2);
    // λ = 2σ(−0.5 + 2·(0.1 − 0.5)) = 2σ(−1.3) = 0.428
    expect(lam(flat)).toBeCloseTo(0.428, 3);
    expect(fuse(flat, DEFAULT_WEIGHTS, bare).weights.lexical).toBeCloseTo(DEFAULT_WEIGHTS.lexical * 0.428, 3);
  });

  it('weighs inferred labels by the inference’s sureness, and given labels fully', () => {
    const sure = queryFeatures(cands, 5, bare, inference([0.9, 0.05], [0.9]));
    const unsure = queryFeatures(cands, 5, bare, inference([0.3, 0.25], [0.2]));
    const m = (f: typeof sure, need = bare) => fuse(f, DEFAULT_WEIGHTS, need).multipliers;
    expect(m(sure).category).toBeGreaterThan(m(unsure).category);
    expect(m(sure).industry).toBeGreaterThan(m(unsure).industry);
    expect(m(sure).category).toBeLessThanOrEqual(DEFAULT_FUSION.inferred.category);
    expect(m(unsure, { ...bare, category: 'rnd', industry: 'metal' })).toMatchObject({ category: 1, industry: 1 });
  });
});

describe('the classifier learned from labelled needs', () => {
  // Two clusters of needs in 2-d: textile testing around (1, 0), metal R&D around (0, 1).
  const at = (angle: number) => Float32Array.from([Math.cos(angle), Math.sin(angle)]);
  const needs = Array.from({ length: 200 }, (_, id) => {
    const textile = id % 2 === 0;
    return { id, vector: at((textile ? 0 : Math.PI / 2) + ((id % 7) - 3) * 0.05), industry: textile ? ('textile' as const) : ('metal' as const), category: textile ? ('testing' as const) : ('rnd' as const) };
  });

  it('is adopted when it names held-out needs better than the commonest label, and votes by nearness', () => {
    const { classifier, check } = NeedClassifier.fit(needs);
    expect(check).toMatchObject({ examples: 200, heldOut: 40, industryAccuracy: 1, categoryAccuracy: 1, adopted: true });
    expect(check.industryBaseline).toBe(0.5);
    const vote = classifier!.vote(at(0.1));
    expect([...vote.industries.keys()][0]).toBe('textile');
    expect(vote.categories.get('testing')!).toBeGreaterThan(0.99);
    expect([...vote.industries.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(classifier!.size).toBe(200);
  });

  it('is not used with too few held-out needs, nor when it does no better than the commonest label', () => {
    expect(NeedClassifier.fit(needs.slice(0, 40)).check).toMatchObject({ adopted: false, reason: expect.stringContaining('too few') });
    // Labels that ignore the vectors: nothing to learn.
    const noise = needs.map((n, i) => ({ ...n, industry: i % 3 === 0 ? ('metal' as const) : ('textile' as const), category: 'testing' as const }));
    const { classifier, check } = NeedClassifier.fit(noise);
    expect(classifier).toBeUndefined();
    expect(check.reason).toMatch(/no better than guessing the commonest label/);
  });
});
