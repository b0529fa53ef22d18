// Fitting the ranking weights to operators' decisions. A ranking only has to order the candidates of one need, so
// the fit is pairwise: within each need, every approved pairing (approved, contacted or completed) should outscore
// every rejected one, and a logistic regression on the differences of their score components (as they were when
// suggested) gives the direction of the weights. They keep the scale of the weights in use, so scores stay
// comparable for the batch. The fit is adopted only if it orders the pairs of held-out needs at least as well as
// the weights in use (the within-need AUC). Pure: decisions in, verdict out.
import { COMPONENT_KEYS, type ScoreComponents, type Weights } from '../domain/score-components.js';
import { fitLogistic } from './logistic.js';

export interface Decision {
  /** The need decided on: pairs are formed within a need, and whole needs are held out. */
  group: number;
  components: Partial<ScoreComponents>;
  approved: boolean;
}

export interface TrainingOptions {
  /** Fewer decisions than this keep the weights in use. */
  minDecisions: number;
  /** Nor fewer than this many held-out (approved, rejected) pairs to check with. */
  minHeldOutPairs: number;
  /** Needs whose id is divisible by this are held out for the check. */
  holdOutEvery: number;
  l2: number;
}

export const DEFAULT_TRAINING: TrainingOptions = { minDecisions: 40, minHeldOutPairs: 10, holdOutEvery: 5, l2: 0.01 };

export interface TrainingOutcome {
  accepted: boolean;
  reason: string;
  /** The fitted weights (also when rejected, to show what was tried). */
  weights?: Weights;
  metrics: { decisions: number; approved: number; rejected: number; trainPairs: number; heldOutPairs: number; aucInUse?: number; aucFitted?: number };
}

const features = (c: Partial<ScoreComponents>) => COMPONENT_KEYS.map((k) => c[k] ?? 0);
const scoreWith = (w: Weights, c: Partial<ScoreComponents>) => COMPONENT_KEYS.reduce((s, k) => s + w[k] * (c[k] ?? 0), 0);
const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Every (approved, rejected) pair of decisions on the same need. */
function pairsOf(decisions: readonly Decision[]): Array<[Decision, Decision]> {
  const byNeed = new Map<number, Decision[]>();
  for (const d of decisions) byNeed.set(d.group, [...(byNeed.get(d.group) ?? []), d]);
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
  const approved = decisions.filter((d) => d.approved).length;
  const metrics: TrainingOutcome['metrics'] = { decisions: decisions.length, approved, rejected: decisions.length - approved, trainPairs: 0, heldOutPairs: 0 };
  const train = pairsOf(decisions.filter((d) => d.group % opts.holdOutEvery !== 0));
  const heldOut = pairsOf(decisions.filter((d) => d.group % opts.holdOutEvery === 0));
  metrics.trainPairs = train.length;
  metrics.heldOutPairs = heldOut.length;
  if (decisions.length < opts.minDecisions || heldOut.length < opts.minHeldOutPairs || train.length < opts.minHeldOutPairs) {
    return {
      accepted: false,
      reason: `too few decisions to learn from (${decisions.length} decisions giving ${train.length} training and ${heldOut.length} held-out approved/rejected pairs on the same need; needs ${opts.minDecisions} decisions and ${opts.minHeldOutPairs} pairs of each): keeping the weights in use`,
      metrics,
    };
  }
  // Both orders of each pair, so the model is symmetric and needs no intercept.
  const x: number[][] = [];
  const y: number[] = [];
  for (const [p, n] of train) {
    const diff = features(p.components).map((v, i) => v - features(n.components)[i]!);
    x.push(diff, diff.map((v) => -v));
    y.push(1, 0);
  }
  const fit = fitLogistic(x, y, { l2: opts.l2 });
  const norm = (w: readonly number[]) => w.reduce((s, v) => s + Math.abs(v), 0);
  const scale = norm(COMPONENT_KEYS.map((k) => inUse[k])) / Math.max(norm(fit.weights), 1e-12);
  const weights = Object.fromEntries(COMPONENT_KEYS.map((k, i) => [k, round(fit.weights[i]! * scale)])) as Weights;

  metrics.aucInUse = round(pairwiseAuc(inUse, heldOut));
  metrics.aucFitted = round(pairwiseAuc(weights, heldOut));
  if (metrics.aucFitted < metrics.aucInUse) {
    return { accepted: false, reason: `the fitted weights order held-out needs' pairs worse (AUC ${metrics.aucFitted} < ${metrics.aucInUse}): keeping the weights in use`, weights, metrics };
  }
  return { accepted: true, reason: `held-out AUC within needs ${metrics.aucFitted} ≥ ${metrics.aucInUse} with the weights in use`, weights, metrics };
}
