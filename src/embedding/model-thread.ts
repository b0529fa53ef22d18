// The model on a thread of its own. onnxruntime-node 1.14 runs a session synchronously on the thread that calls
// it, so on the main thread every embedding (5–7 ms for a portal query, longer for a need's description) stalls
// the event loop: no other request is parsed, retrieved or ranked meanwhile, and throughput stays flat however many
// portals call. Here the main thread only posts texts and receives vectors (the buffers are moved, not copied);
// the same model file and the same session options give the same vectors. A thread that dies fails what it had in
// hand and is started again by the next call.
import { Worker } from 'node:worker_threads';
import type { ModelCall } from './model-lane.js';

export interface ModelThreadOptions {
  modelsDir: string;
  modelId: string;
  quantized: boolean;
  pooling: 'cls' | 'mean';
  normalize: boolean;
  dimension: number;
}

export interface ModelThread {
  call: ModelCall;
  close(): Promise<void>;
}

type Reply = { ready: true } | { id: number; data: Float32Array } | { id: number; error: string };

// Run from source, the thread registers the TypeScript loader first: a process's loader (tsx's, vitest's) does
// not reach its worker threads.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(`./model-thread.worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = FROM_SOURCE
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); })`
  : `import(${JSON.stringify(WORKER)})`;

export async function startModelThread(opts: ModelThreadOptions): Promise<ModelThread> {
  let worker: Worker | undefined;
  let starting: Promise<Worker> | undefined;
  let next = 0;
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (err: unknown) => void; count: number }>();

  const start = () =>
    new Promise<Worker>((ok, fail) => {
      const w = new Worker(BOOT, { eval: true, workerData: opts });
      w.unref(); // an idle model never keeps a process alive
      w.on('message', (msg: Reply) => {
        if ('ready' in msg) return ok(w);
        const job = pending.get(msg.id);
        if (!job) return;
        pending.delete(msg.id);
        if ('error' in msg) return job.reject(new Error(msg.error));
        const dim = opts.dimension;
        job.resolve(Array.from({ length: job.count }, (_, i) => msg.data.subarray(i * dim, (i + 1) * dim)));
      });
      const gone = (err: unknown) => {
        if (worker === w) worker = undefined;
        starting = undefined;
        for (const job of pending.values()) job.reject(err);
        pending.clear();
        fail(err);
      };
      w.on('error', gone);
      w.on('exit', (code) => gone(new Error(`the model thread exited (code ${code})`)));
    });

  const ready = (): Promise<Worker> => (starting ??= start().then((w) => (worker = w)));
  await ready();

  return {
    call(texts) {
      // Posted before this returns: the lane's next call must not wait for whatever the caller does next.
      return new Promise<Float32Array[]>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject, count: texts.length });
        if (worker) worker.postMessage({ id, texts });
        else ready().then((w) => w.postMessage({ id, texts }), reject);
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      starting = undefined;
      await w?.terminate();
    },
  };
}
