// The shortlist outreach scores (src/match/opportunities.ts): the nearest needs by embedding, joined by those the
// resource's words find in the needs' texts, none twice, only those the caller accepts.
import { describe, expect, it } from 'vitest';
import { nearestNeeds, NeedPool, shortlistNeeds, type OpenNeed } from '../../src/match/opportunities.js';
import { holdsCapacity, suggestionBudget } from '../../src/batch/plan.js';

const unit = (xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};
const need = (id: number, vector: number[], text: string): OpenNeed => ({ id, vector: unit(vector), query: { text, wantsVoucher: false, filters: {}, limit: 1 } });

const needs = [
  need(1, [1, 0, 0], '羊毛衫缩水'),
  need(2, [0.9, 0.1, 0], '针织衫变形'),
  need(3, [0, 1, 0], '黄酒浑浊沉淀'),
  need(4, [0, 0, 1], '色牢度检测 掉色'),
  need(5, [0.7, 0.7, 0], '电机生锈'),
];

describe('the outreach shortlist', () => {
  it('takes the nearest needs by dot product, nearest first, ties by id', () => {
    expect(nearestNeeds(unit([1, 0, 0]), needs, 3).map((n) => n.id)).toEqual([1, 2, 5]);
    expect(nearestNeeds(unit([1, 0, 0]), needs, 3, (id) => id !== 2).map((n) => n.id)).toEqual([1, 5, 3]);
    expect(nearestNeeds(unit([1, 0, 0]), [need(9, [1, 0, 0], 'a'), need(8, [1, 0, 0], 'b')], 2).map((n) => n.id)).toEqual([8, 9]);
  });

  it('adds the needs the resource’s words find, once each, and leaves out what is not accepted', () => {
    const pool = NeedPool.of(needs);
    const ids = shortlistNeeds(pool, unit([1, 0, 0]), ['色牢度', '掉色'], 2).map((n) => n.id);
    expect(ids).toEqual([1, 2, 4]);
    // Nearest and found by its words at once: once.
    expect(shortlistNeeds(pool, unit([0, 0, 1]), ['色牢度'], 2).map((n) => n.id)).toEqual([4, 1]);
    expect(shortlistNeeds(pool, unit([1, 0, 0]), ['色牢度'], 2, (id) => id !== 4).map((n) => n.id)).toEqual([1, 2]);
  });

  it('forgets a removed need on both sides', () => {
    const pool = NeedPool.of(needs);
    pool.remove(4);
    expect(pool.size).toBe(4);
    expect(shortlistNeeds(pool, unit([0, 0, 1]), ['色牢度'], 1).map((n) => n.id)).toEqual([1]);
    expect(pool.lexical.search(['色牢度'], 5)).toEqual([]);
  });
});

describe('the capacity outreach shares with the batch', () => {
  it('counts approved and contacted pairings and outreach’s pending suggestions', () => {
    expect(holdsCapacity({ status: 'approved', source: 'batch' })).toBe(true);
    expect(holdsCapacity({ status: 'contacted', source: 'portal' })).toBe(true);
    expect(holdsCapacity({ status: 'suggested', source: 'outreach' })).toBe(true);
    expect(holdsCapacity({ status: 'suggested', source: 'batch' })).toBe(false);
    expect(holdsCapacity({ status: 'rejected', source: 'outreach' })).toBe(false);
    expect(holdsCapacity({ status: 'completed', source: 'outreach' })).toBe(false);
  });

  it('gives the monthly capacity with the slack, less the places held, never below zero', () => {
    expect(suggestionBudget(10, 0.2, 0)).toBe(12);
    expect(suggestionBudget(1, 0.2, 0)).toBe(1);
    expect(suggestionBudget(10, 0.2, 5)).toBe(7);
    expect(suggestionBudget(2, 0, 5)).toBe(0);
  });
});
