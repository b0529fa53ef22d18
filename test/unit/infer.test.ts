// Inference of a bare-text need's industries and categories (src/match/infer.ts): each source's distribution,
// the mix and the calibrated guesses, against hand-computed values.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_KEYWORDS, INDUSTRIES, INDUSTRY_KEYWORDS } from '../../src/domain/taxonomy.js';
import { conceptDistribution, guesses, inferNeed, keywordDistribution, mix, neighbourDistribution, type Neighbour } from '../../src/match/infer.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from '../../src/match/settings.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import type { Understood } from '../../src/understanding/lexicon.js';

const profile = (id: number, over: Partial<ResourceProfile> = {}): ResourceProfile => ({
  id, kind: 'lab', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null, ...over,
});
const neighbour = (similarity: number, categories: ResourceProfile['categories'], industries: ResourceProfile['industries'] = []): Neighbour => ({ similarity, profile: profile(1, { categories, industries }) });
const understood = (key: string, strength: number, categories: Understood['categories'], industries: Understood['industries'] = []): Understood => ({
  key, label: key, terms: [], categories, industries, cue: key, strength,
});
const only = (source: keyof RetrievalSettings['sources']): Pick<RetrievalSettings, 'sources' | 'temperature' | 'calibration'> => ({
  sources: { keywords: 0, concepts: 0, neighbours: 0, classifier: 0, [source]: 1 },
  temperature: 0.02,
  calibration: undefined,
});

describe('keyword evidence', () => {
  it('counts each keyword found by half its length, at most 2, and normalises over the industries', () => {
    // huangjiu: 黄酒 1 + 酒 0.5 = 1.5; metal: 铸造 1. Of 2.5: 0.6 and 0.4.
    const d = keywordDistribution('黄酒 铸造', INDUSTRIES, INDUSTRY_KEYWORDS);
    expect([...d.keys()].sort()).toEqual(['huangjiu', 'metal']);
    expect(d.get('huangjiu')).toBeCloseTo(0.6, 12);
    expect(d.get('metal')).toBeCloseTo(0.4, 12);
    // chemical: 中间体 1.5 + 染料中间体 (five characters, counted as four) 2 = 3.5; textile: 染料 1. Of 4.5.
    const long = keywordDistribution('染料中间体', INDUSTRIES, INDUSTRY_KEYWORDS);
    expect([...long.keys()].sort()).toEqual(['chemical', 'textile']);
    expect(long.get('chemical')).toBeCloseTo(3.5 / 4.5, 12);
    expect(long.get('textile')).toBeCloseTo(1 / 4.5, 12);
  });

  it('says nothing about a text without keywords', () => {
    expect(keywordDistribution('你好', CATEGORIES, CATEGORY_KEYWORDS).size).toBe(0);
  });
});

describe('neighbour evidence', () => {
  it('is a softmax over similarity, each vote split over the neighbour’s labels, unlabelled neighbours left out', () => {
    // T = 0.02: the first neighbour votes e⁰ = 1 for testing, the second e⁻¹ split over testing and rnd.
    const d = neighbourDistribution([neighbour(0.95, []), neighbour(0.9, ['testing']), neighbour(0.88, ['testing', 'rnd'])], (p) => p.categories, 0.02);
    expect([...d.keys()]).toEqual(['testing', 'rnd']);
    expect(d.get('testing')).toBeCloseTo(0.865529, 6);
    expect(d.get('rnd')).toBeCloseTo(0.134471, 6);
  });

  it('stays finite with a sharp temperature, however far apart the similarities', () => {
    const d = neighbourDistribution([neighbour(-1, ['rnd']), neighbour(1, ['testing'])], (p) => p.categories, 0.001);
    expect(d.get('testing')).toBe(1);
    expect(d.get('rnd')).toBe(0);
    // An unlabelled neighbour much closer than the labelled ones does not drown their votes.
    const far = neighbourDistribution([neighbour(1, []), neighbour(0.5, ['testing'])], (p) => p.categories, 0.0005);
    expect(Object.fromEntries(far)).toEqual({ testing: 1 });
  });

  it('says nothing without labelled neighbours', () => {
    expect(neighbourDistribution([], (p) => p.categories, 0.02).size).toBe(0);
    expect(neighbourDistribution([neighbour(0.9, [])], (p) => p.categories, 0.02).size).toBe(0);
  });
});

describe('concept evidence', () => {
  it('gives the first label twice the share of each other one, weighted by the cue’s strength', () => {
    // Strength 4 over (metal, textile, pearl): 2, 1, 1; strength 2 for textile alone. Total 6.
    const d = conceptDistribution([understood('a', 4, ['testing'], ['metal', 'textile', 'pearl']), understood('b', 2, ['rnd'], ['textile'])], (u) => u.industries);
    expect(d.get('metal')).toBeCloseTo(2 / 6, 12);
    expect(d.get('textile')).toBeCloseTo(3 / 6, 12);
    expect(d.get('pearl')).toBeCloseTo(1 / 6, 12);
    expect(conceptDistribution([understood('c', 3, ['testing'], [])], (u) => u.industries).size).toBe(0);
  });
});

describe('mixing the sources', () => {
  it('says nothing when no source with weight speaks', () => {
    expect(mix([{ weight: 0, distribution: new Map([['metal', 1]]) }, { weight: 2, distribution: new Map() }]).size).toBe(0);
  });

  it('renormalises over the sources that speak, whatever their scale', () => {
    const m = mix([{ weight: 0.4, distribution: new Map([['metal', 0.5], ['pearl', 0.5]]) }, { weight: 0.1, distribution: new Map([['metal', 1]]) }]);
    expect(m.get('metal')).toBeCloseTo(0.8 * 0.5 + 0.2, 12);
    expect(m.get('pearl')).toBeCloseTo(0.8 * 0.5, 12);
  });
});

describe('guesses', () => {
  it('keep at most three, from a confidence of 0.1, rounded to hundredths, ties in code order', () => {
    const d = new Map([['rnd', 0.2], ['testing', 0.4], ['patent', 0.2], ['policy', 0.1], ['talent', 0.0999]]);
    expect(guesses(d, undefined)).toEqual([{ code: 'testing', confidence: 0.4 }, { code: 'patent', confidence: 0.2 }, { code: 'rnd', confidence: 0.2 }]);
    expect(guesses(new Map([['a', 0.5], ['b', 0.1], ['c', 0.0999]]), undefined)).toEqual([{ code: 'a', confidence: 0.5 }, { code: 'b', confidence: 0.1 }]);
    expect(guesses(new Map([['a', 0.12345]]), undefined)).toEqual([{ code: 'a', confidence: 0.12 }]);
  });

  it('never give a confidence above 1', () => {
    expect(guesses(new Map([['a', 1.2]]), undefined)).toEqual([{ code: 'a', confidence: 1 }]);
  });

  it('calibrate a lone top guess by σ(a·p + b), down as well as up', () => {
    // σ(0·0.9 + 0) = 0.5.
    expect(guesses(new Map([['a', 0.9]]), { a: 0, b: 0 })).toEqual([{ code: 'a', confidence: 0.5 }]);
    // σ(−10·0.5) = 0.0067: below 0.1, nothing is left.
    expect(guesses(new Map([['a', 0.5], ['b', 0.5]]), { a: -10, b: 0 })).toEqual([]);
  });
});

describe('inferring a need', () => {
  it('reads the industries and the categories from the keywords', () => {
    const inf = inferNeed('黄酒 铸造 检测', [], [], only('keywords'));
    expect(inf.industries).toEqual([{ code: 'huangjiu', confidence: 0.6 }, { code: 'metal', confidence: 0.4 }]);
    expect(inf.categories).toEqual([{ code: 'testing', confidence: 1 }]);
    expect(inf.understood).toEqual([]);
  });

  it('reads them from the understood concepts', () => {
    const inf = inferNeed('x', [], [understood('k', 3, ['rnd', 'testing'], ['pearl'])], only('concepts'));
    expect(inf.industries).toEqual([{ code: 'pearl', confidence: 1 }]);
    expect(inf.categories).toEqual([{ code: 'rnd', confidence: 0.67 }, { code: 'testing', confidence: 0.33 }]);
    expect(inf.understood).toEqual([{ key: 'k', label: 'k', cue: 'k', categories: ['rnd', 'testing'] }]);
  });

  it('reads them from the neighbours at the settings’ temperature', () => {
    const ns = [neighbour(0.9, ['testing'], ['metal']), neighbour(0.88, ['rnd'], ['textile'])];
    // T = 0.02: weights 1 and e⁻¹ → 0.731 and 0.269. T = 1: almost even, 0.505 and 0.495.
    const inf = inferNeed('x', ns, [], only('neighbours'));
    expect(inf.industries).toEqual([{ code: 'metal', confidence: 0.73 }, { code: 'textile', confidence: 0.27 }]);
    expect(inf.categories).toEqual([{ code: 'testing', confidence: 0.73 }, { code: 'rnd', confidence: 0.27 }]);
    expect(inferNeed('x', ns, [], { ...only('neighbours'), temperature: 1 }).industries).toEqual([{ code: 'metal', confidence: 0.5 }, { code: 'textile', confidence: 0.5 }]);
  });

  it('reads them from the classifier’s vote, and ignores its absence', () => {
    const vote = { industries: new Map([['medicine' as const, 0.7], ['chemical' as const, 0.3]]), categories: new Map([['certification' as const, 1]]) };
    const inf = inferNeed('x', [], [], only('classifier'), vote);
    expect(inf.industries).toEqual([{ code: 'medicine', confidence: 0.7 }, { code: 'chemical', confidence: 0.3 }]);
    expect(inf.categories).toEqual([{ code: 'certification', confidence: 1 }]);
    expect(inferNeed('x', [], [], only('classifier'))).toEqual({ industries: [], categories: [], understood: [] });
  });

  it('mixes the sources by their weights', () => {
    const vote = { industries: new Map([['medicine' as const, 1]]), categories: new Map() };
    const settings = { sources: { keywords: 0.6, concepts: 0, neighbours: 0, classifier: 0.4 }, temperature: 0.02, calibration: undefined };
    expect(inferNeed('珍珠', [], [], settings, vote).industries).toEqual([{ code: 'pearl', confidence: 0.6 }, { code: 'medicine', confidence: 0.4 }]);
  });

  it('calibrates industries and categories each with their own curve', () => {
    // σ(0) = 0.5 for the industry, σ(1) = 0.73 for the category.
    const settings = { ...only('keywords'), calibration: { industry: { a: 0, b: 0 }, category: { a: 0, b: 1 } } };
    const inf = inferNeed('珍珠 检测', [], [], settings);
    expect(inf.industries).toEqual([{ code: 'pearl', confidence: 0.5 }]);
    expect(inf.categories).toEqual([{ code: 'testing', confidence: 0.73 }]);
  });

  it('uses the fitted calibration by default', () => {
    // Keywords alone say pearl with p = 1: σ(5.985 − 2.519) = 0.97; testing: σ(4.942 − 2.154) = 0.94.
    const inf = inferNeed('珍珠 检测', [], [], { ...DEFAULT_RETRIEVAL, sources: { ...DEFAULT_RETRIEVAL.sources, neighbours: 0 } });
    expect(inf.industries).toEqual([{ code: 'pearl', confidence: 0.97 }]);
    expect(inf.categories).toEqual([{ code: 'testing', confidence: 0.94 }]);
  });
});
