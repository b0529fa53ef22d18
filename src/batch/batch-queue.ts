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

/** A repeating job: the nightly batch and the weekly retraining. */
export interface Schedule {
  id: string;
  job: typeof RUN_BATCH | typeof TRAIN_RANKER;
  /** Null: off. */
  cron: string | null;
  tz: string;
}

/** The schedules, from the settings (BATCH_CRON, RANKER_CRON, BATCH_TZ); one list for BullMQ and the embedded mode. */
export function schedulesOf(s: { batchCron: string | null; rankerCron: string | null; tz: string }): Schedule[] {
  return [
    { id: NIGHTLY_SCHEDULER, job: RUN_BATCH, cron: s.batchCron, tz: s.tz },
    { id: WEEKLY_RANKER_SCHEDULER, job: TRAIN_RANKER, cron: s.rankerCron, tz: s.tz },
  ];
}

/** What a scheduled job carries: its run is created when it starts. */
export const SCHEDULED: BatchJobData = { trigger: 'schedule' };

/** Installs (or updates, or with a null cron removes) the schedules in Redis; every worker may call it (upserts). */
export async function installSchedules(queue: Queue<BatchJobData>, schedules: readonly Schedule[]): Promise<void> {
  for (const s of schedules) {
    if (s.cron === null) await queue.removeJobScheduler(s.id);
    else await queue.upsertJobScheduler(s.id, { pattern: s.cron, tz: s.tz }, { name: s.job, data: SCHEDULED });
  }
}
