// Fitting the ranking weights to operators' decisions. A ranking only has to order the candidates of one need, so
// the fit is pairwise: within each need, every approved pairing (approved, contacted or completed) should outscore
// every rejected one, and a logistic regression on the differences of their score components gives the direction
// of the weights. The components are taken as the weights meet them: each times the fusion's multiplier for that
// need's query (src/match/fusion.ts), as stored when suggested. Operators only see the top of a list, so a fit to
// their decisions alone learns to tell apart candidates that are all semantically close, and gives semantic
// similarity less say than it deserves; candidates the same need ranked lower, which nobody approved, are added as
// weaker negatives (implicitWeight of a rejection). The fit starts from the weights in use: their score is a free
// feature and the components' own coefficients are penalised corrections. The weights keep the scale of those in use, so scores stay
// comparable for the batch, and are adopted only if they order the explicit pairs of held-out needs at least as
// well as the weights in use (the within-need AUC). Pure: decisions in, verdict out.
import { COMPONENT_KEYS, type ScoreComponents, type Weights } from '../domain/score-components.js';
import { fitLogistic } from './logistic.js';

export interface Decision {
  /** The need decided on: pairs are formed within a need, and whole needs are held out. */
  group: number;
  /** Each component times the fusion's multiplier it met (see `scaled` in src/domain/score-components.ts). */
  components: Partial<ScoreComponents>;
  approved: boolean;
  /** Not a decision: a candidate ranked below what operators saw, taken as a weaker negative. */
  implicit?: boolean;
}

export interface TrainingOptions {
  /** Fewer decisions than this keep the weights in use. */
  minDecisions: number;
  /** Nor fewer than this many held-out (approved, rejected) pairs to check with. */
  minHeldOutPairs: number;
  /** Needs whose id is divisible by this are held out for the check. */
  holdOutEvery: number;
  l2: number;
  /** What a pair with an implicit negative counts, against 1 for a rejection. */
  implicitWeight: number;
}

/** The ranks a need's implicit negatives are read from: below the ten a list shows, down to thirty. */
export const IMPLICIT_RANKS = { from: 10, to: 30 } as const;

export const DEFAULT_TRAINING: TrainingOptions = { minDecisions: 40, minHeldOutPairs: 10, holdOutEvery: 5, l2: 0.1, implicitWeight: 0.3 };

export interface TrainingOutcome {
  accepted: boolean;
  reason: string;
  /** The fitted weights (also when rejected, to show what was tried). */
  weights?: Weights;
  metrics: { decisions: number; approved: number; rejected: number; implicit: number; trainPairs: number; heldOutPairs: number; aucInUse?: number; aucFitted?: number };
}

const features = (c: Partial<ScoreComponents>) => COMPONENT_KEYS.map((k) => c[k] ?? 0);
const scoreWith = (w: Weights, c: Partial<ScoreComponents>) => COMPONENT_KEYS.reduce((s, k) => s + w[k] * (c[k] ?? 0), 0);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Every (approved, negative) pair on the same need; implicit negatives only when asked for. */
function pairsOf(decisions: readonly Decision[], withImplicit: boolean): Array<[Decision, Decision]> {
  const byNeed = new Map<number, Decision[]>();
  for (const d of decisions) if (withImplicit || !d.implicit) byNeed.set(d.group, [...(byNeed.get(d.group) ?? []), d]);
  const pairs: Array<[Decision, Decision]> = [];
  for (const ds of byNeed.values()) for (const p of ds) if (p.approved) for (const n of ds) if (!n.approved) pairs.push([p, n]);
  return pairs;
}

/** Share of pairs the weights order rightly (ties count half): the AUC within needs. */
export function pairwiseAuc(w: Weights, pairs: ReadonlyArray<[Decision, Decision]>): number {
  if (pairs.length === 0) return Number.NaN;
  let right = 0;
  for (const [p, n] of pairs) {
    const d = scoreWith(w, p.components) - scoreWith(w, n.components);
    right += d > 1e-12 ? 1 : Math.abs(d) <= 1e-12 ? 0.5 : 0;
  }
  return right / pairs.length;
}

export function trainRanker(decisions: readonly Decision[], inUse: Weights, opts: TrainingOptions = DEFAULT_TRAINING): TrainingOutcome {
  const explicit = decisions.filter((d) => !d.implicit);
  const approved = explicit.filter((d) => d.approved).length;
  const metrics: TrainingOutcome['metrics'] = {
    decisions: explicit.length, approved, rejected: explicit.length - approved, implicit: decisions.length - explicit.length, trainPairs: 0, heldOutPairs: 0,
  };
  const heldOutNeed = (d: Decision) => d.group % opts.holdOutEvery === 0;
  const train = pairsOf(decisions.filter((d) => !heldOutNeed(d)), true);
  const trainExplicit = train.filter(([, n]) => !n.implicit).length;
  const heldOut = pairsOf(decisions.filter(heldOutNeed), false);
  metrics.trainPairs = train.length;
  metrics.heldOutPairs = heldOut.length;
  if (explicit.length < opts.minDecisions || heldOut.length < opts.minHeldOutPairs || trainExplicit < opts.minHeldOutPairs) {
    return {
      accepted: false,
      reason: `too few decisions to learn from (${explicit.length} decisions giving ${trainExplicit} training and ${heldOut.length} held-out approved/rejected pairs on the same need; needs ${opts.minDecisions} decisions and ${opts.minHeldOutPairs} pairs of each): keeping the weights in use`,
      metrics,
    };
  }
  // Both orders of each pair, so the model is symmetric and needs no intercept. The first feature is the score
  // of the weights in use, free; the components follow, penalised: the fit is the weights in use (times a scale)
  // plus corrections that the decisions must pay for, so a few decisions move the weights a little.
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  for (const [p, n] of train) {
    const diff = features(p.components).map((v, i) => v - features(n.components)[i]!);
    const row = [scoreWith(inUse, p.components) - scoreWith(inUse, n.components), ...diff];
    const weight = n.implicit ? opts.implicitWeight : 1;
    x.push(row, row.map((v) => -v));
    y.push(1, 0);
    w.push(weight, weight);
  }
  const fit = fitLogistic(x, y, { l2: opts.l2, sampleWeights: w, penalties: [0, ...COMPONENT_KEYS.map(() => 1)] });
  const [scaleOfInUse, ...corrections] = fit.weights as [number, ...number[]];
  const raw = COMPONENT_KEYS.map((k, i) => scaleOfInUse * inUse[k] + corrections[i]!);
  const norm = (v: readonly number[]) => v.reduce((s, x) => s + Math.abs(x), 0);
  const scale = norm(COMPONENT_KEYS.map((k) => inUse[k])) / Math.max(norm(raw), 1e-12);
  const weights = Object.fromEntries(COMPONENT_KEYS.map((k, i) => [k, round(raw[i]! * scale)])) as Weights;

  metrics.aucInUse = round(pairwiseAuc(inUse, heldOut));
  metrics.aucFitted = round(pairwiseAuc(weights, heldOut));
  if (metrics.aucFitted < metrics.aucInUse) {
    return { accepted: false, reason: `the fitted weights order held-out needs' pairs worse (AUC ${metrics.aucFitted} < ${metrics.aucInUse}): keeping the weights in use`, weights, metrics };
  }
  return { accepted: true, reason: `held-out AUC within needs ${metrics.aucFitted} ≥ ${metrics.aucInUse} with the weights in use`, weights, metrics };
}
