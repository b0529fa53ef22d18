// The explanation (src/match/explain.ts): one phrase per component that says something, in the table's order,
// with what the words were understood as right after the semantic phrase.
import { describe, expect, it } from 'vitest';
import type { ScoreComponents } from '../../src/domain/score-components.js';
import { explain, explainOpportunity } from '../../src/match/explain.js';
import type { NeedInference, NeedQuery } from '../../src/match/types.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';

const profile = (over: Partial<ResourceProfile> = {}): ResourceProfile => ({
  id: 1, kind: 'lab', name: 'r1', industries: ['textile'], categories: ['testing'], region: null, voucherEligible: false, capacityPerMonth: 1, availability: 'available', provider: null, ...over,
});
const comps = (over: Partial<ScoreComponents> = {}): ScoreComponents => ({ semantic: 0.5, lexical: 0, category: 0, industry: 0, region: 0, voucher: 0, availability: 0, feedback: 0, ...over });
const need = (over: Partial<NeedQuery> = {}): NeedQuery => ({ text: 'x', wantsVoucher: false, filters: {}, limit: 10, ...over });
const none: NeedInference = { industries: [], categories: [], understood: [] };
const say = (c: Partial<ScoreComponents>, p: Partial<ResourceProfile> = {}, n: Partial<NeedQuery> = {}, inf: NeedInference = none, matchedWords: string[] = []) =>
  explain({ profile: profile(p), components: comps(c), matchedWords }, need(n), inf);

describe('the explanation', () => {
  it('always gives the semantic similarity to two decimals', () => {
    expect(say({ semantic: 0.5 })).toBe('语义相近 0.50');
    expect(say({ semantic: 0.8267 })).toBe('语义相近 0.83');
  });

  it('names up to three matched words', () => {
    expect(say({ lexical: 0.4 }, {}, {}, none, ['缩水', '羊毛衫', '检测', '纺织'])).toBe('语义相近 0.50；关键词命中：缩水、羊毛衫、检测');
    expect(say({ lexical: 0.4 }, {}, {}, none, ['缩水'])).toBe('语义相近 0.50；关键词命中：缩水');
  });

  it('names a given category only when it fits and counted', () => {
    expect(say({ category: 1 }, {}, { category: 'testing' })).toBe('语义相近 0.50；服务类别对口（公共检测）');
    expect(say({ category: 0 }, {}, { category: 'testing' })).toBe('语义相近 0.50');
    expect(say({ category: 1 }, {}, { category: 'rnd' })).toBe('语义相近 0.50');
  });

  it('names the first inferred category the resource offers', () => {
    const inf: NeedInference = { ...none, categories: [{ code: 'rnd', confidence: 0.5 }, { code: 'testing', confidence: 0.3 }, { code: 'standards', confidence: 0.2 }] };
    expect(say({ category: 0.3 }, { categories: ['standards', 'testing'] }, {}, inf)).toBe('语义相近 0.50；推断需要公共检测，服务对口');
    expect(say({ category: 0.3 }, { categories: ['marketing'] }, {}, inf)).toBe('语义相近 0.50');
  });

  it('names the industry only when it counted: given, inferred or cross-industry', () => {
    expect(say({ industry: 1 }, {}, { industry: 'textile' })).toBe('语义相近 0.50；同属纺织产业');
    expect(say({ industry: 0 }, {}, { industry: 'textile' })).toBe('语义相近 0.50');
    const inf: NeedInference = { ...none, industries: [{ code: 'pearl', confidence: 0.5 }, { code: 'metal', confidence: 0.4 }] };
    expect(say({ industry: 0.4 }, { industries: ['metal', 'textile'] }, {}, inf)).toBe('语义相近 0.50；推断属金属加工产业，行业对口');
    expect(say({ industry: 0.5 }, { industries: [] }, { industry: 'metal' })).toBe('语义相近 0.50；跨行业通用服务');
    expect(say({ industry: 0.25 }, { industries: [] }, {}, inf)).toBe('语义相近 0.50；跨行业通用服务');
    // Counted, yet the resource names other industries than the need's: nothing to say.
    expect(say({ industry: 0.5 }, { industries: ['huangjiu'] }, { industry: 'metal' })).toBe('语义相近 0.50');
  });

  it('names the place by how close it is, and says nothing of places elsewhere or unknown', () => {
    expect(say({}, { region: 'keqiao' }, { region: '柯桥' })).toBe('语义相近 0.50；同在柯桥区');
    expect(say({}, { region: 'zhuji' }, { region: 'keqiao' })).toBe('语义相近 0.50；同在绍兴市（诸暨市）');
    expect(say({}, { region: 'suzhou' }, { region: 'nanjing' })).toBe('语义相近 0.50；同在江苏省（苏州市）');
    expect(say({}, { region: 'beijing' }, { region: 'keqiao' })).toBe('语义相近 0.50');
    expect(say({}, { region: 'keqiao' })).toBe('语义相近 0.50');
    expect(say({}, { region: '火星' }, { region: '火星' })).toBe('语义相近 0.50');
    expect(say({}, { region: null }, { region: 'keqiao' })).toBe('语义相近 0.50');
  });

  it('mentions vouchers and a booked-up resource only when they count', () => {
    expect(say({ voucher: 1 })).toBe('语义相近 0.50；可用创新券');
    expect(say({ voucher: 0 }, { voucherEligible: true })).toBe('语义相近 0.50');
    expect(say({ availability: -1 })).toBe('语义相近 0.50；近期档期较紧');
    expect(say({ availability: 0 }, { availability: 'limited' })).toBe('语义相近 0.50');
  });

  it('mentions operators’ feedback from ±0.2', () => {
    expect(say({ feedback: 0.2 })).toBe('语义相近 0.50；同行业配对多获运营通过');
    expect(say({ feedback: 0.19 })).toBe('语义相近 0.50');
    expect(say({ feedback: -0.2 })).toBe('语义相近 0.50；同行业配对多被运营驳回');
    expect(say({ feedback: -0.19 })).toBe('语义相近 0.50');
    expect(say({ feedback: 0 })).toBe('语义相近 0.50');
  });

  it('puts the first understood concept this resource serves right after the similarity, then the rest in order', () => {
    const inf: NeedInference = {
      industries: [],
      categories: [],
      understood: [
        { key: 'a', label: '知识产权质押融资', cue: '专利+贷款', categories: ['ip_finance'] },
        { key: 'b', label: '尺寸稳定性与缩水率检测', cue: '缩水', categories: ['rnd', 'testing'] },
        { key: 'c', label: '耐洗色牢度与固色', cue: '掉色', categories: ['testing'] },
      ],
    };
    const all = { semantic: 0.91, lexical: 0.5, category: 1, industry: 1, region: 1, voucher: 1, availability: -1, feedback: -0.4 };
    expect(say(all, { region: 'keqiao', voucherEligible: true }, { category: 'testing', industry: 'textile', region: 'keqiao' }, inf, ['缩水'])).toBe(
      '语义相近 0.91；理解为：尺寸稳定性与缩水率检测；关键词命中：缩水；服务类别对口（公共检测）；同属纺织产业；同在柯桥区；可用创新券；近期档期较紧；同行业配对多被运营驳回',
    );
    expect(say({}, { categories: ['marketing'] }, {}, inf)).toBe('语义相近 0.50');
  });
});

describe('the explanation told to the resource (outreach)', () => {
  const tell = (c: Partial<ScoreComponents>, p: Partial<ResourceProfile> = {}, n: Partial<NeedQuery> = {}, inf: NeedInference = none) =>
    explainOpportunity({ profile: profile(p), components: comps(c), matchedWords: [] }, need(n), inf);

  it('leads with what the need asks for, in the resource’s own kind', () => {
    expect(tell({ category: 1, region: 1 }, { kind: 'equipment', region: 'keqiao' }, { category: 'testing', region: 'keqiao' })).toBe('该需求要公共检测，本仪器对口；语义相近 0.50；同在柯桥区');
    const inf: NeedInference = { ...none, categories: [{ code: 'testing', confidence: 0.6 }] };
    expect(tell({ category: 0.6 }, { kind: 'expert' }, {}, inf)).toBe('该需求推断要公共检测，本专家对口；语义相近 0.50');
  });

  it('says the need’s industry, the voucher and a tight schedule from the resource’s side', () => {
    expect(tell({ industry: 1 }, { kind: 'lab' }, { industry: 'textile' })).toBe('语义相近 0.50；该需求属纺织产业，正是本实验室服务的行业');
    expect(tell({ industry: 0.5 }, { kind: 'institution', industries: [] }, { industry: 'metal' })).toBe('语义相近 0.50；本机构跨行业通用');
    expect(tell({ voucher: 1, availability: -1 }, { kind: 'service' })).toBe('语义相近 0.50；该企业想用创新券，本服务可用；本服务近期档期较紧');
  });

  it('names what the need’s words were understood as, after what it asks for', () => {
    const inf: NeedInference = { ...none, understood: [{ key: 'k', label: '耐洗色牢度', cue: '掉色', categories: ['testing'] }] };
    expect(tell({ category: 1 }, {}, { category: 'testing' }, inf)).toBe('该需求要公共检测，本实验室对口；需求理解为：耐洗色牢度；语义相近 0.50');
  });
});
