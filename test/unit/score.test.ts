// Structured scoring (src/match/score.ts), region closeness (region.ts) and a stored need as a query
// (need-query.ts): each component, filter and ordering rule against hand-worked cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NeedRow } from '../../src/db/schema.js';
import { COMPONENT_KEYS, contributionsOf, DEFAULT_WEIGHTS, onlyComponent, weightedSum, type ComponentKey } from '../../src/domain/score-components.js';
import { needQueryOf } from '../../src/match/need-query.js';
import { closeness } from '../../src/match/region.js';
import { components, feedbackIndustry, labelFit, passesFilters, rank } from '../../src/match/score.js';
import type { Candidate, NeedInference, NeedQuery } from '../../src/match/types.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';

const profile = (id: number, over: Partial<ResourceProfile> = {}): ResourceProfile => ({
  id, kind: 'lab', name: `r${id}`, industries: ['textile'], categories: ['testing'], region: 'keqiao',
  voucherEligible: true, capacityPerMonth: 10, availability: 'available', provider: null, ...over,
});
const need = (over: Partial<NeedQuery> = {}): NeedQuery => ({ text: '缩水', wantsVoucher: false, filters: {}, limit: 10, ...over });
const none: NeedInference = { industries: [], categories: [], understood: [] };
const candidate = (p: ResourceProfile, semantic: number, lexical = 0, matchedWords: string[] = []): Candidate => ({ profile: p, semantic, lexical, matchedWords });

describe('region closeness', () => {
  it('is unknown when either side is missing or not a known place', () => {
    expect(closeness('keqiao', undefined)).toBe('unknown');
    expect(closeness(null, 'keqiao')).toBe('unknown');
    expect(closeness('keqiao', '火星')).toBe('unknown');
    expect(closeness('火星', 'keqiao')).toBe('unknown');
    expect(closeness('', '')).toBe('unknown');
  });

  it('accepts codes and Chinese names on either side', () => {
    expect(closeness('柯桥', 'keqiao')).toBe('district');
    expect(closeness('诸暨市', '柯桥区')).toBe('city');
    expect(closeness('nanjing', 'suzhou')).toBe('province');
    expect(closeness('beijing', 'shanghai')).toBe('elsewhere');
  });
});

describe('label fit', () => {
  it('gives a cross-cutting resource half credit against a given label it lacks', () => {
    expect(labelFit('textile', [], [], true)).toBe(0.5);
    expect(labelFit('textile', [], ['metal'], false)).toBe(0);
    // A given label wins over any inference.
    expect(labelFit('textile', [{ code: 'metal', confidence: 0.9 }], ['metal'], false)).toBe(0);
  });

  it('adds up the confidences of every guess the resource carries, capped at 1', () => {
    const gs = [{ code: 'testing' as const, confidence: 0.5 }, { code: 'rnd' as const, confidence: 0.3 }, { code: 'policy' as const, confidence: 0.15 }];
    expect(labelFit(undefined, gs, ['testing', 'policy'], false)).toBeCloseTo(0.65, 12);
    expect(labelFit(undefined, [{ code: 'testing', confidence: 0.7 }, { code: 'rnd', confidence: 0.6 }], ['rnd', 'testing'], false)).toBe(1);
    expect(labelFit(undefined, gs, ['marketing'], false)).toBe(0);
    expect(labelFit(undefined, [], ['testing'], false)).toBe(0);
  });

  it('gives a cross-cutting resource half the top guess’s confidence, and nothing without guesses', () => {
    expect(labelFit(undefined, [{ code: 'metal', confidence: 0.8 }, { code: 'pearl', confidence: 0.2 }], [], true)).toBeCloseTo(0.4, 12);
    expect(labelFit(undefined, [], [], true)).toBe(0);
  });
});

describe('the industry feedback counts in', () => {
  const inferred = (confidence: number): NeedInference => ({ ...none, industries: [{ code: 'metal', confidence }, { code: 'textile', confidence: 0.1 }] });

  it('is the given one, else the top inferred one from a confidence of 0.5', () => {
    expect(feedbackIndustry(need({ industry: 'pearl' }), inferred(0.9))).toBe('pearl');
    expect(feedbackIndustry(need(), inferred(0.5))).toBe('metal');
    expect(feedbackIndustry(need(), inferred(0.49))).toBeUndefined();
    expect(feedbackIndustry(need(), none)).toBeUndefined();
  });
});

describe('the components of a score', () => {
  const inf: NeedInference = { industries: [{ code: 'textile', confidence: 0.6 }], categories: [{ code: 'testing', confidence: 0.7 }], understood: [] };

  it('carries the retrievers’ scores and the fits as they are', () => {
    const c = components(candidate(profile(1, { region: 'zhuji' }), 0.73, 0.41), need({ region: 'keqiao', wantsVoucher: true }), inf);
    expect(c).toEqual({ semantic: 0.73, lexical: 0.41, category: 0.7, industry: 0.6, region: 0.6, voucher: 1, availability: 0, feedback: 0 });
  });

  it('values region by closeness: district 1, city 0.6, province 0.3, elsewhere and unknown 0', () => {
    const region = (r: string | null, n?: string) => components(candidate(profile(1, { region: r }), 0.5), need({ region: n }), none).region;
    expect(region('keqiao', '柯桥区')).toBe(1);
    expect(region('shangyu', 'keqiao')).toBe(0.6);
    expect(region('hangzhou', 'keqiao')).toBe(0.3);
    expect(region('beijing', 'keqiao')).toBe(0);
    expect(region(null, 'keqiao')).toBe(0);
    expect(region('keqiao')).toBe(0);
  });

  it('counts the voucher only when asked and taken, and penalises a booked-up resource', () => {
    expect(components(candidate(profile(1, { voucherEligible: false }), 0.5), need({ wantsVoucher: true }), none).voucher).toBe(0);
    expect(components(candidate(profile(1, { availability: 'limited' }), 0.5), need(), none).availability).toBe(-1);
    expect(components(candidate(profile(1, { availability: 'available', provider: null }), 0.5), need(), none).availability).toBe(0);
  });

  it('gives a resource that names no industry half credit, but not one that names no category', () => {
    const c = components(candidate(profile(1, { industries: [], categories: [] }), 0.5), need({ industry: 'metal', category: 'rnd' }), none);
    expect(c.industry).toBe(0.5);
    expect(c.category).toBe(0);
    const inferred = components(candidate(profile(1, { industries: [], categories: [] }), 0.5), need(), inf);
    expect(inferred.industry).toBeCloseTo(0.3, 12);
    expect(inferred.category).toBe(0);
  });

  it('gives a resource of another industry nothing for it, given or inferred', () => {
    expect(components(candidate(profile(1, { industries: ['metal'] }), 0.5), need({ industry: 'textile' }), none).industry).toBe(0);
    expect(components(candidate(profile(1, { industries: ['metal'] }), 0.5), need(), inf).industry).toBe(0);
  });

  it('asks the feedback for this resource in the need’s industry', () => {
    const asked: Array<[number, string | undefined]> = [];
    const lookup = (id: number, industry: string | undefined) => (asked.push([id, industry]), id === 4 ? -0.35 : 0);
    expect(components(candidate(profile(4), 0.5), need(), inf, lookup).feedback).toBe(-0.35);
    expect(components(candidate(profile(4), 0.5), need({ industry: 'pearl' }), inf, lookup).feedback).toBe(-0.35);
    // 0.6 ≥ 0.5: the inferred industry; without any, none.
    expect(components(candidate(profile(5), 0.5), need(), none, lookup).feedback).toBe(0);
    expect(asked).toEqual([[4, 'textile'], [4, 'pearl'], [5, undefined]]);
  });
});

describe('the hard filters', () => {
  it('let through what each filter allows and nothing else', () => {
    const p = profile(1, { kind: 'expert', industries: ['metal', 'textile'], region: 'zhuji', voucherEligible: false });
    expect(passesFilters(p, {})).toBe(true);
    expect(passesFilters(p, { kinds: [], industries: [], regions: [], voucherOnly: false })).toBe(true);
    expect(passesFilters(p, { kinds: ['lab', 'expert'] })).toBe(true);
    expect(passesFilters(p, { kinds: ['lab'] })).toBe(false);
    expect(passesFilters(p, { industries: ['textile'] })).toBe(true);
    expect(passesFilters(p, { industries: ['pearl', 'huangjiu'] })).toBe(false);
    expect(passesFilters(p, { regions: ['keqiao', 'zhuji'] })).toBe(true);
    expect(passesFilters(p, { regions: ['keqiao'] })).toBe(false);
    expect(passesFilters(p, { voucherOnly: true })).toBe(false);
    expect(passesFilters({ ...p, voucherEligible: true }, { voucherOnly: true })).toBe(true);
    expect(passesFilters({ ...p, availability: 'limited' }, {})).toBe(true);
    expect(passesFilters({ ...p, availability: 'unavailable' }, {})).toBe(false);
  });
});

describe('ranking', () => {
  it('scores by the weighted sum of the components, best first, ties by the lower id', () => {
    const list = [candidate(profile(3), 0.6), candidate(profile(2), 0.9), candidate(profile(1), 0.6)];
    const ranked = rank(list, need(), none, onlyComponent('semantic'));
    expect(ranked.map((m) => [m.profile.id, m.score])).toEqual([[2, 0.9], [1, 0.6], [3, 0.6]]);
  });

  it('adds each component times its weight', () => {
    // semantic 0.8 + 0.3 × lexical 0.5 + 0.15 × category 1 + 0.1 × industry 1 + 0.02 × region 1 + 0.05 × (−1) = 1.17
    const [m] = rank([candidate(profile(1, { availability: 'limited' }), 0.8, 0.5, ['缩水'])], need({ category: 'testing', industry: 'textile', region: 'keqiao' }), none, DEFAULT_WEIGHTS);
    expect(m!.score).toBeCloseTo(1.17, 12);
    expect(m!.contributions).toEqual({ semantic: 0.8, lexical: 0.5 * 0.3, category: 0.15, industry: 0.1, region: 0.02, voucher: 0, availability: -0.05, feedback: 0 });
    expect(m!.matchedWords).toEqual(['缩水']);
    expect(m!.explanation).toContain('近期档期较紧');
  });

  it('scores exactly the sum of the contributions it shows, whatever the components and weights', () => {
    const numbers = fc.record(Object.fromEntries(COMPONENT_KEYS.map((k) => [k, fc.double({ min: -1, max: 1, noNaN: true })])) as Record<ComponentKey, fc.Arbitrary<number>>);
    fc.assert(
      fc.property(numbers, numbers, (c, w) => {
        const contributions = contributionsOf(c, w);
        let sum = 0;
        for (const k of COMPONENT_KEYS) sum += contributions[k];
        return Object.is(weightedSum(c, w), sum);
      }),
    );
  });

  it('returns at most the need’s limit, after the filters', () => {
    const list = [0.9, 0.8, 0.7, 0.6].map((s, i) => candidate(profile(i + 1, { kind: i === 0 ? 'expert' : 'lab' }), s));
    expect(rank(list, need({ limit: 2 }), none, DEFAULT_WEIGHTS).map((m) => m.profile.id)).toEqual([1, 2]);
    expect(rank(list, need({ limit: 2, filters: { kinds: ['lab'] } }), none, DEFAULT_WEIGHTS).map((m) => m.profile.id)).toEqual([2, 3]);
    expect(rank(list, need({ limit: 0 }), none, DEFAULT_WEIGHTS)).toEqual([]);
  });

  it('lets feedback move a resource', () => {
    const list = [candidate(profile(1), 0.7), candidate(profile(2), 0.65)];
    const lookup = (id: number) => (id === 1 ? -0.5 : 0);
    expect(rank(list, need(), none, DEFAULT_WEIGHTS, lookup).map((m) => m.profile.id)).toEqual([2, 1]);
    expect(rank(list, need(), none, DEFAULT_WEIGHTS).map((m) => m.profile.id)).toEqual([1, 2]);
  });
});

describe('a stored need as a query', () => {
  const row = {
    id: 1, enterpriseId: 2, title: '羊毛衫缩水', description: '洗了两次就变形', category: 'testing', industry: 'textile', region: 'keqiao',
    wantsVoucher: true, budget: null, deadline: null, status: 'open', externalId: null, ownerKeyId: null,
  } as unknown as NeedRow;

  it('joins title and description and keeps what the form said', () => {
    expect(needQueryOf(row, { kinds: ['lab'] }, 7)).toEqual({
      text: '羊毛衫缩水。洗了两次就变形', industry: 'textile', category: 'testing', region: 'keqiao', wantsVoucher: true, filters: { kinds: ['lab'] }, limit: 7,
    });
  });

  it('reads empty fields as unknown', () => {
    const bare = { ...row, description: '', category: null, industry: null, region: null, wantsVoucher: false } as NeedRow;
    expect(needQueryOf(bare, {}, 10)).toEqual({ text: '羊毛衫缩水', industry: undefined, category: undefined, region: undefined, wantsVoucher: false, filters: {}, limit: 10 });
  });
});
