// npm run bench:scale [-- --resources 100000]: the engine at province scale. The corpus is copies of the demo
// corpus from consecutive seeds (ceil(N / 2,565) of them) in a PostgreSQL database kept between runs
// (scripts/lib/scaled-corpus.ts); the first run embeds it (20 to 40 minutes for 100,000 on two cores, by
// machine) and says how long that took. Then it starts the engine twice, once rebuilding the index from the stored
// vectors and once from the snapshot the first start wrote, and prints: build and warm-start times, p50/p99 of
// each match stage for text matches (the demo needs' titles) and id matches (stored needs, title and description,
// held in memory from the start; then the same needs again, their words' reading kept), the keyword stage alone for
// a long need, and then memory per 100k resources by component, from a warm start in a process that has only loaded
// the model, right after it and at rest (`--memory` does that alone).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../src/auth/actor.js';
import { loadConfig } from '../src/config.js';
import { createLocalEmbedder } from '../src/embedding/embedder.js';
import { createEngine, type Engine } from '../src/engine.js';
import { createLogger } from '../src/log.js';
import { DEFAULT_RETRIEVAL } from '../src/match/settings.js';
import { consoleProgress } from '../src/progress.js';
import { listNeeds } from '../src/repositories/need.repository.js';
import { needDocument } from '../src/retrieval/documents.js';
import { tokenize } from '../src/retrieval/tokenize.js';
import { DEFAULT_SEED, generateSeedCorpus } from '../src/seed/corpus.js';
import { matchNeed } from '../src/services/match-need.js';
import { seedDemoCorpus } from '../src/services/seed-demo.js';
import { expandQuery } from '../src/understanding/expand.js';
import { Lexicon } from '../src/understanding/lexicon.js';
import { mib, quantile } from './lib/bench.js';
import { DEMO_RESOURCES, scaledCorpus, scaledDatabase } from './lib/scaled-corpus.js';

const progress = consoleProgress();
const log = createLogger('warn');
const ms = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p99 ${quantile(xs, 0.99).toFixed(1)} ms`;
const per100k = (bytes: number, n: number) => `${mib((bytes * 100_000) / n)} MiB`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { resources: { type: 'string', default: '100000' }, memory: { type: 'boolean', default: false } } });
  const wanted = Number(values.resources);
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error('usage: npm run bench:scale -- [--resources N]');
  const copies = Math.ceil(wanted / DEMO_RESOURCES);
  const config = { databaseUrl: await scaledDatabase(copies), dataDir: join(loadConfig().dataDir, `bench-scale-x${copies}`) };
  if (values.memory) return memory(config);
  const open = () => createEngine({ config, log, onProgress: progress });

  let engine = await open();
  const seeded = engine.index().size === 0;
  if (seeded) {
    const t = performance.now();
    const report = await seedDemoCorpus({ ctx: engine.ctx, corpus: scaledCorpus(copies), onProgress: (d, n) => progress('embedding the corpus', d, n) });
    console.log(`corpus: ${report.resources.created + report.resources.updated} resources and ${report.needs.created + report.needs.updated} needs from ${copies} seeds, embedded and stored in ${((performance.now() - t) / 1000 / 60).toFixed(1)} min (once; kept in the database)`);
  }
  await engine.close();

  // A start without a snapshot (the index rebuilt from stored vectors), then one from the snapshot it wrote.
  rmSync(join(config.dataDir, 'index'), { recursive: true, force: true });
  let t = performance.now();
  engine = await open();
  console.log(`resources ${engine.index().size}: start rebuilding the index ${((performance.now() - t) / 1000).toFixed(1)} s (${engine.warmUp.source}, ${engine.warmUp.tokenised} texts tokenised)`);
  await engine.close();
  t = performance.now();
  engine = await open();
  console.log(`warm start from the snapshot ${((performance.now() - t) / 1000).toFixed(1)} s (${engine.warmUp.source}, ${engine.warmUp.tokenised} texts tokenised)`);
  try {
    await stages(engine);
  } finally {
    await engine.close();
  }
  // Memory in a process of its own, which has done nothing but load the model: this one holds the garbage of two
  // starts (and of seeding), and a heap that grew once does not give its pages back.
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--resources', String(wanted), '--memory'], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error('the memory measurement failed');
}

/** A warm start's growth of the resident set, after the model has loaded and embedded once. */
async function memory(config: { databaseUrl: string; dataDir: string }): Promise<void> {
  const embedder = await createLocalEmbedder();
  await embedder.embedQuery('纺织面料检测');
  global.gc?.();
  const before = process.memoryUsage();
  const engine = await createEngine({ config, log, embedder });
  try {
    global.gc?.();
    const after = process.memoryUsage();
    report(engine, config.dataDir, { rss: after.rss - before.rss, heap: after.heapUsed - before.heapUsed });
    // A heap that grew while starting gives pages back after a while: the replica's size at rest.
    await new Promise((r) => setTimeout(r, 10_000));
    global.gc?.();
    const rest = process.memoryUsage().rss - before.rss;
    console.log(`  at rest 10 s later: ${mib(rest)} MiB, ${per100k(rest, engine.index().size)} per 100k resources`);
  } finally {
    await engine.close();
  }
}

function report(engine: Engine, dataDir: string, grown: { rss: number; heap: number }): void {
  const index = engine.index();
  const n = index.size;
  const graph = statSync(join(dataDir, 'index', 'resources.hnsw')).size;
  const lexical = index.lexical.bytes();
  console.log(`memory: a warm start grew the resident set by ${mib(grown.rss)} MiB, ${per100k(grown.rss, n)} per 100k resources (the model loaded before); per 100k resources:`);
  const needs = engine.ctx.storedNeeds;
  console.log(`  HNSW graph with its vectors (the only copy of them) ${per100k(graph, n)}, keyword index ${per100k(lexical, n)}, the ${needs.size} stored needs' vectors ${per100k(needs.vectorBytes(), n)}, JS objects (profiles, needs' rows, maps, the keyword index's small arrays) ${per100k(grown.heap, n)}`);
}

async function stages(engine: Engine): Promise<void> {
  const titles = generateSeedCorpus(DEFAULT_SEED).needs.map((x) => x.title);
  const needs = (await listNeeds(engine.ctx.db, {}, { page: 1, pageSize: 300 })).items;
  const text = { embed: [] as number[], retrieve: [] as number[], rank: [] as number[], total: [] as number[] };
  for (const [i, title] of titles.entries()) {
    const t0 = performance.now();
    const { timings } = await engine.matcher.match({ text: title, wantsVoucher: false, filters: {}, limit: 10 });
    if (i < 20) continue;
    text.total.push(performance.now() - t0);
    text.embed.push(timings.embed);
    text.retrieve.push(timings.retrieve);
    text.rank.push(timings.rank);
  }
  console.log(`text match (${text.total.length}): total ${ms(text.total)}; embed ${ms(text.embed)}, retrieve and infer ${ms(text.retrieve)}, rank ${ms(text.rank)}`);
  const id = { retrieve: [] as number[], rank: [] as number[], total: [] as number[] };
  for (const [i, need] of needs.entries()) {
    const t0 = performance.now();
    const { timings } = await matchNeed({ ctx: engine.ctx, actor: SYSTEM, input: { needId: need.id, limit: 10 } });
    if (i < 20) continue;
    id.total.push(performance.now() - t0);
    id.retrieve.push(timings.retrieve);
    id.rank.push(timings.rank);
  }
  console.log(`id match, first of each need (${id.total.length}): total ${ms(id.total)}; retrieve and infer ${ms(id.retrieve)}, rank ${ms(id.rank)}`);
  // The same needs again: their words' reading is kept too (MatchPipeline.readWords).
  const again: number[] = [];
  for (const need of needs.slice(20)) {
    const t0 = performance.now();
    await matchNeed({ ctx: engine.ctx, actor: SYSTEM, input: { needId: need.id, limit: 10 } });
    again.push(performance.now() - t0);
  }
  console.log(`id match again, its words' reading kept (${again.length}): total ${ms(again)}`);
  const lexicon = Lexicon.committed();
  const lexical: number[] = [];
  for (const need of needs) {
    const q = expandQuery(tokenize(needDocument(need)), lexicon.understand(needDocument(need)), DEFAULT_RETRIEVAL.expansion);
    const t0 = performance.now();
    engine.index().lexical.search(q.words, DEFAULT_RETRIEVAL.depth, undefined, q.weights);
    lexical.push(performance.now() - t0);
  }
  console.log(`keyword stage of a long need (top ${DEFAULT_RETRIEVAL.depth} with their exact scores and matched words): ${ms(lexical)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
