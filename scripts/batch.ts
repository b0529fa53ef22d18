// npm run batch: runs the nightly batch now, with progress, and prints the run's statistics.
import { runBatch } from '../src/batch/run-batch.js';
import { createLogger } from '../src/log.js';
import { exitWith, progress, withEngine } from './cli.js';

withEngine(async (engine) => {
  const { runId, stats } = await runBatch({ db: engine.ctx.db, matcher: engine.matcher, log: createLogger('warn') }, { trigger: 'cli', onProgress: (d, t) => progress('batch: matching open needs', d, t) });
  console.log(JSON.stringify({ runId, ...stats }));
}).catch((err: unknown) => exitWith('batch', err));
