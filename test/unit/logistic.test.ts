import { describe, expect, it } from 'vitest';
import { fitLogistic, solve, type LogisticFit } from '../../src/learn/logistic.js';

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const matVec = (a: number[][], x: number[]) => a.map((row) => row.reduce((s, v, k) => s + v * x[k]!, 0));
const p = (fit: LogisticFit, xi: readonly number[]) => 1 / (1 + Math.exp(-(fit.intercept + xi.reduce((s, v, k) => s + v * fit.weights[k]!, 0))));

/** Gradient of (weighted) mean log loss + (l2 / 2)·|w|² at the fit, [intercept, ...weights]: 0 at the optimum. */
function gradient(fit: LogisticFit, x: number[][], y: number[], l2: number, sampleWeights: number[] = x.map(() => 1)): number[] {
  const g = new Array<number>(fit.weights.length + 1).fill(0);
  const total = sampleWeights.reduce((s, v) => s + v, 0);
  x.forEach((xi, i) => {
    const r = ((p(fit, xi) - y[i]!) * sampleWeights[i]!) / total;
    g[0]! += r;
    xi.forEach((v, k) => (g[k + 1]! += r * v));
  });
  fit.weights.forEach((w, k) => (g[k + 1]! += l2 * w));
  return g;
}

/** Labels drawn from σ(truth(x)), features uniform in [0, 1). */
function sample(seed: number, n: number, d: number, truth: (x: number[]) => number) {
  const rand = rng(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: d }, () => rand()));
  const y: number[] = x.map((xi) => (rand() < 1 / (1 + Math.exp(-truth(xi))) ? 1 : 0));
  return { x, y };
}

describe('the linear solver (Gaussian elimination with partial pivoting)', () => {
  it('solves small systems with known solutions', () => {
    expect(solve([[2, 1], [1, 3]], [4, 7])).toEqual([1, 2]);
    expect(solve([[5]], [10])).toEqual([2]);
    expect(solve([], [])).toEqual([]);
    const a = [[4, 1, 2], [1, 5, 3], [2, 3, 6]];
    const x = solve(a, matVec(a, [1, -2, 3]));
    [1, -2, 3].forEach((v, k) => expect(x[k]).toBeCloseTo(v, 12));
  });

  it('swaps rows when a diagonal entry is zero, by magnitude even when it is negative', () => {
    expect(solve([[0, 1], [1, 0]], [-2, 3])).toEqual([3, -2]);
    // The only usable pivot in the first column is −2.
    expect(solve([[0, 1], [-2, 1]], [1, -1])).toEqual([1, 1]);
    const a = [[0, 2, 1], [0, 1, 3], [4, 0, 1]];
    const x = solve(a, matVec(a, [2, -1, 0.5]));
    [2, -1, 0.5].forEach((v, k) => expect(x[k]).toBeCloseTo(v, 12));
  });

  it('takes the largest pivot, not merely a non-zero one', () => {
    // Eliminating with the tiny 1e-20 as pivot loses x₁ to rounding (it comes out 0); pivoting on 1 gets [1, 1].
    const x = solve([[1e-20, 1], [1, 1]], [1, 2]);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(1, 12);
  });

  it('agrees with A x = b on random well-conditioned systems', () => {
    const rand = rng(17);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + Math.floor(rand() * 6);
      const m = Array.from({ length: n }, () => Array.from({ length: n }, () => rand() * 2 - 1));
      // M Mᵀ + I: symmetric positive definite, like the Newton steps' Hessians.
      const a = m.map((ri, i) => m.map((rj, j) => ri.reduce((s, v, k) => s + v * rj[k]!, 0) + (i === j ? 1 : 0)));
      const truth = Array.from({ length: n }, () => rand() * 10 - 5);
      const x = solve(a, matVec(a, truth));
      truth.forEach((v, k) => expect(x[k]).toBeCloseTo(v, 9));
    }
  });
});

describe('L2-regularised logistic regression (Newton)', () => {
  it('matches the closed form on a binary feature without penalty', () => {
    // At x = 0 one in four is positive, at x = 1 three in four: b = logit(1/4) = −ln 3, b + w = ln 3.
    const x = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const fit = fitLogistic(x, y, { l2: 0 });
    expect(fit.intercept).toBeCloseTo(-Math.log(3), 6);
    expect(fit.weights[0]).toBeCloseTo(2 * Math.log(3), 6);
  });

  it('returns a stationary point of the penalised mean log loss', () => {
    const { x, y } = sample(21, 300, 3, (xi) => 3 * xi[0]! - 2 * xi[1]! + 0.5 * xi[2]! - 0.5);
    for (const l2 of [0, 0.01, 0.3]) {
      const fit = fitLogistic(x, y, { l2 });
      for (const g of gradient(fit, x, y, l2)) expect(Math.abs(g)).toBeLessThan(1e-9);
      // Newton converges in a handful of steps, well before the default cap of 50.
      expect(fit.iterations).toBeGreaterThan(1);
      expect(fit.iterations).toBeLessThan(20);
    }
  });

  it('uses l2 = 0.01 by default', () => {
    const { x, y } = sample(4, 100, 2, (xi) => 2 * xi[0]! - xi[1]!);
    const fit = fitLogistic(x, y);
    for (const g of gradient(fit, x, y, 0.01)) expect(Math.abs(g)).toBeLessThan(1e-9);
    expect(fitLogistic(x, y, { l2: 0.01 })).toEqual(fit);
  });

  it('shrinks the weights as l2 grows, but never the intercept', () => {
    const { x, y } = sample(8, 200, 2, (xi) => 4 * xi[0]! + 3 * xi[1]! - 3);
    const norm = (f: LogisticFit) => Math.hypot(...f.weights);
    const norms = [0, 0.01, 0.1, 1].map((l2) => norm(fitLogistic(x, y, { l2 })));
    for (let k = 1; k < norms.length; k++) expect(norms[k]).toBeLessThan(norms[k - 1]!);
    // Weights all but gone: the intercept alone fits the base rate, logit(mean y).
    const flat = fitLogistic(x, y, { l2: 1e6 });
    const rate = y.reduce((s, v) => s + v, 0) / y.length;
    expect(norm(flat)).toBeLessThan(1e-5);
    expect(flat.intercept).toBeCloseTo(Math.log(rate / (1 - rate)), 4);
  });

  it('stops after maxIterations: one step from zero is −H⁻¹g there, computed by hand', () => {
    // At zero every p is 1/2, so H = ¼·mean([1 x; x x²]) + diag(1e-9, l2) and g = mean((½ − y)·[1, x]).
    const x = [[0], [1], [2], [3]];
    const y = [0, 1, 0, 1];
    const l2 = 0.5;
    const h = [[0.25 + 1e-9, 0.25 * 1.5], [0.25 * 1.5, 0.25 * 3.5 + l2]];
    const g = [0, (0.5 * 0 - 0.5 * 1 + 0.5 * 2 - 0.5 * 3) / 4];
    const det = h[0]![0]! * h[1]![1]! - h[0]![1]! * h[1]![0]!;
    const step = [(g[0]! * h[1]![1]! - h[0]![1]! * g[1]!) / det, (h[0]![0]! * g[1]! - h[1]![0]! * g[0]!) / det];
    const one = fitLogistic(x, y, { l2, maxIterations: 1 });
    expect(one.iterations).toBe(1);
    expect(one.intercept).toBeCloseTo(-step[0]!, 12);
    expect(one.weights[0]).toBeCloseTo(-step[1]!, 12);
    // More steps move on towards the optimum, which one step had not reached.
    const three = fitLogistic(x, y, { l2, maxIterations: 3 });
    expect(three.iterations).toBe(3);
    expect(Math.abs(gradient(three, x, y, l2)[1]!)).toBeLessThan(Math.abs(gradient(one, x, y, l2)[1]!));
    expect(fitLogistic(x, y, { l2, maxIterations: 0 })).toEqual({ intercept: 0, weights: [0], iterations: 0 });
  });

  it('stays finite on separable data and on all-positive labels', () => {
    const sep = fitLogistic([[-1], [-0.5], [0.5], [1]], [0, 0, 1, 1], { l2: 0.01 });
    expect(Number.isFinite(sep.weights[0]) && sep.weights[0]! > 3).toBe(true);
    for (const g of gradient(sep, [[-1], [-0.5], [0.5], [1]], [0, 0, 1, 1], 0.01)) expect(Math.abs(g)).toBeLessThan(1e-9);
    // No penalty holds the intercept b back here, only the 1e-9 ridge on it: Newton adds about 1 to b per step
    // until 1 − σ(b) falls below 1e-9 (b ≈ ln 1e9), then about e^(ln 1e9 − b) per step, so b grows like ln 1e9 +
    // ln(steps) and is still finite when the 50 steps run out.
    const all = fitLogistic([[0.1], [0.4], [0.9]], [1, 1, 1], { l2: 0.01 });
    expect(all.intercept).toBeGreaterThan(Math.log(1e9));
    expect(all.intercept).toBeLessThan(Math.log(1e9) + Math.log(50));
    expect(all.iterations).toBe(50);
  });

  it('does not overflow on an extreme feature value', () => {
    // The outlier ends up far on the positive side (z ≫ 709, where e^z is Infinity).
    const { x, y } = sample(13, 60, 1, (xi) => 6 * xi[0]! - 3);
    x.push([1e4]);
    y.push(1);
    const fit = fitLogistic(x, y, { l2: 0.01, maxIterations: 200 });
    expect(fit.intercept + 1e4 * fit.weights[0]!).toBeGreaterThan(709);
    for (const g of gradient(fit, x, y, 0.01)) expect(Math.abs(g)).toBeLessThan(1e-9);
  });

  it('weighs samples: weight 1 changes nothing, 2 counts twice, 0 drops the sample, only ratios matter', () => {
    const { x, y } = sample(31, 80, 2, (xi) => 3 * xi[0]! - 2 * xi[1]!);
    const plain = fitLogistic(x, y, { l2: 0.05 });
    expect(fitLogistic(x, y, { l2: 0.05, sampleWeights: x.map(() => 1) })).toEqual(plain);
    const close = (a: LogisticFit, b: LogisticFit) => [a.intercept, ...a.weights].forEach((v, k) => expect(v).toBeCloseTo([b.intercept, ...b.weights][k]!, 9));
    const twice = x.map((_, i) => (i < 10 ? 2 : 1));
    close(fitLogistic(x, y, { l2: 0.05, sampleWeights: twice }), fitLogistic([...x, ...x.slice(0, 10)], [...y, ...y.slice(0, 10)], { l2: 0.05 }));
    const dropped = x.map((_, i) => (i < 10 ? 0 : 1));
    close(fitLogistic(x, y, { l2: 0.05, sampleWeights: dropped }), fitLogistic(x.slice(10), y.slice(10), { l2: 0.05 }));
    close(fitLogistic(x, y, { l2: 0.05, sampleWeights: twice.map((w) => 3 * w) }), fitLogistic(x, y, { l2: 0.05, sampleWeights: twice }));
    const fractional = x.map((_, i) => 0.1 + (i % 7) / 10);
    const fit = fitLogistic(x, y, { l2: 0.05, sampleWeights: fractional });
    for (const g of gradient(fit, x, y, 0.05, fractional)) expect(Math.abs(g)).toBeLessThan(1e-9);
  });

  it('fits nothing from no data', () => {
    expect(fitLogistic([], [])).toEqual({ intercept: 0, weights: [], iterations: 0 });
  });
});
