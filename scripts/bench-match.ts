// npm run bench:match: match latency on the demo corpus (seeded first if the database is empty), stage by stage,
// outreach's ranking of the open needs for a resource (what GET /v1/resources/:id/opportunities and a
// registration's suggestions cost), plus the process's memory. Uses DATA_DIR / DATABASE_URL like the server.
import { countResources } from '../src/repositories/resource.repository.js';
import { listNeeds } from '../src/repositories/need.repository.js';
import { rankOpportunities } from '../src/match/opportunities.js';
import { seedDemoCorpus } from '../src/services/seed-demo.js';
import { needDocument } from '../src/retrieval/documents.js';
import { exitWith, progress, withEngine } from './cli.js';
import { quantile } from './lib/bench.js';


withEngine(async (engine) => {
  if ((await countResources(engine.ctx.db)) === 0) {
    await seedDemoCorpus({ ctx: engine.ctx, onProgress: (d, t) => progress('seed: embedding resources', d, t) });
    await engine.snapshot();
  }
  const needs = (await listNeeds(engine.ctx.db, {}, { page: 1, pageSize: 100 })).items;
  const stages = { total: [] as number[], embed: [] as number[], retrieve: [] as number[], rank: [] as number[] };
  for (const [i, n] of needs.entries()) {
    const t0 = performance.now();
    const { timings } = await engine.matcher.match({ text: needDocument(n), wantsVoucher: n.wantsVoucher, region: n.region ?? undefined, filters: {}, limit: 10 });
    if (i < 5) continue; // warm-up
    stages.total.push(performance.now() - t0);
    stages.embed.push(timings.embed);
    stages.retrieve.push(timings.retrieve);
    stages.rank.push(timings.rank);
  }
  const mem = process.memoryUsage();
  console.log(`resources indexed: ${engine.index().size}, needs timed: ${stages.total.length}`);
  for (const [k, xs] of Object.entries(stages)) console.log(`${k.padEnd(9)} p50 ${quantile(xs, 0.5).toFixed(2)} ms   p95 ${quantile(xs, 0.95).toFixed(2)} ms`);
  // Outreach: the open needs' pool made once from the needs in memory, then each resource's shortlist scored as the
  // needs' own matches.
  const t0 = performance.now();
  const pool = await engine.ctx.openNeeds.current();
  const loaded = performance.now() - t0;
  const outreach: number[] = [];
  for (const [i, id] of [...engine.index().profiles.keys()].slice(0, 55).entries()) {
    const t = performance.now();
    await rankOpportunities(engine.matcher, id, pool, { limit: 10 });
    if (i >= 5) outreach.push(performance.now() - t);
  }
  console.log(`outreach: a pool of ${pool.size} open needs made in ${loaded.toFixed(0)} ms; per resource p50 ${quantile(outreach, 0.5).toFixed(1)} ms   p95 ${quantile(outreach, 0.95).toFixed(1)} ms`);
  console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
}).catch((err: unknown) => exitWith('bench:match', err));
