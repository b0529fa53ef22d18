// How retrieval and inference behave; tuned with the weights (src/domain/score-components.ts) by `npm run tune`.

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
