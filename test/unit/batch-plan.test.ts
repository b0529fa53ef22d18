import { describe, expect, it } from 'vitest';
import { DEFAULT_BATCH_OPTIONS, planBatch, type BatchRunOptions, type NeedMatches } from '../../src/batch/plan.js';
import type { ScoredMatch } from '../../src/match/types.js';
import type { ScoreComponents } from '../../src/domain/score-components.js';

const components = (semantic: number): ScoreComponents => ({ semantic, lexical: 0, category: 0, industry: 0, region: 0, voucher: 0, availability: 0, feedback: 0 });

/** A ranked match of resource `id` (monthly capacity `capacity`) with score `score`; explanation names it. */
function match(id: number, score: number, capacity = 10): ScoredMatch {
  return {
    profile: { id, kind: 'expert', name: `r${id}`, industries: [], categories: [], region: null, voucherEligible: false, capacityPerMonth: capacity, availability: 'available', provider: null },
    score,
    components: components(score),
    contributions: components(score),
    matchedWords: [],
    explanation: `about r${id}`,
  };
}

const need = (needId: number, matches: ScoredMatch[], industry?: string, multipliers?: NeedMatches['multipliers']): NeedMatches => ({ needId, industry, multipliers, matches });
const plan = (needs: NeedMatches[], options: BatchRunOptions, blocked: string[] = [], occupied: Array<[number, number]> = []) =>
  planBatch({ needs, options, blocked: new Set(blocked), occupied: new Map(occupied) });

describe('planning a batch run', () => {
  it('shares a scarce resource where it costs least and reports what that cost, by hand-computed statistics', () => {
    // Resource 1: floor(2 × 1.2) = 2 a month, 1 already occupied → room for 1. Need 104's pair with resource 1 is
    // blocked; need 105 has no matches. Everyone's favourite is resource 1; giving it to need 103 loses least:
    // 0.7 + 0.5 + 0.5 + 0.3 = 2.0 (to 101: 1.9, to 102: 1.8).
    const out = plan(
      [
        need(101, [match(1, 0.9, 2), match(2, 0.5)]),
        need(102, [match(1, 0.8, 2), match(3, 0.5)]),
        need(103, [match(1, 0.7, 2), match(4, 0.2)]),
        need(104, [match(1, 0.95, 2), match(2, 0.3)]),
        need(105, []),
      ],
      { want: 1, candidates: 20, slack: 0.2 },
      ['104:1'],
      [[1, 1]],
    );
    expect(out.chosen.map((c) => [c.needId, c.resourceId, c.rank])).toEqual([[101, 2, 1], [102, 3, 1], [103, 1, 1], [104, 2, 1]]);
    expect(out.stats).toMatchObject({
      needs: 5,
      needsWithSuggestions: 4,
      suggestions: 4,
      slack: 0.2,
      totalScoreKept: 2,
      // Unconstrained: 101, 102, 103 all get resource 1 (0.9 + 0.8 + 0.7), 104 gets resource 2 (0.3).
      totalScoreUnconstrained: 2.7,
      keptRatio: 0.7407, // 2 / 2.7
      maxPerResourceBefore: 3,
      maxPerResourceAfter: 2,
      // Over resources 1, 2, 3 (those suggested either way): loads 3, 1, 0 → G = 2·11/(3·4) − 4/3 = 1/2;
      // after 1, 2, 1 → G = 2·9/(3·4) − 4/3 = 1/6.
      giniBefore: 0.5,
      giniAfter: 0.1667,
    });
    expect(out.stats.method).toMatch(/b-matching/);
  });

  it('skips blocked pairs before taking `candidates` of them, rounds capacity down, ranks and carries each pairing', () => {
    // Each pairing carries its match's components and explanation and its need's industry and multipliers.
    // Need 10 (textile) considers 21, 23, 24: 22 is blocked and 25 is beyond the depth of 3. Resource 21 has
    // floor(1 × 1.9) = 1 place; need 11 has nothing else, and coverage comes first, so 21 goes to need 11.
    const a = match(21, 0.91234, 1);
    const c = match(23, 0.712345);
    const d = match(24, 0.6);
    const out = plan(
      [need(10, [a, match(22, 0.85), c, d, match(25, 0.5)], 'textile', { semantic: 1.2 }), need(11, [match(21, 0.5, 1)])],
      { want: 3, candidates: 3, slack: 0.9 },
      ['10:22'],
    );
    expect(out.chosen).toEqual([
      { needId: 10, resourceId: 23, rank: 1, score: 0.7123, components: c.components, multipliers: { semantic: 1.2 }, explanation: 'about r23', industry: 'textile' },
      { needId: 10, resourceId: 24, rank: 2, score: 0.6, components: d.components, multipliers: { semantic: 1.2 }, explanation: 'about r24', industry: 'textile' },
      { needId: 11, resourceId: 21, rank: 1, score: 0.5, components: components(0.5), multipliers: null, explanation: 'about r21', industry: null },
    ]);
    expect(out.stats).toMatchObject({
      needs: 2,
      needsWithSuggestions: 2,
      suggestions: 3,
      totalScoreKept: 1.8123, // 0.712345 + 0.6 + 0.5
      totalScoreUnconstrained: 2.7247, // need 10 also keeps 0.91234
      keptRatio: 0.6652,
      maxPerResourceBefore: 2,
      maxPerResourceAfter: 1,
      giniBefore: 0.1667, // loads 2, 1, 1
      giniAfter: 0,
    });
  });

  it('lets a resource take its monthly capacity plus slack, less what is occupied, never below zero', () => {
    // Resource 31: 2 × 1.5 = 3 places for four needs; 32 takes the fourth. Resource 33 is occupied beyond its capacity.
    const needs = [1, 2, 3, 4].map((id) => need(id, [match(33, 0.99, 1), match(31, 0.9, 2), match(32, 0.1)]));
    const out = plan(needs, { want: 1, candidates: 20, slack: 0.5 }, [], [[33, 5]]);
    const count = (r: number) => out.chosen.filter((p) => p.resourceId === r).length;
    expect([count(31), count(32), count(33)]).toEqual([3, 1, 0]);
    // Without slack, 31 has 2 places; occupying one of them leaves 1.
    const tight = plan(needs, { want: 1, candidates: 20, slack: 0 }, [], [[31, 1], [33, 1]]);
    expect(tight.chosen.filter((p) => p.resourceId === 31)).toHaveLength(1);
    expect(tight.chosen.filter((p) => p.resourceId === 32)).toHaveLength(3);
  });

  it('by default suggests 5 of the top 20 candidates per need, with 20% slack', () => {
    // Need 1 ranks 25 resources (ids 100…124, falling scores); it gets its top 5. Resource 7 (5 a month, 6 with
    // slack) is the favourite of needs 2…8, of whom 6 get it.
    const needs = [need(1, Array.from({ length: 25 }, (_, i) => match(100 + i, 1 - i / 100)))];
    for (let id = 2; id <= 8; id++) needs.push(need(id, [match(7, 0.9, 5), match(200 + id, 0.1)]));
    const out = plan(needs, DEFAULT_BATCH_OPTIONS);
    expect(out.chosen.filter((p) => p.needId === 1).map((p) => p.resourceId)).toEqual([100, 101, 102, 103, 104]);
    expect(out.chosen.filter((p) => p.resourceId === 7)).toHaveLength(6);
    // The depth of 20 bounds what it can get: asking for 30 gives its top 20.
    const deep = plan(needs.slice(0, 1), { ...DEFAULT_BATCH_OPTIONS, want: 30 });
    expect(deep.chosen.map((p) => p.resourceId)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    expect(deep.chosen.map((p) => p.rank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reports an empty run as costing nothing', () => {
    for (const needs of [[], [need(1, []), need(2, [match(5, 0.4)])]]) {
      const out = plan(needs, { want: 2, candidates: 5, slack: 0.2 }, ['2:5']);
      expect(out.chosen).toEqual([]);
      expect(out.stats).toMatchObject({
        needs: needs.length,
        needsWithSuggestions: 0,
        suggestions: 0,
        totalScoreKept: 0,
        totalScoreUnconstrained: 0,
        keptRatio: 1,
        maxPerResourceBefore: 0,
        maxPerResourceAfter: 0,
        giniBefore: 0,
        giniAfter: 0,
      });
    }
  });
});
