import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/learn/logistic.js';
import { FeedbackTable, feedbackScore } from '../../src/learn/feedback.js';
import { pairwiseAuc, trainRanker, type Decision } from '../../src/learn/train-ranker.js';
import { DEFAULT_WEIGHTS } from '../../src/domain/score-components.js';

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('logistic regression', () => {
  it('recovers the direction of a known model', () => {
    const rand = rng(3);
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const a = rand();
      const b = rand();
      x.push([a, b]);
      y.push(rand() < 1 / (1 + Math.exp(-(4 * a - 2 * b - 1))) ? 1 : 0);
    }
    const fit = fitLogistic(x, y, { l2: 0 });
    expect(fit.weights[0]).toBeCloseTo(4, 0);
    expect(fit.weights[1]).toBeCloseTo(-2, 0);
    expect(fit.intercept).toBeCloseTo(-1, 0);
  });

});

describe('training the ranker from decisions', () => {
  // Operators here approve what is close by (one in ten decisions the other way), whatever the semantic score
  // says; the hand-set weights give region little say, so they order these decisions poorly. Ten per need.
  function decisions(n: number): Decision[] {
    const rand = rng(9);
    return Array.from({ length: n }, (_, i) => {
      const c = { semantic: 0.5 + rand() * 0.3, lexical: rand() * 0.3, category: rand() < 0.5 ? 1 : 0, industry: 1, region: rand() < 0.5 ? 1 : 0, voucher: 0, availability: 0, feedback: 0 };
      return { group: Math.floor(i / 10), components: c, approved: (c.region === 1) !== rand() < 0.1 };
    });
  }

  it('keeps the weights in use when there are too few decisions, and says why', () => {
    const out = trainRanker(decisions(20), DEFAULT_WEIGHTS);
    expect(out.accepted).toBe(false);
    expect(out.reason).toMatch(/too few decisions/);
    expect(out.weights).toBeUndefined();
  });

  it('adopts weights that rank held-out decisions better, at the scale of the weights in use', () => {
    const out = trainRanker(decisions(400), DEFAULT_WEIGHTS);
    expect(out.accepted).toBe(true);
    expect(out.metrics.aucFitted!).toBeGreaterThan(out.metrics.aucInUse!);
    expect(out.weights!.region).toBeGreaterThan(out.weights!.semantic);
    const norm = (w: Record<string, number>) => Object.values(w).reduce((s, v) => s + Math.abs(v), 0);
    expect(norm(out.weights! as unknown as Record<string, number>)).toBeCloseTo(norm(DEFAULT_WEIGHTS as unknown as Record<string, number>), 2);
  });

  it('rejects a fit that does worse than the weights in use on held-out decisions', () => {
    // The weights in use already are the truth; training decisions that say the opposite make the fit worse.
    const base = decisions(400);
    const truth = { ...DEFAULT_WEIGHTS, semantic: 0, lexical: 0, category: 0, region: 1, industry: 0, voucher: 0, availability: 0, feedback: 0 };
    const noisy = base.map((d) => (d.group % 5 === 0 ? d : { ...d, approved: !d.approved }));
    const out = trainRanker(noisy, truth);
    expect(out.accepted).toBe(false);
    expect(out.reason).toMatch(/worse/);
  });
});

describe('the within-need AUC', () => {
  it('counts rightly ordered pairs, ties as half', () => {
    const d = (semantic: number, approved: boolean): Decision => ({ group: 1, components: { semantic }, approved });
    const w = { ...DEFAULT_WEIGHTS };
    expect(pairwiseAuc(w, [[d(0.9, true), d(0.1, false)]])).toBe(1);
    expect(pairwiseAuc(w, [[d(0.1, true), d(0.9, false)], [d(0.5, true), d(0.5, false)]])).toBe(0.25);
    expect(pairwiseAuc(w, [])).toBeNaN();
  });
});

describe('operator feedback per resource and industry', () => {
  it('singles out what is rejected more than usual, shrunk while decisions are few, in its own industry only', () => {
    expect(feedbackScore({ approved: 0, rejected: 0 }, 0.3)).toBe(0);
    expect(feedbackScore({ approved: 3, rejected: 7 }, 0.3)).toBeCloseTo(0); // as usual
    expect(feedbackScore({ approved: 0, rejected: 3 }, 0.5)).toBeCloseTo(2.5 / 8 - 0.5);
    expect(feedbackScore({ approved: 0, rejected: 30 }, 0.5)).toBeLessThan(feedbackScore({ approved: 0, rejected: 3 }, 0.5));
    expect(feedbackScore({ approved: 8, rejected: 0 }, 0.5)).toBeGreaterThan(0.3);
    const table = new FeedbackTable([
      { resourceId: 7, industry: 'textile', approved: 0, rejected: 6 },
      { resourceId: 8, industry: 'textile', approved: 6, rejected: 0 },
    ]);
    expect(table.of(7, 'textile')).toBeLessThan(-0.2);
    expect(table.of(8, 'textile')).toBeGreaterThan(0.2);
    expect(table.of(7, 'metal')).toBe(0);
    expect(table.of(7, undefined)).toBe(0);
  });
});
