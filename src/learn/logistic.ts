// L2-regularised logistic regression by Newton's method: a handful of features, so each step solves a small
// linear system exactly. Pure.

export interface LogisticFit {
  /** One weight per feature. */
  weights: number[];
  intercept: number;
  iterations: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
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
 * Fits P(y = 1 | x) = σ(b + w·x), minimising the mean log loss + (l2 / 2)·|w|² (the intercept is not penalised).
 */
export function fitLogistic(x: readonly number[][], y: readonly number[], opts: { l2: number; maxIterations?: number } = { l2: 0.01 }): LogisticFit {
  const d = x[0]?.length ?? 0;
  const n = x.length;
  let beta = new Array<number>(d + 1).fill(0); // [intercept, ...weights]
  const row = (i: number) => [1, ...x[i]!];
  let iterations = 0;
  for (; iterations < (opts.maxIterations ?? 50); iterations++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = row(i);
      const p = sigmoid(xi.reduce((s, v, k) => s + v * beta[k]!, 0));
      const w = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        grad[a]! += ((p - y[i]!) * xi[a]!) / n;
        for (let b = 0; b <= d; b++) hess[a]![b]! += (w * xi[a]! * xi[b]!) / n;
      }
    }
    for (let k = 1; k <= d; k++) {
      grad[k]! += opts.l2 * beta[k]!;
      hess[k]![k]! += opts.l2;
    }
    hess[0]![0]! += 1e-9; // keeps a separable intercept finite
    const step = solve(hess, grad);
    beta = beta.map((v, k) => v - step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations };
}
