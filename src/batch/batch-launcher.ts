// How an API process starts a batch run it was asked for: in-process (no Redis) it runs here in the background;
// in queue mode it is queued for the workers. Either way the run exists in the database before this answers, so
// its progress can be read at once.
import type { Queue } from 'bullmq';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { batchJobFor, type BatchJobData } from './batch-queue.js';
import { withTimeout } from '../queue/redis.js';
import { createBatchRun, endBatchRun, getBatchRun, type BatchRun } from '../repositories/batch-run.repository.js';
import type { BatchRunOptions } from './plan.js';
import { BatchStoppedError, executeBatchRun, type BatchDeps } from './run-batch.js';

export interface BatchLauncher {
  start(trigger: 'manual' | 'cli', options: BatchRunOptions): Promise<BatchRun>;
  /** Stops what this process runs (the run is marked abandoned) and waits for it. */
  close(): Promise<void>;
}

/** A run this process stopped (shutting down) and no queue will retry: marked abandoned, the next run supersedes it. */
export async function abandonStoppedRun(db: Db, runId: number, err: BatchStoppedError): Promise<void> {
  const current = await getBatchRun(db, runId);
  if (current) await endBatchRun(db, current, { status: 'abandoned', error: err.message });
}

export function inProcessBatches(deps: BatchDeps): BatchLauncher {
  const stop = new AbortController();
  const running = new Set<Promise<unknown>>();
  return {
    async start(trigger, options) {
      const run = await createBatchRun(deps.db, trigger, { ...options });
      const work = executeBatchRun(deps, run.id, { signal: stop.signal })
        .catch(async (err: unknown) => {
          if (err instanceof BatchStoppedError) await abandonStoppedRun(deps.db, run.id, err); // failures are recorded on the run
        })
        .catch((err: unknown) => deps.log.warn({ err, runId: run.id }, 'could not record the end of a batch run'))
        .finally(() => running.delete(work));
      running.add(work);
      return run;
    },
    async close() {
      stop.abort();
      await Promise.all(running);
    },
  };
}

export function queuedBatches(db: Db, queue: Queue<BatchJobData>, log: Logger): BatchLauncher {
  return {
    async start(trigger, options) {
      const run = await createBatchRun(db, trigger, { ...options });
      const job = batchJobFor(run.id);
      try {
        await withTimeout(queue.add(job.name, job.data, job.opts), 3000);
      } catch (err) {
        log.warn({ err, runId: run.id }, 'could not queue a batch run');
        await endBatchRun(db, run, { status: 'failed', error: 'could not be queued: Redis is unavailable' });
        throw new AppError('not_ready', 'the batch queue (Redis) is unavailable; nothing was started');
      }
      return run;
    },
    async close() {},
  };
}
