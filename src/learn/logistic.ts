// L2-regularised logistic regression by Newton's method: a handful of features, so each step solves a small
// linear system exactly. Pure.

export interface LogisticFit {
  /** One weight per feature. */
  weights: number[];
  intercept: number;
  iterations: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. Exported for its tests. */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/**
 * Fits P(y = 1 | x) = σ(b + w·x), minimising the mean log loss + (l2 / 2)·Σ penalty_k·w_k² (the intercept is not
 * penalised; `penalties` default to 1 each, 0 leaves a weight free); with `sampleWeights`, the weighted mean (a
 * sample of weight 0.3 counts as 0.3 of one).
 */
export function fitLogistic(
  x: readonly number[][],
  y: readonly number[],
  opts: { l2: number; maxIterations?: number; sampleWeights?: readonly number[]; penalties?: readonly number[] } = { l2: 0.01 },
): LogisticFit {
  const d = x[0]?.length ?? 0;
  const weightOf = (i: number) => opts.sampleWeights?.[i] ?? 1;
  const n = opts.sampleWeights ? opts.sampleWeights.reduce((s, w) => s + w, 0) : x.length;
  let beta = new Array<number>(d + 1).fill(0); // [intercept, ...weights]
  const row = (i: number) => [1, ...x[i]!];
  let iterations = 0;
  for (; iterations < (opts.maxIterations ?? 50); iterations++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < x.length; i++) {
      const xi = row(i);
      const p = sigmoid(xi.reduce((s, v, k) => s + v * beta[k]!, 0));
      const si = weightOf(i) / n;
      const w = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        grad[a]! += (p - y[i]!) * xi[a]! * si;
        for (let b = 0; b <= d; b++) hess[a]![b]! += w * xi[a]! * xi[b]! * si;
      }
    }
    for (let k = 1; k <= d; k++) {
      const l2 = opts.l2 * (opts.penalties?.[k - 1] ?? 1);
      grad[k]! += l2 * beta[k]!;
      hess[k]![k]! += l2;
    }
    hess[0]![0]! += 1e-9; // keeps a separable intercept finite
    const step = solve(hess, grad);
    beta = beta.map((v, k) => v - step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations };
}
