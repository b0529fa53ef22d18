// How well a guess's confidence says how often it is right: accuracy of the top guess, how often it is wrong while
// confident, and the expected calibration error over equal-width bins (a guess at 0.8 should be right 80% of the
// time). Pure.

export interface LabelGuess {
  /** The top guess, or undefined when nothing was guessed. */
  code: string | undefined;
  confidence: number;
  truth: string;
}

export interface Calibration {
  n: number;
  accuracy: number;
  /** Guesses at confidence ≥ 0.5 that were wrong, as a count. */
  confidentWrong: number;
  /** Expected calibration error: Σ over bins of (share of guesses) × |accuracy − mean confidence|. */
  ece: number;
  /** Per bin: guesses, mean confidence, accuracy (for a reliability table). */
  bins: Array<{ from: number; n: number; confidence: number; accuracy: number }>;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function calibration(guesses: readonly LabelGuess[], binCount = 10): Calibration {
  const n = guesses.length;
  const right = (g: LabelGuess) => g.code !== undefined && g.code === g.truth;
  const bins = Array.from({ length: binCount }, (_, i) => ({ from: i / binCount, n: 0, confidence: 0, accuracy: 0 }));
  for (const g of guesses) {
    const bin = bins[Math.min(binCount - 1, Math.floor(g.confidence * binCount))]!;
    bin.n++;
    bin.confidence += g.confidence;
    bin.accuracy += right(g) ? 1 : 0;
  }
  let ece = 0;
  for (const b of bins) {
    if (b.n === 0) continue;
    b.confidence /= b.n;
    b.accuracy /= b.n;
    ece += (b.n / n) * Math.abs(b.accuracy - b.confidence);
  }
  return {
    n,
    accuracy: n === 0 ? 0 : round(guesses.filter(right).length / n),
    confidentWrong: guesses.filter((g) => g.confidence >= 0.5 && !right(g)).length,
    ece: round(ece),
    bins: bins.filter((b) => b.n > 0).map((b) => ({ from: b.from, n: b.n, confidence: round(b.confidence), accuracy: round(b.accuracy) })),
  };
}
