// Hand-set ranking weights, tuned with `npm run tune -- test/fixtures/shaoxing-dev ../shared/eval/csl-dev`
// (coordinate descent, nDCG@10; the README records the sensitivity table). Two choices are deliberate rather
// than the optimum of those sets:
// - lexical 0.3, not 0.5: our dev needs share more words with the listings than real owners' words do (BM25
//   reaches 96% of dense there, about 60% on held-out colloquial pairs), so a heavier lexical weight would fit
//   the dev set rather than the city; 0.3 costs 0.004-0.009 nDCG on the dev set.
// - voucher 0.03, not 0: the dev labels ignore vouchers by design, but a need that asks for voucher-eligible
//   providers should see them first among equals; it costs 0.0015 nDCG there.
import type { Weights } from './types.js';

export const DEFAULT_WEIGHTS: Weights = {
  semantic: 1,
  lexical: 0.3,
  category: 0.15,
  industry: 0.1,
  region: 0.02,
  voucher: 0.03,
  availability: 0.05,
  // Not tuned on the dev sets (they have no decisions): enough for repeated rejections (−0.6 after three) to move
  // a resource below close competitors, not enough to bury a strong semantic match.
  feedback: 0.2,
};

/** How retrieval and inference behave; tuned together with the weights. */
export interface RetrievalSettings {
  /** Candidates taken from each retriever. */
  depth: number;
  /** Dense neighbours that vote on a need's likely industries and categories. */
  inferenceNeighbours: number;
  /** Share of the vote given to neighbours versus keywords. */
  neighbourShare: number;
  /** Softmax temperature over neighbour similarities. */
  temperature: number;
}

export const DEFAULT_RETRIEVAL: RetrievalSettings = {
  depth: 100,
  inferenceNeighbours: 20,
  neighbourShare: 0.4,
  temperature: 0.05,
};
