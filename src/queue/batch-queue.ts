// The batch queue: one job per batch run, and the job scheduler that adds the nightly one. A run killed with its
// worker is retried by another worker, which takes the run over (see batch-run.repository.ts).
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export const BATCH_QUEUE = 'batch';
export const RUN_BATCH = 'run-batch';
export const NIGHTLY_SCHEDULER = 'nightly-batch';

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

/** Installs (or updates, or with `cron` null removes) the nightly schedule; every worker may call it. */
export async function scheduleNightlyBatch(queue: Queue<BatchJobData>, cron: string | null, tz: string): Promise<void> {
  if (cron === null) {
    await queue.removeJobScheduler(NIGHTLY_SCHEDULER);
    return;
  }
  await queue.upsertJobScheduler(NIGHTLY_SCHEDULER, { pattern: cron, tz }, { name: RUN_BATCH, data: { trigger: 'schedule' } });
}
