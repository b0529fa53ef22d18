// A worker process (`npm run worker`): runs queued jobs with the same processors the in-process mode calls, and
// dispatches outbox records too, so registrations reach the queue even when no API process is running.
// Several may run on several machines; each job runs once at a time, and a job of a worker that died is taken
// over after JOB_LOCK_MS. Two queues, two BullMQ workers: indexing stays quick while a batch runs. Every worker
// installs the nightly batch and weekly ranker schedules (upserts: one of each however many workers start).
import { join } from 'node:path';
import { Worker } from 'bullmq';
import { DEFAULT_BATCH_OPTIONS, type BatchDeps } from './batch/run-batch.js';
import type { Config } from './config.js';
import { openDatabase } from './db/client.js';
import { createLocalEmbedder, type Embedder } from './embedding/embedder.js';
import { handlerFor, type WorkerContext } from './jobs/handlers.js';
import type { Logger } from './log.js';
import { MatchService } from './match/match.service.js';
import { DEFAULT_RETRIEVAL } from './match/settings.js';
import { BATCH_QUEUE, createBatchQueue, installSchedules } from './queue/batch-queue.js';
import { announceResourceChanges } from './queue/index-changes.js';
import { INDEX_QUEUE, createIndexQueue } from './queue/index-queue.js';
import { OutboxDispatcher } from './queue/outbox-dispatcher.js';
import { connectRedis } from './queue/redis.js';
import { DEFAULT_HNSW } from './retrieval/dense-index.js';
import { warmUp } from './retrieval/warm-up.js';
import { RankingState } from './services/ranking-state.js';

const CLOSE_GRACE_MS = 10_000;

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(opts: {
  /** Without `batch` the worker installs no schedules (it still runs the jobs others queue). */
  config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'queuePrefix' | 'jobLockMs' | 'dataDir'> & Partial<Pick<Config, 'batch' | 'ranker' | 'modelsDir'>>;
  log: Logger;
  embedder?: Embedder;
  concurrency?: number;
}): Promise<RunningWorker> {
  const { config, log } = opts;
  const batch = config.batch ?? { cron: null, tz: 'Asia/Shanghai', slack: DEFAULT_BATCH_OPTIONS.slack, want: DEFAULT_BATCH_OPTIONS.want };
  if (!config.redisUrl || !config.databaseUrl) throw new Error('a worker needs REDIS_URL and DATABASE_URL');
  const embedder = opts.embedder ?? (await createLocalEmbedder(config.modelsDir ? { modelsDir: config.modelsDir } : {}));
  const database = await openDatabase(config);
  const db = database.db;
  const producer = connectRedis(config.redisUrl, 'producer');
  producer.on('error', () => {});
  const queue = createIndexQueue(producer, config.queuePrefix);
  const batchQueue = createBatchQueue(producer, config.queuePrefix);
  for (const q of [queue, batchQueue]) q.on('error', () => {});
  const dispatcher = new OutboxDispatcher(db, queue, log);
  const stopping = new AbortController();

  /**
   * The batch's search and ranking state, built from the database (and this worker's snapshot) for each run, then
   * dropped: the ranker in use and operators' feedback as they are when the run starts.
   */
  async function batchDeps(): Promise<BatchDeps> {
    const warm = await warmUp({ db, embedder, snapshotDir: join(config.dataDir, 'batch-index'), log, params: DEFAULT_HNSW });
    const ranking = new RankingState(db, log);
    await ranking.refresh();
    const matcher = new MatchService({ index: () => warm.index, embedder, weights: () => ranking.weights, feedback: () => ranking.feedback, settings: DEFAULT_RETRIEVAL });
    return { db, matcher, log };
  }

  const ctx: WorkerContext = {
    db,
    embedder,
    log,
    announce: (ids: number[]) => announceResourceChanges(producer, config.queuePrefix, ids),
    batchDeps,
    batchOptions: { want: batch.want, candidates: 20, slack: batch.slack },
    stopping: stopping.signal,
  };

  const workerOptions = { prefix: config.queuePrefix, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs };
  const connections = [connectRedis(config.redisUrl, 'blocking'), connectRedis(config.redisUrl, 'blocking')];
  for (const c of connections) c.on('error', () => {});
  const workers = [
    new Worker(INDEX_QUEUE, (job) => handlerFor(job.name)(ctx, job), { ...workerOptions, connection: connections[0]!, concurrency: opts.concurrency ?? 1 }),
    new Worker(BATCH_QUEUE, (job, token) => handlerFor(job.name)(ctx, job, token), { ...workerOptions, connection: connections[1]!, concurrency: 1 }),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => log.warn({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => log.warn({ queue: w.name, err: err.message }, 'worker connection error'));
  }
  await installSchedules(batchQueue, { batchCron: batch.cron, rankerCron: config.ranker?.cron ?? null, tz: batch.tz }).catch((err: unknown) =>
    log.warn({ err }, 'could not install the schedules'),
  );
  dispatcher.start();
  log.info({ queues: [INDEX_QUEUE, BATCH_QUEUE], prefix: config.queuePrefix, nightly: batch.cron ? `${batch.cron} ${batch.tz}` : 'off', ranker: config.ranker?.cron ?? 'off' }, 'worker started');

  let closed: Promise<void> | undefined;
  return {
    close() {
      // Workers first (a running batch stops and goes back to the queue; an index job finishes), then
      // dispatching, the queues, Redis and the database.
      closed ??= (async () => {
        stopping.abort();
        // A worker waits for its job in hand; if Redis is gone it would wait forever, so give up after a while
        // (the job's lock expires and another worker retries it).
        const graceful = Promise.all(workers.map((w) => w.close()));
        const stopped = await Promise.race([graceful.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref())]);
        if (!stopped) await Promise.all(workers.map((w) => w.close(true).catch(() => {})));
        await dispatcher.stop();
        await Promise.all([queue.close().catch(() => {}), batchQueue.close().catch(() => {})]);
        // BullMQ leaves connections it was given open.
        for (const c of connections) c.disconnect();
        await producer.quit().catch(() => producer.disconnect());
        await database.close();
      })();
      return closed;
    },
  };
}
