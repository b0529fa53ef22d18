import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt, summarise } from '../../src/eval/metrics.js';

const judged = new Map([
  ['a', 2],
  ['b', 1],
  ['c', 0],
]);

describe('retrieval metrics', () => {
  it('nDCG is 1 for the ideal order and lower otherwise', () => {
    expect(ndcgAt(['a', 'b', 'x'], judged)).toBeCloseTo(1);
    const swapped = (1 / 1 + 3 / Math.log2(3)) / (3 / 1 + 1 / Math.log2(3));
    expect(ndcgAt(['b', 'a'], judged)).toBeCloseTo(swapped);
    expect(ndcgAt(['x', 'y'], judged)).toBe(0);
  });

  it('recall counts only judgements above 0 and only within the cut-off', () => {
    expect(recallAt(['a', 'c'], judged)).toBe(0.5);
    expect(recallAt(['x', 'x', 'a'], judged, 2)).toBe(0);
  });

  it('MRR is the reciprocal rank of the first relevant result', () => {
    expect(mrrAt(['c', 'x', 'b'], judged)).toBeCloseTo(1 / 3);
    expect(mrrAt(['c'], judged)).toBe(0);
  });

  it('summarises as means', () => {
    const s = summarise([
      { ranked: ['a', 'b'], judged },
      { ranked: ['x'], judged },
    ]);
    expect(s['ndcg@10']).toBe(0.5);
    expect(s['mrr@10']).toBe(0.5);
  });
});
