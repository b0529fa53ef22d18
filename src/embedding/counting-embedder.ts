// A model that counts what it is asked to embed: tests and benchmarks use it to see that unchanged texts skip the
// model, that each change is embedded once, and that an API process in queue mode embeds no passages.
import { createLocalEmbedder, type Embedder } from './embedder.js';

export interface CountingEmbedder extends Embedder {
  readonly counts: { passages: number; queries: number };
}

/** Counts the calls made to `model` (the local model by default). */
export async function countingEmbedder(model?: Embedder): Promise<CountingEmbedder> {
  const inner = model ?? (await createLocalEmbedder());
  const counts = { passages: 0, queries: 0 };
  return {
    modelId: inner.modelId,
    dimension: inner.dimension,
    counts,
    async embedPassages(texts) {
      counts.passages += texts.length;
      return inner.embedPassages(texts);
    },
    async embedQuery(text) {
      counts.queries++;
      return inner.embedQuery(text);
    },
  };
}
