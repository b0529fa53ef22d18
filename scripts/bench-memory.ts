// npm run bench:memory: what an API process holds in memory per 100k resources (dense index with its JS-side
// vectors, BM25 postings, profiles), built from the demo corpus's texts repeated with random unit vectors
// (the model is not needed to measure memory). BENCH_RESOURCES overrides the count.
import { generateSeedCorpus } from '../src/seed/corpus.js';
import { resourceIndexKey } from '../src/indexing/index-key.js';
import { resourceDocument, toProfile, type ResourceLike } from '../src/retrieval/documents.js';
import { SearchIndex } from '../src/retrieval/search-index.js';
import { tokenize } from '../src/retrieval/tokenize.js';
import { mib } from './lib/bench.js';

const N = Number(process.env.BENCH_RESOURCES ?? 100_000);

function unitVector(seed: number): Float32Array {
  const v = new Float32Array(512);
  let s = seed >>> 0;
  let norm = 0;
  for (let i = 0; i < 512; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
    norm += v[i]! * v[i]!;
  }
  for (let i = 0; i < 512; i++) v[i]! /= Math.sqrt(norm);
  return v;
}

const corpus = generateSeedCorpus().resources;
global.gc?.();
const before = process.memoryUsage();
const index = SearchIndex.empty(512);
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const input = corpus[i % corpus.length]!;
  const r = { ...input, id: i + 1, region: input.region ?? null } as ResourceLike;
  const text = resourceDocument(r);
  index.upsert(toProfile(r), unitVector(i + 1), tokenize(text), resourceIndexKey(r));
  if ((i + 1) % 20_000 === 0) console.error(`[memory] ${i + 1}/${N}`);
}
const seconds = (performance.now() - t0) / 1000;
global.gc?.();
const after = process.memoryUsage();
console.log(`resources: ${N}, built in ${seconds.toFixed(0)} s (${(N / seconds).toFixed(0)} per s, vectors given)`);
console.log(`rss +${mib(after.rss - before.rss)} MiB, JS heap +${mib(after.heapUsed - before.heapUsed)} MiB, external/array buffers +${mib(after.arrayBuffers - before.arrayBuffers)} MiB`);
console.log(`per 100k resources: about ${mib(((after.rss - before.rss) * 100_000) / N)} MiB resident`);
