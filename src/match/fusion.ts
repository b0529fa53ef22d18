// Fusion that adapts to the query: how much say lexical evidence and inferred labels get, from what the query
// shows. Where the best keyword hits stand out from the rest (a title, an instrument name, a standard number) and
// the lexicon understood the words (its terms joined the keyword query), words can be trusted; where every
// listing shares the query's few words about equally (colloquial questions about one product), they mislead.
// Inferred labels count in proportion to how sure and how clear-cut the inference is. A small pure function of a few features, fitted on the labelled dev sets (`npm run tune`); its
// features and the weights it chose are part of every match answer (`fusion`).
import type { Weights } from '../domain/score-components.js';
import type { Candidate, NeedInference, NeedQuery } from './types.js';

export interface QueryFeatures {
  /** Words of the query (after stop words). */
  words: number;
  /** The best keyword hit's score as a share of what the query could score, in [0, 1]. */
  coverage: number;
  /** How far the best keyword hit stands out from the tenth: (best − tenth) / best, in [0, 1]. */
  lexicalGap: number;
  /** Concepts of the lexicon the words were understood as. */
  understood: number;
  /** Share of the dense top 10 that is also in the keyword top 10. */
  agreement: number;
  /** Top inferred category's confidence, and its lead over the second; 0 when the need names its category. */
  categoryConfidence: number;
  categoryMargin: number;
  /** Top inferred industry's confidence; 0 when the need names its industry. */
  industryConfidence: number;
}

export interface FusionParams {
  /** λ_lexical = 2·σ(bias + gap·(lexicalGap − 0.5) + understood·min(understood, 3) + coverage·(coverage − 0.5) + agreement·(agreement − 0.3)). */
  lexical: { bias: number; gap: number; understood: number; coverage: number; agreement: number };
  /** An inferred label's weight is scale × σ(sharpness × (confidence + margin − threshold)) of the given label's. */
  inferred: { category: number; industry: number; threshold: number; sharpness: number };
}

/** Fitted on shaoxing-dev, shaoxing-symptoms (with and without form metadata), csl-dev and afqmc-dev-a. */
export const DEFAULT_FUSION: FusionParams = {
  lexical: { bias: -0.5, gap: 2, understood: 3, coverage: 0, agreement: 0 },
  inferred: { category: 0.25, industry: 0.75, threshold: 0, sharpness: 5 },
};

/** The multipliers applied to the weights for this query, and the weights that result. */
export interface Fusion {
  features: QueryFeatures;
  multipliers: { lexical: number; category: number; industry: number };
  weights: Weights;
}

const TOP = 10;

export function queryFeatures(candidates: readonly Candidate[], words: number, need: NeedQuery, inference: NeedInference): QueryFeatures {
  const topBy = (key: 'semantic' | 'lexical') => new Set(firstOf(candidates, TOP, (a, b) => b[key] < a[key] || (a[key] === b[key] && a.profile.id < b.profile.id)).map((c) => c.profile.id));
  const dense = topBy('semantic');
  const lexical = topBy('lexical');
  const [c1, c2] = need.category ? [] : inference.categories;
  const lexicalScores = firstOf(candidates.map((c) => c.lexical), TOP, (a, b) => a > b);
  const best = lexicalScores[0] ?? 0;
  return {
    words,
    coverage: best,
    lexicalGap: best > 0 ? (best - (lexicalScores[TOP - 1] ?? 0)) / best : 0,
    understood: inference.understood.length,
    agreement: dense.size === 0 ? 0 : [...dense].filter((id) => lexical.has(id)).length / TOP,
    categoryConfidence: c1?.confidence ?? 0,
    categoryMargin: (c1?.confidence ?? 0) - (c2?.confidence ?? 0),
    industryConfidence: need.industry ? 0 : (inference.industries[0]?.confidence ?? 0),
  };
}

/**
 * The first `n` of `items` in the order `before` defines, as sorting them all would give (an order without ties):
 * kept in order as they come, which costs a few comparisons an item where a sort of every candidate cost more.
 */
function firstOf<T>(items: readonly T[], n: number, before: (a: T, b: T) => boolean): T[] {
  const first: T[] = [];
  for (const item of items) {
    if (first.length === n && !before(item, first[n - 1]!)) continue;
    let i = first.length < n ? first.length : n - 1;
    first[i] = item;
    for (; i > 0 && before(first[i]!, first[i - 1]!); i--) [first[i], first[i - 1]] = [first[i - 1]!, first[i]!];
  }
  return first;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fuse(features: QueryFeatures, base: Weights, need: NeedQuery, params: FusionParams = DEFAULT_FUSION): Fusion {
  const l = params.lexical;
  const lexical = 2 * sigmoid(
    l.bias + l.gap * (features.lexicalGap - 0.5) + l.understood * Math.min(features.understood, 3) + l.coverage * (features.coverage - 0.5) + l.agreement * (features.agreement - 0.3),
  );
  const gate = (confidence: number, margin: number) => (params.inferred.sharpness === 0 ? 1 : sigmoid(params.inferred.sharpness * (confidence + margin - params.inferred.threshold)));
  // Given labels are certain: only inferred ones are weighed by the inference's own sureness.
  const category = need.category ? 1 : params.inferred.category * gate(features.categoryConfidence, features.categoryMargin);
  const industry = need.industry ? 1 : params.inferred.industry * gate(features.industryConfidence, 0);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const multipliers = { lexical: round(lexical), category: round(category), industry: round(industry) };
  return {
    features,
    multipliers,
    weights: { ...base, lexical: base.lexical * multipliers.lexical, category: base.category * multipliers.category, industry: base.industry * multipliers.industry },
  };
}
