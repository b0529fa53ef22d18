// A worker process (`npm run worker`): runs queued jobs with the same processors the in-process mode calls, and
// dispatches outbox records too, so registrations reach the queue even when no API process is running.
// Several may run on several machines; each job runs once at a time, and a job of a worker that died is taken
// over after JOB_LOCK_MS.
import { Worker } from 'bullmq';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { createLocalEmbedder, type Embedder } from './embedding/embedder.js';
import { handlerFor } from './jobs/handlers.js';
import type { Logger } from './log.js';
import { announceResourceChanges } from './queue/index-changes.js';
import { INDEX_QUEUE, createIndexQueue } from './queue/index-queue.js';
import { OutboxDispatcher } from './queue/outbox-dispatcher.js';
import { connectRedis } from './queue/redis.js';

const CLOSE_GRACE_MS = 10_000;

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(opts: {
  config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'queuePrefix' | 'jobLockMs' | 'dataDir'>;
  log: Logger;
  embedder?: Embedder;
  concurrency?: number;
}): Promise<RunningWorker> {
  const { config, log } = opts;
  if (!config.redisUrl || !config.databaseUrl) throw new Error('a worker needs REDIS_URL and DATABASE_URL');
  const embedder = opts.embedder ?? (await createLocalEmbedder());
  const database = await openDatabase(config);
  const producer = connectRedis(config.redisUrl, 'producer');
  producer.on('error', () => {});
  const queue = createIndexQueue(producer, config.queuePrefix);
  queue.on('error', () => {});
  const dispatcher = new OutboxDispatcher(database.db, queue, log);
  const ctx = { db: database.db, embedder, announce: (ids: number[]) => announceResourceChanges(producer, config.queuePrefix, ids) };

  const blocking = connectRedis(config.redisUrl, 'blocking');
  blocking.on('error', () => {});
  const worker = new Worker(INDEX_QUEUE, (job) => handlerFor(job.name)(ctx, job), {
    connection: blocking,
    prefix: config.queuePrefix,
    concurrency: opts.concurrency ?? 1,
    lockDuration: config.jobLockMs,
    stalledInterval: config.jobLockMs,
  });
  worker.on('failed', (job, err) => log.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker connection error'));
  dispatcher.start();
  log.info({ queue: INDEX_QUEUE, prefix: config.queuePrefix }, 'worker started');

  let closed: Promise<void> | undefined;
  return {
    close() {
      // Worker first (it finishes the job in hand), then dispatching, the queue, Redis and the database.
      closed ??= (async () => {
        // A worker waits for its job in hand; if Redis is gone it would wait forever, so give up after a while
        // (the job's lock expires and another worker retries it).
        const graceful = worker.close();
        const stopped = await Promise.race([graceful.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref())]);
        if (!stopped) await worker.close(true).catch(() => {});
        await dispatcher.stop();
        await queue.close().catch(() => {});
        // BullMQ leaves connections it was given open.
        blocking.disconnect();
        await producer.quit().catch(() => producer.disconnect());
        await database.close();
      })();
      return closed;
    },
  };
}
