import { describe, expect, it } from 'vitest';
import { diversify, intraListSimilarity, offering } from '../../src/match/diversify.js';
import { explain } from '../../src/match/explain.js';
import type { ResourceProfile } from '../../src/retrieval/documents.js';
import type { ScoredMatch } from '../../src/match/types.js';
import { rank } from '../../src/match/score.js';
import { DEFAULT_WEIGHTS } from '../../src/domain/score-components.js';

const profile = (id: number, over: Partial<ResourceProfile> = {}): ResourceProfile => ({
  id, kind: 'service', name: `服务${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: 5, availability: 'available', provider: null, ...over,
});
const match = (p: ResourceProfile, score: number) => ({ profile: p, score }) as ScoredMatch;
const unrelated = { similarity: () => 0.5 };
const ids = (placed: Array<{ match: ScoredMatch }>) => placed.map((p) => p.match.profile.id);

describe('diversify', () => {
  it('keeps a list without near-duplicates exactly as ranked', () => {
    const list = [1, 2, 3, 4].map((i) => match(profile(i), 1 - i / 10));
    expect(ids(diversify(list, unrelated))).toEqual([1, 2, 3, 4]);
  });

  it('moves a provider’s second listing behind every distinct candidate, and says whose it repeats', () => {
    const list = [match(profile(1, { provider: 'name:甲所' }), 0.9), match(profile(2, { provider: 'name:甲所' }), 0.8), match(profile(3, { provider: 'name:乙所' }), 0.7), match(profile(4), 0.6)];
    const placed = diversify(list, unrelated);
    expect(ids(placed)).toEqual([1, 3, 4, 2]);
    expect(placed[3]!.twin).toEqual({ name: '服务1', why: 'provider' });
    expect(placed.slice(0, 3).every((p) => p.twin === undefined)).toBe(true);
  });

  it('treats services of one offering from different agencies, and texts read alike, as one listing', () => {
    const list = [
      match(profile(1, { name: '发明专利申请代理（甲所）', provider: 'name:甲' }), 0.9),
      match(profile(2, { name: '发明专利申请代理（乙所·越城）', provider: 'name:乙' }), 0.85),
      match(profile(3, { name: '商标注册', provider: 'name:丙' }), 0.8),
      match(profile(4, { name: '商标注册代理', provider: 'name:丁' }), 0.75),
      match(profile(5, { kind: 'equipment', name: '盐雾试验箱（甲）' }), 0.7),
      match(profile(6, { kind: 'equipment', name: '盐雾试验箱（乙）' }), 0.65),
    ];
    const alike = { similarity: (a: number, b: number) => ((a === 3 && b === 4) || (a === 4 && b === 3) ? 0.98 : 0.5) };
    // Two instruments of one name are two machines: both stay.
    expect(ids(diversify(list, alike))).toEqual([1, 3, 5, 6, 2, 4]);
    expect(offering('发明专利申请代理（乙所·越城）')).toBe('发明专利申请代理');
    expect(offering('扫描电镜 (SEM)')).toBe('扫描电镜');
  });

  it('stops at the limit, filling it with near-duplicates only when the distinct candidates run out', () => {
    const list = [match(profile(1, { provider: 'p' }), 0.9), match(profile(2, { provider: 'p' }), 0.8), match(profile(3, { provider: 'p' }), 0.7), match(profile(4), 0.6)];
    expect(ids(diversify(list, unrelated, 2))).toEqual([1, 4]);
    expect(ids(diversify(list, unrelated, 3))).toEqual([1, 4, 2]);
  });

  it('is what rank applies unless the need turns it off, and the explanation tells', () => {
    const candidates = [1, 2, 3].map((i) => ({ profile: profile(i, { provider: i < 3 ? 'name:甲所' : null }), semantic: 1 - i / 10, lexical: 0, matchedWords: [] }));
    const need = { text: '专利', wantsVoucher: false, filters: {}, limit: 3 };
    const none = { industries: [], categories: [], understood: [] };
    const on = rank(candidates, need, none, DEFAULT_WEIGHTS, undefined, unrelated);
    expect(on.map((m) => m.profile.id)).toEqual([1, 3, 2]);
    expect(on[2]!.explanation).toMatch(/与「服务1」同一提供方，排在其他结果之后$/);
    expect(rank(candidates, { ...need, diversity: false }, none, DEFAULT_WEIGHTS, undefined, unrelated).map((m) => m.profile.id)).toEqual([1, 2, 3]);
    expect(explain(on[0]!, need, none)).toBe(on[0]!.explanation);
  });

  it('leaves a rejected listing out before moving twins down: it cannot push its sibling back', () => {
    const candidates = [1, 2, 3].map((i) => ({ profile: profile(i, { provider: i < 3 ? 'name:甲所' : null }), semantic: 1 - i / 10, lexical: 0, matchedWords: [] }));
    const need = { text: '专利', wantsVoucher: false, filters: { exclude: new Set([1]) }, limit: 3 };
    const none = { industries: [], categories: [], understood: [] };
    const ranked = rank(candidates, need, none, DEFAULT_WEIGHTS, undefined, unrelated);
    expect(ranked.map((m) => m.profile.id)).toEqual([2, 3]);
    expect(ranked[0]!.explanation).not.toContain('同一提供方');
  });

  it('measures how alike a list reads as the mean cosine of its pairs', () => {
    expect(intraListSimilarity([1, 2, 3], (a, b) => (a + b === 3 ? 1 : 0))).toBeCloseTo(1 / 3);
    expect(intraListSimilarity([1], () => 1)).toBe(0);
  });
});
