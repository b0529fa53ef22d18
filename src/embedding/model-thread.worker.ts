// The model thread's side (see model-thread.ts): loads the model from local files only, then embeds the texts
// each message brings and sends the vectors back in one buffer.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelThreadOptions } from './model-thread.js';

const opts = workerData as ModelThreadOptions;
const { env, pipeline } = await import('@xenova/transformers');
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = `${opts.modelsDir}/`;
const extract = await pipeline('feature-extraction', opts.modelId, { quantized: opts.quantized });
const port = parentPort!;

port.on('message', async ({ id, texts }: { id: number; texts: string[] }) => {
  try {
    const output = await extract(texts, { pooling: opts.pooling, normalize: opts.normalize });
    const data = Float32Array.from(output.data as Float32Array);
    port.postMessage({ id, data }, [data.buffer]);
  } catch (err) {
    port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ ready: true });
