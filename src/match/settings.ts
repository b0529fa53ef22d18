// How retrieval, understanding and inference behave; tuned with the weights (src/domain/score-components.ts) by
// `npm run tune`.

export interface RetrievalSettings {
  /** Candidates taken from each retriever. */
  depth: number;
  /** Dense neighbours that vote on a need's likely industries and categories. */
  inferenceNeighbours: number;
  /** Weight of each source of evidence about a need's industries and categories (renormalised over those that speak). */
  sources: { keywords: number; concepts: number; neighbours: number; classifier: number };
  /** Softmax temperature over neighbour similarities. */
  temperature: number;
  /** Maps the top guess's mixed probability p to a confidence σ(a·p + b) (fitted on the dev sets); none: p itself. */
  calibration?: { industry: { a: number; b: number }; category: { a: number; b: number } };
  /** Concepts of the lexicon whose technical terms are added to the keyword query, and the weight those terms get. */
  expansion: { concepts: number; weight: number };
}

/**
 * Fitted on the bare text of shaoxing-dev and shaoxing-symptoms (top-guess accuracy of industry and category, then
 * σ calibration of the top confidence); the expansion with the fusion (src/match/fusion.ts) on those two sets with
 * and without form metadata, csl-dev and afqmc-dev-a. The classifier's weight is small: on the dev sets' queries
 * used as labelled needs (5-fold) it changed top-guess accuracy by at most one need either way.
 */
export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  depth: 100,
  inferenceNeighbours: 20,
  sources: { keywords: 0.4, concepts: 0.4, neighbours: 0.8, classifier: 0.4 },
  temperature: 0.02,
  calibration: { industry: { a: 5.985, b: -2.519 }, category: { a: 4.942, b: -2.154 } },
  expansion: { concepts: 3, weight: 0.5 },
};
