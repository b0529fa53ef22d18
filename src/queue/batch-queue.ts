// The batch queue: one job per batch run, the ranker's retraining, and the job schedulers that add the nightly
// run and the weekly retraining. A run killed with its worker is retried by another worker, which takes the run
// over (see batch-run.repository.ts).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const BATCH_QUEUE = 'batch';
export const RUN_BATCH = 'run-batch';
export const TRAIN_RANKER = 'train-ranker';
export const NIGHTLY_SCHEDULER = 'nightly-batch';
export const WEEKLY_RANKER_SCHEDULER = 'weekly-ranker';

export interface BatchJobData {
  /** The run to execute; the scheduler's jobs come without one and create their run when they start. */
  runId?: number;
  trigger: 'schedule' | 'manual';
}

export function createBatchQueue(connection: Redis, prefix: string): Queue<BatchJobData> {
  return new Queue<BatchJobData>(BATCH_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 100 }, removeOnFail: { age: 30 * 24 * 3600 } },
  });
}

export function batchJobFor(runId: number): { name: string; data: BatchJobData; opts: { jobId: string } } {
  return { name: RUN_BATCH, data: { runId, trigger: 'manual' }, opts: { jobId: `run-${runId}` } };
}

/** Installs (or updates, or with a null cron removes) the schedules; every worker may call it (upserts). */
export async function installSchedules(queue: Queue<BatchJobData>, s: { batchCron: string | null; rankerCron: string | null; tz: string }): Promise<void> {
  const install = async (id: string, cron: string | null, name: string) => {
    if (cron === null) await queue.removeJobScheduler(id);
    else await queue.upsertJobScheduler(id, { pattern: cron, tz: s.tz }, { name, data: { trigger: 'schedule' } });
  };
  await install(NIGHTLY_SCHEDULER, s.batchCron, RUN_BATCH);
  await install(WEEKLY_RANKER_SCHEDULER, s.rankerCron, TRAIN_RANKER);
}
