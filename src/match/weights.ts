// Hand-set ranking weights, tuned on test/fixtures/shaoxing-dev (see scripts/tune.ts and the README).
import type { Weights } from './types.js';

export const DEFAULT_WEIGHTS: Weights = {
  semantic: 1,
  lexical: 0.3,
  category: 0.1,
  industry: 0.1,
  region: 0.03,
  voucher: 0.05,
  availability: 0.05,
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
  neighbourShare: 0.6,
  temperature: 0.05,
};
