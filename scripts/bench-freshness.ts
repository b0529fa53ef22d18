// npm run bench:freshness: registration-to-matchable latency in queue mode with one worker: a resource is
// registered through the API's use case, and the clock stops when the API process's own index holds it (after
// outbox → BullMQ → worker embeds → stream → follower applies). Uses a fresh database on the PostgreSQL server
// (BENCH_PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres) and REDIS_URL (default local).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { SYSTEM } from '../src/auth/actor.js';
import { createEngine } from '../src/engine.js';
import { createLogger } from '../src/log.js';
import { importNdjson } from '../src/services/import.js';
import { createResource } from '../src/services/resources.js';
import { startWorker } from '../src/worker/process.js';
import { quantile } from './lib/bench.js';

const N = Number(process.env.BENCH_N ?? 60);

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
  const engine = await createEngine({ config, log });
  const worker = await startWorker({ config, log });
  try {
    const registry = readFileSync(resolve(import.meta.dirname, '../test/fixtures/small-registry.ndjson'), 'utf8');
    await importNdjson({ ctx: engine.ctx, actor: SYSTEM, input: registry });
    const latencies: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const { record: row } = await createResource({
        ctx: engine.ctx,
        actor: SYSTEM,
        input: { kind: 'equipment', name: `盐雾试验箱 第${i + 1}台`, description: `中性盐雾试验，评价金属镀层耐腐蚀性能，编号${i}`, industries: ['metal'], categories: ['testing'], region: 'zhuji' },
      });
      while (!engine.index().dense.has(row.id)) await new Promise((r) => setTimeout(r, 2));
      latencies.push(performance.now() - t0);
    }
    console.log(`registrations: ${N} (one worker, sequential)`);
    console.log(`registration → matchable   p50 ${quantile(latencies, 0.5).toFixed(1)} ms   p95 ${quantile(latencies, 0.95).toFixed(1)} ms   max ${Math.max(...latencies).toFixed(1)} ms`);
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
