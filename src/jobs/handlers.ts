// Every queue job name and its one handler, checked at compile time (the record must cover every name) and at
// run time (a job with an unknown name fails for good instead of retrying).
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { BatchStoppedError, executeBatchRun, type BatchDeps, type BatchRunOptions } from '../batch/run-batch.js';
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { RUN_BATCH, TRAIN_RANKER, type BatchJobData } from '../queue/batch-queue.js';
import { EMBED_AND_INDEX, type IndexJobData } from '../queue/index-queue.js';
import { createBatchRun, RunSupersededError } from '../repositories/batch-run.repository.js';
import { markProcessed } from '../repositories/outbox.repository.js';
import { trainAndStoreRanker } from '../services/rankers.js';
import { embedAndIndex } from './embed-and-index.js';

export interface WorkerContext {
  db: Db;
  embedder: Embedder;
  log: Logger;
  /** Tells every API process that resources changed (their vectors are stored). */
  announce(ids: number[]): Promise<void>;
  /** A search index for the batch, current with the database when it is called. */
  batchDeps(): Promise<BatchDeps>;
  /** Options of scheduled runs. */
  batchOptions: BatchRunOptions;
  /** Aborted when the worker shuts down. */
  stopping: AbortSignal;
}

export const JOB_NAMES = [EMBED_AND_INDEX, RUN_BATCH, TRAIN_RANKER] as const;
export type JobName = (typeof JOB_NAMES)[number];
type Handler = (ctx: WorkerContext, job: Job, token?: string) => Promise<unknown>;

export const JOB_HANDLERS: Record<JobName, Handler> = {
  async [EMBED_AND_INDEX](ctx, job) {
    const data = job.data as IndexJobData;
    if ((data.entity !== 'resource' && data.entity !== 'need') || !Number.isInteger(data.id)) {
      throw new UnrecoverableError(`malformed ${EMBED_AND_INDEX} job: ${JSON.stringify(data)}`);
    }
    const outcome = await embedAndIndex({ db: ctx.db, embedder: ctx.embedder, resourcesChanged: ctx.announce }, { entity: data.entity, ids: [data.id] });
    await markProcessed(ctx.db, data.entity, data.id);
    return outcome;
  },

  async [RUN_BATCH](ctx, job, token) {
    const data = job.data as BatchJobData;
    let runId = data.runId;
    if (runId === undefined) {
      // A scheduled job creates its run; the id goes into the job so that a retry takes the same run over.
      try {
        runId = (await createBatchRun(ctx.db, data.trigger, { ...ctx.batchOptions })).id;
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') return { skipped: err.message };
        throw err;
      }
      await job.updateData({ ...data, runId });
    }
    try {
      return await executeBatchRun(await ctx.batchDeps(), runId, { signal: ctx.stopping });
    } catch (err) {
      // Another executor holds the run now (this one lost its lock): leave it to them.
      if (err instanceof RunSupersededError) return { superseded: err.message };
      if (!(err instanceof BatchStoppedError)) throw err;
      // Shutting down is not the run's fault: back to the queue without using up an attempt.
      await job.moveToDelayed(Date.now() + 1000, token);
      throw new DelayedError();
    }
  },

  async [TRAIN_RANKER](ctx) {
    const { ranker, outcome } = await trainAndStoreRanker(ctx.db);
    ctx.log.info({ ranker: ranker.id, status: ranker.status, reason: outcome.reason }, 'ranker trained');
    return { ranker: ranker.id, status: ranker.status, reason: outcome.reason };
  },
};

export function handlerFor(name: string): Handler {
  const handler = (JOB_HANDLERS as Record<string, Handler | undefined>)[name];
  if (!handler) throw new UnrecoverableError(`no handler for job "${name}"`);
  return handler;
}
