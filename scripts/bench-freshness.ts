// npm run bench:freshness: registration-to-matchable latency in queue mode with one worker: a resource is
// registered through the API's use case, and the clock stops when the API process's own index holds it (after
// outbox → BullMQ → worker embeds → stream → follower applies). First on a quiet pipeline, then while an import
// of BENCH_IMPORT resources (default 10,000, demo-generator texts) is being embedded: that phase also prints the
// worker's passage throughput and says whether the API process embedded anything itself (it must not). Uses a
// fresh database on the PostgreSQL server (BENCH_PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres)
// and REDIS_URL (default local).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { SYSTEM } from '../src/auth/actor.js';
import { createEngine } from '../src/engine.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_SEED, generateSeedCorpus } from '../src/seed/corpus.js';
import { importNdjson, importRecords } from '../src/services/import.js';
import { createResource } from '../src/services/resources.js';
import { startWorker } from '../src/worker/process.js';
import { quantile } from './lib/bench.js';
import { countingEmbedder } from '../src/embedding/counting-embedder.js';

const N = Number(process.env.BENCH_N ?? 60);
const IMPORT = Number(process.env.BENCH_IMPORT ?? 10_000);
const figures = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(1)} ms   p95 ${quantile(xs, 0.95).toFixed(1)} ms   max ${Math.max(...xs).toFixed(1)} ms`;

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const name = `sxm_bench_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sxm-bench-'));
  const config = { databaseUrl: url.toString(), redisUrl, queuePrefix: name, dataDir, jobLockMs: 30_000 };
  const log = createLogger('warn');
  // The API process's model counts what it is asked: in queue mode only the worker embeds passages.
  const apiModel = await countingEmbedder();
  const engine = await createEngine({ config, log, embedder: apiModel });
  const worker = await startWorker({ config, log });
  try {
    const registry = readFileSync(resolve(import.meta.dirname, '../test/fixtures/small-registry.ndjson'), 'utf8');
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
    let registered = 0;
    const register = async (): Promise<number> => {
      const i = ++registered;
      const t0 = performance.now();
      const { record: row } = await createResource({
        ctx: engine.ctx,
        actor: SYSTEM,
        input: { kind: 'equipment', name: `盐雾试验箱 第${i}台`, description: `中性盐雾试验，评价金属镀层耐腐蚀性能，编号${i}`, industries: ['metal'], categories: ['testing'], region: 'zhuji' },
      });
      while (!engine.index().dense.has(row.id)) await new Promise((r) => setTimeout(r, 2));
      return performance.now() - t0;
    };
    const quiet: number[] = [];
    for (let i = 0; i < N; i++) quiet.push(await register());
    console.log(`registrations: ${N} (one worker, sequential)`);
    console.log(`registration → matchable, quiet pipeline           ${figures(quiet)}`);

    // An import from a later seed of the demo generator (new texts, so every one is embedded).
    const resources = generateSeedCorpus(DEFAULT_SEED + 7).resources;
    const lines = Array.from({ length: IMPORT }, (_, i) => {
      const r = resources[i % resources.length]!;
      return { line: i + 1, type: 'resource' as const, data: { ...r, name: `${r.name}（${Math.floor(i / resources.length) + 1}）`, externalId: `import-${i}` } };
    });
    const before = engine.index().dense.size;
    const t0 = performance.now();
    await importRecords({ ctx: engine.ctx, actor: SYSTEM, input: lines });
    const committed = performance.now();
    const during: number[] = [];
    while (engine.index().dense.size < before + IMPORT + during.length) {
      during.push(await register());
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - committed) / 1000;
    console.log(`import of ${IMPORT} resources: committed in ${((committed - t0) / 1000).toFixed(1)} s, embedded by the worker in ${seconds.toFixed(1)} s (${((IMPORT + during.length) / seconds).toFixed(1)} resources/s)`);
    console.log(`registration → matchable, during the import (${during.length}) ${figures(during)}`);
    console.log(`passages the API process embedded itself: ${apiModel.counts.passages}`);
  } finally {
    await worker.close();
    await engine.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
