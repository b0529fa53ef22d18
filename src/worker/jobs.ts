// Every queue job name and its one handler, checked at compile time (the record must cover every name) and at
// run time (a job with an unknown name fails for good instead of retrying). The same handlers run under BullMQ
// (worker/process.ts) and, for the schedules, in the embedded mode (worker/scheduler.ts).
import { UnrecoverableError } from 'bullmq';
import { SYSTEM } from '../auth/actor.js';
import { abandonStoppedRun } from '../batch/batch-launcher.js';
import { RUN_BATCH, TRAIN_RANKER, type BatchJobData } from '../batch/batch-queue.js';
import type { BatchRunOptions } from '../batch/plan.js';
import { BatchStoppedError, executeBatchRun, type BatchDeps } from '../batch/run-batch.js';
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import { AppError } from '../errors.js';
import { EMBED_AND_INDEX, runIndexJob, type IndexJobData } from '../indexing/index-queue.js';
import type { Logger } from '../log.js';
import { createBatchRun, RunSupersededError } from '../repositories/batch-run.repository.js';
import { trainRanker } from '../services/rankers.js';
import type { RankingState } from '../services/ranking-state.js';

export interface JobContext {
  db: Db;
  embedder: Embedder;
  log: Logger;
  /** Resources whose vectors are stored: a worker announces them to every API process. */
  resourcesChanged(ids: number[]): Promise<void>;
  /** Needs indexed (or removed): a worker announces them too. */
  needsChanged?(ids: number[]): Promise<void>;
  /** Suggests resources a single registration embedded to the open needs they serve (queue workers). */
  outreach?(ids: number[]): Promise<void>;
  /** What a batch run matches with, current with the database when it is called. */
  batchDeps(): Promise<BatchDeps>;
  /** Options of scheduled runs. */
  batchOptions: BatchRunOptions;
  /** The ranking this process uses, refreshed after a training. */
  ranking: RankingState;
  /** Aborted when the process shuts down. */
  stopping: AbortSignal;
}

/** A job as its handler sees it, under BullMQ or in-process. */
export interface JobRun<D> {
  data: D;
  /** Records new data on the job, so a retry sees it (a no-op in-process). */
  update(data: D): Promise<void>;
  /** Puts the job back without using up an attempt (BullMQ, at shutdown); absent in-process. */
  postpone?: () => Promise<never>;
}

export const JOB_NAMES = [EMBED_AND_INDEX, RUN_BATCH, TRAIN_RANKER] as const;
export type JobName = (typeof JOB_NAMES)[number];
type Handler = (ctx: JobContext, job: JobRun<never>) => Promise<unknown>;
const handler = <D>(h: (ctx: JobContext, job: JobRun<D>) => Promise<unknown>) => h as Handler;

export const JOB_HANDLERS: Record<JobName, Handler> = {
  [EMBED_AND_INDEX]: handler<IndexJobData>((ctx, { data }) => runIndexJob(ctx, data)),

  [RUN_BATCH]: handler<BatchJobData>(async (ctx, job) => {
    let runId = job.data.runId;
    if (runId === undefined) {
      // A scheduled job creates its run; the id goes into the job so that a retry takes the same run over.
      try {
        runId = (await createBatchRun(ctx.db, job.data.trigger, { ...ctx.batchOptions })).id;
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') return { skipped: err.message };
        throw err;
      }
      await job.update({ ...job.data, runId });
    }
    try {
      return await executeBatchRun(await ctx.batchDeps(), runId, { signal: ctx.stopping });
    } catch (err) {
      // Another executor holds the run now (this one lost its lock): leave it to them.
      if (err instanceof RunSupersededError) return { superseded: err.message };
      if (!(err instanceof BatchStoppedError)) throw err;
      // Shutting down is not the run's fault: back to the queue without using up an attempt, or, with no queue
      // to retry it, given up for the next run.
      if (job.postpone) return job.postpone();
      await abandonStoppedRun(ctx.db, runId, err);
      return { stopped: err.message };
    }
  }),

  [TRAIN_RANKER]: handler<unknown>(async (ctx) => {
    // The batch's match pipeline gives the decided needs' lower-ranked candidates (implicit negatives).
    const { matcher } = await ctx.batchDeps();
    const ranker = await trainRanker({ ctx: { ...ctx, matcher }, actor: SYSTEM });
    ctx.log.info({ ranker: ranker.id, status: ranker.status, reason: ranker.reason }, 'ranker trained');
    return { ranker: ranker.id, status: ranker.status, reason: ranker.reason };
  }),
};

export function handlerFor(name: string): Handler {
  const h = (JOB_HANDLERS as Record<string, Handler | undefined>)[name];
  if (!h) throw new UnrecoverableError(`no handler for job "${name}"`);
  return h;
}
