// npm run batch: runs the nightly batch now, here, with a progress bar, and prints the run's statistics.
// Options: --slack 0.3 (extra share of capacity), --want 5 (suggestions per need); defaults from BATCH_SLACK and
// BATCH_SUGGESTIONS.
import { parseArgs } from 'node:util';
import { executeBatchRun } from '../src/batch/run-batch.js';
import { createLogger } from '../src/log.js';
import { createBatchRun } from '../src/repositories/batch-run.repository.js';
import { exitWith, progress, withEngine } from './cli.js';

const { values } = parseArgs({ options: { slack: { type: 'string' }, want: { type: 'string' } } });
const number = (name: string, raw: string | undefined, ok: (n: number) => boolean): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!ok(n)) exitWith('batch', new Error(`--${name}: ${raw} is out of range`));
  return n;
};
const slack = number('slack', values.slack, (n) => n >= 0 && n <= 5);
const want = number('want', values.want, (n) => Number.isInteger(n) && n >= 1 && n <= 20);

withEngine(async (engine) => {
  const options = { ...engine.batchOptions, ...(slack !== undefined ? { slack } : {}), ...(want !== undefined ? { want, candidates: Math.max(want, engine.batchOptions.candidates) } : {}) };
  const run = await createBatchRun(engine.ctx.db, 'cli', { ...options });
  const outcome = await executeBatchRun({ db: engine.ctx.db, matcher: engine.matcher, log: createLogger('warn') }, run.id, {
    onProgress: (d, t) => progress('batch: matching open needs', d, t),
  });
  console.log(JSON.stringify(outcome.status === 'completed' ? { runId: run.id, ...outcome.stats } : outcome));
}).catch((err: unknown) => exitWith('batch', err));
