// npm run bench:batch: nightly-batch throughput (open needs per second, end to end: match, assign, write) on the
// demo corpus and on a 10× corpus (ten demo corpora from ten seeds: ~25,000 resources, 8,000 needs). Each scale
// lives in its own database (scripts/lib/scaled-corpus.ts, shared with bench:scale), kept between runs because
// embedding the 10× corpus takes a while (about ten minutes on two cores); BENCH_SCALES picks the scales (default
// "1,10"; 39 is 100,000 resources).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeBatchRun } from '../src/batch/run-batch.js';
import { createEngine } from '../src/engine.js';
import { createLogger } from '../src/log.js';
import { consoleProgress } from '../src/progress.js';
import { createBatchRun } from '../src/repositories/batch-run.repository.js';
import { seedDemoCorpus } from '../src/services/seed-demo.js';
import { scaledCorpus, scaledDatabase } from './lib/scaled-corpus.js';

const scales = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const progress = consoleProgress();

async function bench(scale: number): Promise<void> {
  const config = { databaseUrl: await scaledDatabase(scale), dataDir: join(tmpdir(), `sxm-bench-batch-x${scale}`) };
  const log = createLogger('warn');
  const engine = await createEngine({ config, log, onProgress: progress });
  try {
    if (engine.index().size === 0) {
      const t = performance.now();
      const report = await seedDemoCorpus({ ctx: engine.ctx, corpus: scaledCorpus(scale), onProgress: (d, n) => progress(`x${scale}: embedding`, d, n) });
      await engine.snapshot();
      console.log(`x${scale}: seeded ${report.resources.created + report.resources.updated} resources and ${report.needs.created + report.needs.updated} needs in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    }
    const run = await createBatchRun(engine.ctx.db, 'cli', { ...engine.batchOptions });
    const outcome = await executeBatchRun({ db: engine.ctx.db, matcher: engine.matcher, log }, run.id, { onProgress: (d, n) => progress(`x${scale}: batch`, d, n) });
    if (outcome.status !== 'completed') throw new Error(`batch run ${run.id} ended elsewhere`);
    const { stats } = outcome;
    const phases = Object.entries(stats.phaseSeconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ');
    console.log(`x${scale}: ${engine.index().size} resources, ${stats.needs} open needs: ${(stats.needs / stats.seconds).toFixed(0)} needs/s (${stats.seconds.toFixed(1)} s: ${phases})`);
    console.log(`x${scale}: kept ${(stats.keptRatio * 100).toFixed(2)}% of the unconstrained score; most suggestions per resource ${stats.maxPerResourceBefore} → ${stats.maxPerResourceAfter}; Gini ${stats.giniBefore} → ${stats.giniAfter}`);
  } finally {
    await engine.close();
  }
}

for (const scale of scales) await bench(scale);
