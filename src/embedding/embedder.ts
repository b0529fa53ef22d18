// The local sentence-embedding model (bge-small-zh-v1.5, int8 ONNX) through transformers.js, never a model hub,
// run on the process's model thread (model-thread.ts), each embedder feeding it through its own lane (queries
// first).
import { DEFAULT_MODELS_DIR, MODEL_INSTALL_HINT, checkModelFiles, readManifest } from './model-files.js';
import { ModelLane } from './model-lane.js';
import { modelThread } from './model-thread.js';
import { normaliseText } from './normalise.js';

export interface Embedder {
  readonly modelId: string;
  readonly dimension: number;
  /** Embeds texts as passages (resources). Vectors are unit length. */
  embedPassages(texts: string[]): Promise<Float32Array[]>;
  /** Embeds one query (a need). */
  embedQuery(text: string): Promise<Float32Array>;
}

export class ModelMissingError extends Error {}

const BATCH = 16;

export interface LocalEmbedderOptions {
  /** bge's retrieval instruction for short queries; off by default (tuned on the dev sets, see README). */
  queryInstruction?: string;
  /** Where the model files are (MODELS_DIR). */
  modelsDir?: string;
  /** Queries that may share a model call (QUERY_BATCH; 1 by default, see config.ts). */
  queryBatch?: number;
  /** Threads the model runs on (MODEL_THREADS; 1 by default, 0 for onnxruntime's choice, see config.ts). */
  threads?: number;
}

export async function createLocalEmbedder(opts: LocalEmbedderOptions = {}): Promise<Embedder> {
  const modelsDir = opts.modelsDir ?? DEFAULT_MODELS_DIR;
  const problems = await checkModelFiles(modelsDir);
  if (problems.length > 0) {
    throw new ModelMissingError(`the embedding model in ${modelsDir} is missing or corrupt (${problems.join('; ')}); ${MODEL_INSTALL_HINT}`);
  }
  const manifest = readManifest();
  const call = await modelThread({
    modelsDir, modelId: manifest.id, quantized: manifest.quantized, pooling: manifest.pooling, normalize: manifest.normalize, dimension: manifest.dimension,
    threads: opts.threads ?? 1,
  });
  const lane = new ModelLane(call, opts.queryBatch ?? 1);
  return {
    modelId: manifest.id,
    dimension: manifest.dimension,
    async embedPassages(texts) {
      // Batches of similar length waste less work on padding.
      const order = texts.map((t, i) => ({ t: normaliseText(t), i })).sort((a, b) => a.t.length - b.t.length);
      const result = new Array<Float32Array>(texts.length);
      for (let start = 0; start < order.length; start += BATCH) {
        const batch = order.slice(start, start + BATCH);
        const vectors = await lane.chunk(batch.map((b) => b.t));
        batch.forEach((b, j) => (result[b.i] = vectors[j]!));
      }
      return result;
    },
    embedQuery: (text) => lane.query((opts.queryInstruction ?? '') + normaliseText(text)),
  };
}
