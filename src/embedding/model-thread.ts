// The model on a thread of its own. onnxruntime-node 1.14 runs a session synchronously on the thread that calls
// it, so on the main thread every embedding (5–7 ms for a portal query, longer for a need's description) stalls
// the event loop: no other request is parsed, retrieved or ranked meanwhile, and throughput stays flat however many
// portals call. Here the main thread only posts texts and receives vectors (the buffers are moved, not copied);
// the same model file and the same session options give the same vectors.
// One thread per model for the whole process, shared by every embedder made in it (tests and tools make several):
// onnxruntime's addon cannot be loaded again by a new thread once a thread that loaded it has ended ("Module did
// not self-register"), so the thread is never ended, only unreferenced (it keeps no process alive). For the same
// reason a thread that dies cannot be replaced: every later call fails, saying so, and the process must restart.
// The thread holds the process only while it has work in hand (posting a message to it refs it again).
import { Worker } from 'node:worker_threads';
import type { ModelCall } from './model-lane.js';

export interface ModelThreadOptions {
  modelsDir: string;
  modelId: string;
  quantized: boolean;
  pooling: 'cls' | 'mean';
  normalize: boolean;
  dimension: number;
  /** onnxruntime's intra-op threads (0: its own choice). */
  threads: number;
}

type Reply = { ready: true } | { id: number; data: Float32Array } | { id: number; error: string };

// Run from source, the thread registers the TypeScript loader first: a process's loader (tsx's, vitest's) does
// not reach its worker threads.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER = new URL(`./model-thread.worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url).href;
const BOOT = FROM_SOURCE
  ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER)}); })`
  : `import(${JSON.stringify(WORKER)})`;

const threads = new Map<string, Promise<ModelCall>>();

/** The model's thread (started on first use), as a model call. */
export function modelThread(opts: ModelThreadOptions): Promise<ModelCall> {
  const key = JSON.stringify(opts);
  let thread = threads.get(key);
  if (!thread) {
    thread = start(opts);
    threads.set(key, thread);
    // A model that failed to load may be installed and loaded again by a later call.
    thread.catch(() => threads.delete(key));
  }
  return thread;
}

function start(opts: ModelThreadOptions): Promise<ModelCall> {
  let next = 0;
  let gone: Error | undefined;
  const pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (err: unknown) => void; count: number }>();
  const worker = new Worker(BOOT, { eval: true, workerData: opts });
  const call: ModelCall = (texts) =>
    new Promise<Float32Array[]>((resolve, reject) => {
      if (gone) return reject(gone);
      // Posted before this returns: the lane's next call must not wait for whatever the caller does next.
      const id = next++;
      pending.set(id, { resolve, reject, count: texts.length });
      worker.ref();
      worker.postMessage({ id, texts });
    });
  return new Promise<ModelCall>((ready, failed) => {
    worker.on('message', (msg: Reply) => {
      // Unreferenced once loaded (listening for messages referenced it again), until work is posted.
      if ('ready' in msg) {
        if (pending.size === 0) worker.unref();
        return ready(call);
      }
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (pending.size === 0) worker.unref();
      if ('error' in msg) return job.reject(new Error(msg.error));
      const dim = opts.dimension;
      job.resolve(Array.from({ length: job.count }, (_, i) => msg.data.subarray(i * dim, (i + 1) * dim)));
    });
    const end = (err: Error) => {
      gone ??= new Error(`the model thread stopped (${err.message}); restart the process to embed again`);
      for (const job of pending.values()) job.reject(gone);
      pending.clear();
      failed(gone);
    };
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`exit code ${code}`)));
  });
}
