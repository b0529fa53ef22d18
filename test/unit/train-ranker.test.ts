import { describe, expect, it } from 'vitest';
import { fitLogistic } from '../../src/learn/logistic.js';
import { FeedbackTable, feedbackScore } from '../../src/learn/feedback.js';
import { pairwiseAuc, trainRanker, type Decision, type TrainingOptions } from '../../src/learn/train-ranker.js';
import { DEFAULT_WEIGHTS, onlyComponent } from '../../src/domain/score-components.js';

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

describe('training on a small hand-made set of decisions', () => {
  // Needs 1 and 3 train, need 2 is held out (holdOutEvery 2). Operators approve what is nearby (region 1), whatever the
  // semantic score says; the weights in use look at the semantic score alone.
  const d = (group: number, semantic: number, region: number, approved: boolean, implicit = false): Decision => ({ group, components: { semantic, region }, approved, ...(implicit ? { implicit } : {}) });
  const decisions = (): Decision[] => [
    d(1, 0.5, 1, true), d(1, 0.7, 0, false), d(1, 0.6, 0, false), d(1, 0.3, 0, false, true), d(1, 0.2, 1, false, true),
    d(3, 0.4, 1, true), d(3, 0.8, 0, false), d(3, 0.55, 1, true),
    d(2, 0.9, 1, true), d(2, 0.6, 0, false), d(2, 0.95, 0, false), d(2, 0.92, 0, false), d(2, 0.99, 1, false, true),
  ];
  const opts: TrainingOptions = { minDecisions: 10, minHeldOutPairs: 3, holdOutEvery: 2, l2: 0.1, implicitWeight: 0.3 };
  const semanticOnly = onlyComponent('semantic');

  it('counts the decisions and the pairs within needs', () => {
    // Explicit: 10 (4 approved, 6 rejected), 3 implicit. Training pairs: need 1 has 1 approved × (2 rejected + 2
    // implicit) = 4, need 3 has 2 × 1 = 2; held out: need 2's 1 approved × 3 rejected (its implicit one left out).
    // The weights in use order one of those three rightly (0.9 above 0.6, below 0.95 and 0.92): AUC 1/3.
    const out = trainRanker(decisions(), semanticOnly, opts);
    expect(out.metrics).toEqual({ decisions: 10, approved: 4, rejected: 6, implicit: 3, trainPairs: 6, heldOutPairs: 3, aucInUse: 0.3333, aucFitted: 1 });
    expect(out.accepted).toBe(true);
    expect(out.reason).toBe('held-out AUC within needs 1 ≥ 0.3333 with the weights in use');
    expect(out.weights!.region).toBeGreaterThan(0);
  });

  it('learns from exactly the minimum number of decisions and no fewer, and says what was missing', () => {
    expect(trainRanker(decisions(), semanticOnly, opts).accepted).toBe(true);
    const out = trainRanker(decisions(), semanticOnly, { ...opts, minDecisions: 11 });
    expect(out).toEqual({
      accepted: false,
      reason: 'too few decisions to learn from (10 decisions giving 4 training and 3 held-out approved/rejected pairs on the same need; needs 11 decisions and 3 pairs of each): keeping the weights in use',
      metrics: { decisions: 10, approved: 4, rejected: 6, implicit: 3, trainPairs: 6, heldOutPairs: 3 },
    });
  });

  it('needs as many held-out pairs as asked for', () => {
    const out = trainRanker(decisions(), semanticOnly, { ...opts, minHeldOutPairs: 4 });
    expect(out.accepted).toBe(false);
    expect(out.reason).toMatch(/^too few decisions/);
    expect(out.weights).toBeUndefined();
  });

  it('needs as many explicit training pairs, however many implicit ones there are', () => {
    // Need 4 (held out) adds two pairs: 5 held out, while training has 4 explicit pairs (and 6 with the implicit ones).
    const more = [...decisions(), d(4, 0.5, 1, true), d(4, 0.6, 0, false), d(4, 0.4, 0, false)];
    expect(trainRanker(more, semanticOnly, { ...opts, minHeldOutPairs: 4 }).accepted).toBe(true);
    const out = trainRanker(more, semanticOnly, { ...opts, minHeldOutPairs: 5 });
    expect(out.accepted).toBe(false);
    expect(out.metrics).toMatchObject({ trainPairs: 6, heldOutPairs: 5 });
    expect(out.reason).toContain('giving 4 training and 5 held-out');
  });

  it('adopts a fit that orders the held-out pairs exactly as well as the weights in use', () => {
    // The weights in use already look at the region alone: both order every held-out pair rightly.
    const out = trainRanker(decisions(), onlyComponent('region'), opts);
    expect(out.metrics).toMatchObject({ aucInUse: 1, aucFitted: 1 });
    expect(out.accepted).toBe(true);
  });

  it('keeps the L1 norm of the weights in use', () => {
    const norm = (w: Record<string, number>) => Object.values(w).reduce((s, v) => s + Math.abs(v), 0);
    for (const inUse of [semanticOnly, DEFAULT_WEIGHTS, { ...DEFAULT_WEIGHTS, semantic: 3, region: 0.5 }]) {
      const out = trainRanker(decisions(), inUse, opts);
      // Eight weights rounded to 1e-4 each.
      expect(Math.abs(norm(out.weights! as unknown as Record<string, number>) - norm(inUse as unknown as Record<string, number>))).toBeLessThanOrEqual(4e-4);
    }
  });
});

describe('training with implicit negatives and the penalty', () => {
  // Twenty needs of six decisions each (approved: nearby, one in seven the other way) and three candidates ranked
  // lower (semantically weaker, never seen by operators). Needs 5, 10, 15 and 20 are held out.
  function decisions(): Decision[] {
    const rand = rng(5);
    const out: Decision[] = [];
    for (let group = 1; group <= 20; group++) {
      for (let i = 0; i < 6; i++) {
        const components = { semantic: 0.5 + 0.3 * rand(), region: i % 2, lexical: rand() * 0.3 };
        out.push({ group, components, approved: (components.region === 1) !== rand() < 0.15 });
      }
      for (let i = 0; i < 3; i++) out.push({ group, components: { semantic: 0.2 + 0.2 * rand(), region: rand() < 0.5 ? 1 : 0, lexical: rand() * 0.3 }, approved: false, implicit: true });
    }
    return out;
  }
  const opts: TrainingOptions = { minDecisions: 10, minHeldOutPairs: 5, holdOutEvery: 5, l2: 0.1, implicitWeight: 0.3 };
  const inUse = onlyComponent('semantic');
  const fitted = (ds: Decision[], over: Partial<TrainingOptions> = {}) => trainRanker(ds, inUse, { ...opts, ...over }).weights!;
  const close = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).forEach((k) => expect(a[k], k).toBeCloseTo(b[k]!, 3));

  it('counts an implicit negative as the given share of a rejection', () => {
    const ds = decisions();
    const w = (implicitWeight: number) => fitted(ds, { implicitWeight }) as unknown as Record<string, number>;
    // At weight 0 they change nothing; at weight 1 they count as rejections.
    close(w(0), fitted(ds.filter((x) => !x.implicit)) as unknown as Record<string, number>);
    close(w(1), fitted(ds.map((x) => ({ ...x, implicit: false }))) as unknown as Record<string, number>);
    // They are all semantically weak: the more they count, the more say semantic similarity keeps.
    expect(w(0)['semantic']!).toBeLessThan(w(0.3)['semantic']! - 0.05);
    expect(w(0.3)['semantic']!).toBeLessThan(w(1)['semantic']! - 0.05);
  });

  it('counts the implicit negatives in the training pairs only', () => {
    const out = trainRanker(decisions(), inUse, opts);
    // 120 explicit decisions, 60 implicit; the held-out pairs are the explicit ones of the four held-out needs.
    expect(out.metrics).toMatchObject({ decisions: 120, implicit: 60 });
    const explicitOnly = trainRanker(decisions().filter((x) => !x.implicit), inUse, opts);
    expect(out.metrics.heldOutPairs).toBe(explicitOnly.metrics.heldOutPairs);
    expect(out.metrics.aucInUse).toBe(explicitOnly.metrics.aucInUse);
    // Each training need adds 3 implicit negatives per approved decision.
    const approvedInTraining = decisions().filter((x) => x.group % 5 !== 0 && x.approved).length;
    expect(out.metrics.trainPairs - explicitOnly.metrics.trainPairs).toBe(3 * approvedInTraining);
  });

  it('moves the weights in use only as far as the decisions pay for against the penalty', () => {
    // The score of the weights in use is a free feature; only the corrections are penalised. Under a heavy penalty
    // the weights stay those in use; the lighter it is, the more say the region gets.
    const ds = decisions();
    const heavy = fitted(ds, { l2: 100, implicitWeight: 0 });
    expect(heavy.semantic).toBeGreaterThan(0.99);
    const light = fitted(ds, { l2: 1, implicitWeight: 0 });
    const lighter = fitted(ds, { l2: 0.1, implicitWeight: 0 });
    expect(light.semantic).toBeGreaterThan(0.9);
    expect(lighter.region).toBeGreaterThan(light.region + 0.1);
    expect(lighter.semantic).toBeGreaterThan(lighter.region);
  });
});

describe('the within-need AUC at its tie boundary', () => {
  it('counts score differences within 1e-12 as ties, either way', () => {
    const w = onlyComponent('semantic');
    const pair = (p: number, n: number): [Decision, Decision] => [{ group: 1, components: { semantic: p }, approved: true }, { group: 1, components: { semantic: n }, approved: false }];
    expect(pairwiseAuc(w, [pair(1e-12, 0)])).toBe(0.5);
    expect(pairwiseAuc(w, [pair(0, 1e-12)])).toBe(0.5);
    expect(pairwiseAuc(w, [pair(1e-9, 0)])).toBe(1);
    expect(pairwiseAuc(w, [pair(0, 1e-9)])).toBe(0);
    // Components that are missing count as 0.
    expect(pairwiseAuc(w, [[{ group: 1, components: {}, approved: true }, { group: 1, components: { semantic: 0.1 }, approved: false }]])).toBe(0);
  });
});
