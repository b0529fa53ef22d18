// The model thread's side (see model-thread.ts): loads the model from local files only, then embeds the texts
// each message brings and sends the vectors back in one buffer.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelThreadOptions } from './model-thread.js';

type OrtSessions = { InferenceSession: { create: (model: unknown, options?: object) => Promise<unknown> } };

const opts = workerData as ModelThreadOptions;
if (opts.threads > 0) {
  // transformers.js 2.17 creates its sessions with no options of ours: the thread count is added on the way.
  const loaded = (await import('onnxruntime-node')) as unknown as { default?: OrtSessions } & OrtSessions;
  const ort = loaded.default ?? loaded; // as transformers.js picks it
  const create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = (model, options) => create(model, { ...options, intraOpNumThreads: opts.threads, interOpNumThreads: 1 });
}
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
