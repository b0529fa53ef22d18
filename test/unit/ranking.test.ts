import { describe, expect, it } from 'vitest';
import { explain } from '../../src/match/explain.js';
import { guesses, inferNeed, keywordDistribution, mix } from '../../src/match/infer.js';
import { closeness } from '../../src/match/region.js';
import { components, labelFit, passesFilters, rank } from '../../src/match/score.js';
import type { Candidate, NeedInference, NeedQuery } from '../../src/match/types.js';
import { DEFAULT_WEIGHTS } from '../../src/domain/score-components.js';
import { DEFAULT_RETRIEVAL } from '../../src/match/settings.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import { INDUSTRIES, INDUSTRY_KEYWORDS } from '../../src/domain/taxonomy.js';

const profile = (id: number, over: Partial<ResourceProfile> = {}): ResourceProfile => ({
  id, kind: 'lab', name: `r${id}`, industries: ['textile'], categories: ['testing'], region: 'keqiao',
  voucherEligible: true, capacityPerMonth: 10, availability: 'available', provider: null, ...over,
});
const need = (over: Partial<NeedQuery> = {}): NeedQuery => ({ text: '羊毛衫缩水', wantsVoucher: false, filters: {}, limit: 10, ...over });
const none: NeedInference = { industries: [], categories: [], understood: [] };
const candidate = (p: ResourceProfile, semantic: number, lexical = 0): Candidate => ({ profile: p, semantic, lexical, matchedWords: lexical > 0 ? ['缩水'] : [] });

describe('region closeness', () => {
  it('orders district > city > province > elsewhere', () => {
    expect(closeness('keqiao', '柯桥区')).toBe('district');
    expect(closeness('keqiao', 'zhuji')).toBe('city');
    expect(closeness('keqiao', 'hangzhou')).toBe('province');
    expect(closeness('keqiao', 'shanghai')).toBe('elsewhere');
    expect(closeness(undefined, 'keqiao')).toBe('unknown');
  });
});

describe('need inference', () => {
  it('finds the industry from the owner’s words', () => {
    const d = keywordDistribution('毛衫洗两次就缩得穿不上了', INDUSTRIES, INDUSTRY_KEYWORDS);
    expect([...d.keys()][0]).toBe('textile');
  });

  it('lets neighbours and keywords vote, with confidences that add up to at most 1', () => {
    const neighbours = [
      { similarity: 0.8, profile: profile(1, { industries: ['textile'], categories: ['testing'] }) },
      { similarity: 0.79, profile: profile(2, { industries: ['textile'], categories: ['rnd'] }) },
      { similarity: 0.6, profile: profile(3, { industries: ['huangjiu'], categories: ['rnd'] }) },
    ];
    const inf = inferNeed('羊毛衫缩水想查原因', neighbours, [], DEFAULT_RETRIEVAL);
    expect(inf.industries[0]!.code).toBe('textile');
    expect(inf.industries.reduce((s, g) => s + g.confidence, 0)).toBeLessThanOrEqual(1.0001);
    expect(inf.categories.map((g) => g.code)).toEqual(expect.arrayContaining(['testing', 'rnd']));
  });

  it('says nothing when there is no evidence', () => {
    expect(guesses(mix([{ weight: 1, distribution: new Map() }]), undefined)).toEqual([]);
  });
});

describe('scoring', () => {
  it('gives given metadata full weight and inferred metadata its confidence', () => {
    expect(labelFit('testing', [], ['testing'], false)).toBe(1);
    expect(labelFit('rnd', [], ['testing'], false)).toBe(0);
    expect(labelFit(undefined, [{ code: 'testing', confidence: 0.6 }], ['testing'], false)).toBe(0.6);
    expect(labelFit(undefined, [{ code: 'testing', confidence: 0.6 }], [], true)).toBe(0.3);
  });

  it('prefers the resource that fits the structured signals when semantics tie', () => {
    const near = profile(1, { region: 'keqiao' });
    const far = profile(2, { region: 'shanghai', industries: ['metal'] });
    const ranked = rank([candidate(far, 0.7), candidate(near, 0.7)], need({ industry: 'textile', region: 'keqiao' }), none, DEFAULT_WEIGHTS);
    expect(ranked.map((m) => m.profile.id)).toEqual([1, 2]);
    expect(ranked[0]!.score).toBeCloseTo(Object.values(ranked[0]!.contributions).reduce((a, b) => a + b, 0));
  });

  it('never returns unavailable resources and applies filters', () => {
    const list = [candidate(profile(1, { availability: 'unavailable' }), 0.9), candidate(profile(2, { kind: 'expert' }), 0.5), candidate(profile(3), 0.4)];
    expect(rank(list, need(), none, DEFAULT_WEIGHTS).map((m) => m.profile.id)).toEqual([2, 3]);
    expect(rank(list, need({ filters: { kinds: ['lab'] } }), none, DEFAULT_WEIGHTS).map((m) => m.profile.id)).toEqual([3]);
    expect(passesFilters(profile(4, { voucherEligible: false }), { voucherOnly: true })).toBe(false);
    expect(passesFilters(profile(5, { region: null }), { regions: ['keqiao'] })).toBe(false);
  });

  it('counts the voucher only when the need asks for it', () => {
    expect(components(candidate(profile(1), 0.5), need({ wantsVoucher: true }), none).voucher).toBe(1);
    expect(components(candidate(profile(1), 0.5), need(), none).voucher).toBe(0);
  });
});

describe('explanations', () => {
  it('are built from the same components as the score', () => {
    const [m] = rank([candidate(profile(1), 0.8234, 0.3)], need({ industry: 'textile', category: 'testing', region: 'keqiao', wantsVoucher: true }), none, DEFAULT_WEIGHTS);
    expect(m!.explanation).toBe('语义相近 0.82；关键词命中：缩水；服务类别对口（公共检测）；同属纺织产业；同在柯桥区；可用创新券');
  });

  it('say what the words were understood as, when the resource offers that kind of service', () => {
    const inf: NeedInference = {
      industries: [],
      categories: [],
      understood: [
        { key: 'fin', label: '知识产权质押融资', cue: '专利+贷款', categories: ['ip_finance'] },
        { key: 'shrink', label: '尺寸稳定性与缩水率检测', cue: '缩水', categories: ['testing', 'rnd'] },
      ],
    };
    const m = { profile: profile(1, { region: null, voucherEligible: false }), components: components(candidate(profile(1, { region: null }), 0.5), need(), inf), matchedWords: [] };
    expect(explain(m, need(), inf)).toBe('语义相近 0.50；理解为：尺寸稳定性与缩水率检测');
    const other = { ...m, profile: profile(2, { categories: ['marketing'], region: null }) };
    expect(explain(other, need(), inf)).toBe('语义相近 0.50');
  });

  it('say when a label was inferred and name the city for a neighbouring district', () => {
    const inf: NeedInference = { industries: [{ code: 'textile', confidence: 0.7 }], categories: [], understood: [] };
    const m = { profile: profile(1, { region: 'zhuji', voucherEligible: false }), components: components(candidate(profile(1, { region: 'zhuji' }), 0.5), need({ region: 'keqiao' }), inf), matchedWords: [] };
    expect(explain(m, need({ region: 'keqiao' }), inf)).toBe('语义相近 0.50；推断属纺织产业，行业对口；同在绍兴市（诸暨市）');
  });
});
