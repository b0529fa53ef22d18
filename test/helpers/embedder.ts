// The real model, counting what it is asked to embed: tests use it to see that unchanged texts skip the model
// and that each change is embedded once.
import { createLocalEmbedder, type Embedder } from '../../src/embedding/embedder.js';

export interface CountingEmbedder extends Embedder {
  readonly counts: { passages: number; queries: number };
}

export async function countingEmbedder(): Promise<CountingEmbedder> {
  const model = await createLocalEmbedder();
  const counts = { passages: 0, queries: 0 };
  return {
    modelId: model.modelId,
    dimension: model.dimension,
    counts,
    async embedPassages(texts) {
      counts.passages += texts.length;
      return model.embedPassages(texts);
    },
    async embedQuery(text) {
      counts.queries++;
      return model.embedQuery(text);
    },
  };
}
