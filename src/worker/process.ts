// A worker process (`npm run worker`): runs queued jobs with the handlers of jobs.ts, and dispatches outbox records
// too, so registrations reach the queue even when no API process is running. Several may run on several
// machines; each job runs once at a time, and a job of a worker that died is taken over after JOB_LOCK_MS. Two
// queues, two BullMQ workers: indexing stays quick while a batch runs. Every worker installs the nightly batch and
// weekly ranker schedules (upserts: one of each however many workers start). Outreach scores open needs against
// the whole index, so a worker keeps one for it, opened at its first outreach and then following every worker's
// announcements as an API process does.
import { DelayedError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { BATCH_QUEUE, createBatchQueue, installSchedules, schedulesOf } from '../batch/batch-queue.js';
import { DEFAULT_BATCH_OPTIONS, type BatchRunOptions } from '../batch/plan.js';
import type { BatchDeps } from '../batch/run-batch.js';
import type { Config } from '../config.js';
import type { Embedder } from '../embedding/embedder.js';
import { announceChanges, IndexFollower } from '../indexing/change-stream.js';
import { OpenNeeds } from '../indexing/open-needs.js';
import type { StoredNeeds } from '../indexing/stored-needs.js';
import type { SearchState } from '../indexing/search-state.js';
import { INDEX_QUEUE, createIndexQueue } from '../indexing/index-queue.js';
import { OutboxDispatcher } from '../indexing/outbox-dispatcher.js';
import type { Logger } from '../log.js';
import { connectRedis, watchRestarts } from '../queue/redis.js';
import { openRuntime } from '../runtime.js';
import { suggestOutreach, type OutreachDeps } from '../services/outreach.js';
import { handlerFor, type JobContext } from './jobs.js';

const CLOSE_GRACE_MS = 10_000;

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startWorker(opts: {
  /** Without `batch` and `ranker` the worker installs no schedules (it still runs the jobs others queue). */
  config: Pick<Config, 'databaseUrl' | 'redisUrl' | 'queuePrefix' | 'jobLockMs' | 'dataDir'> & Partial<Pick<Config, 'batch' | 'ranker' | 'modelsDir'>>;
  log: Logger;
  embedder?: Embedder;
  concurrency?: number;
}): Promise<RunningWorker> {
  const { config, log } = opts;
  if (!config.redisUrl || !config.databaseUrl) throw new Error('a worker needs REDIS_URL and DATABASE_URL');
  const runtime = await openRuntime({ config, log, ...(opts.embedder ? { embedder: opts.embedder } : {}) });
  const { db, embedder } = runtime;
  const producer = connectRedis(config.redisUrl, 'producer');
  const queue = createIndexQueue(producer, config.queuePrefix);
  const batchQueue = createBatchQueue(producer, config.queuePrefix);
  for (const q of [queue, batchQueue]) q.on('error', () => {});
  const dispatcher = new OutboxDispatcher(db, queue, log, producer);
  const stopping = new AbortController();
  const batchOptions: BatchRunOptions = { ...DEFAULT_BATCH_OPTIONS, ...(config.batch ? { slack: config.batch.slack, want: config.batch.want } : {}) };

  /**
   * The batch's search state, built from the database (and this worker's snapshot) for each run, then dropped,
   * with the ranker in use and operators' feedback as they are when the run starts.
   */
  async function batchDeps(): Promise<BatchDeps> {
    const state = await runtime.openSearch('batch-index');
    await Promise.all([runtime.ranking.refresh(), runtime.understanding.refresh()]);
    return { db, matcher: runtime.matcherFor(() => state.index), log };
  }

  let outreach: Promise<{ deps: OutreachDeps; state: SearchState; storedNeeds: StoredNeeds; follower: IndexFollower; blocking: Redis }> | undefined;
  async function openOutreach() {
    let opened: { state: SearchState; needs: StoredNeeds } | undefined;
    const blocking = connectRedis(config.redisUrl!, 'blocking');
    const follower = new IndexFollower(
      blocking,
      producer,
      config.queuePrefix,
      async ({ resources, needs }) => {
        opened!.needs.forget(needs);
        if (resources.length > 0) await opened!.state.apply(resources);
      },
      () => Promise.all([opened!.needs.catchUp(), opened!.state.reconcile()]),
      log,
    );
    // The stream position is marked before the index and the needs are read, so changes made meanwhile are replayed.
    await follower.mark();
    opened = await runtime.openWithNeeds('outreach-index', { stale: 'hand-over' }).catch((err: unknown) => {
      blocking.disconnect();
      throw err;
    });
    follower.start();
    const { state, needs } = opened;
    return { deps: { db, matcher: runtime.matcherFor(() => state.index), openNeeds: new OpenNeeds(needs), batch: batchOptions, log }, state, storedNeeds: needs, follower, blocking };
  }

  const ctx: JobContext = {
    db,
    embedder,
    log,
    ranking: runtime.ranking,
    resourcesChanged: (ids) => announceChanges(producer, config.queuePrefix, 'resources', ids),
    needsChanged: (ids) => announceChanges(producer, config.queuePrefix, 'needs', ids),
    async outreach(ids) {
      try {
        outreach ??= openOutreach().catch((err: unknown) => {
          outreach = undefined;
          throw err;
        });
        const { deps, state } = await outreach;
        // This worker's own change reaches its index now, not when its announcement comes round.
        await state.apply(ids);
        await suggestOutreach(deps, ids);
      } catch (err) {
        // The indexing stands; the nightly batch still matches the resource.
        log.error({ err, resourceIds: ids }, 'outreach failed');
      }
    },
    batchDeps,
    batchOptions,
    stopping: stopping.signal,
  };

  const workerOptions = { prefix: config.queuePrefix, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs };
  const connections = [connectRedis(config.redisUrl, 'blocking'), connectRedis(config.redisUrl, 'blocking')];
  const run = (job: import('bullmq').Job, token?: string) =>
    handlerFor(job.name)(ctx, {
      data: job.data as never,
      update: (data) => job.updateData(data),
      postpone: async () => {
        await job.moveToDelayed(Date.now() + 1000, token);
        throw new DelayedError();
      },
    });
  const workers = [
    new Worker(INDEX_QUEUE, (job, token) => run(job, token), { ...workerOptions, connection: connections[0]!, concurrency: opts.concurrency ?? 1 }),
    new Worker(BATCH_QUEUE, (job, token) => run(job, token), { ...workerOptions, connection: connections[1]!, concurrency: 1 }),
  ];
  for (const w of workers) {
    w.on('failed', (job, err) => log.warn({ queue: w.name, job: job?.id, attempts: job?.attemptsMade, err: err.message }, 'job failed'));
    w.on('error', (err) => log.warn({ queue: w.name, err: err.message }, 'worker connection error'));
  }
  const schedules = config.batch && config.ranker ? schedulesOf({ batchCron: config.batch.cron, rankerCron: config.ranker.cron, tz: config.batch.tz }) : [];
  const install = () => installSchedules(batchQueue, schedules).catch((err: unknown) => log.warn({ err }, 'could not install the schedules'));
  await install();
  // A Redis that came back empty lost the schedules with the queues.
  watchRestarts(producer, { onRestart: () => void install() });
  dispatcher.start();
  log.info({ queues: [INDEX_QUEUE, BATCH_QUEUE], prefix: config.queuePrefix, schedules: schedules.map((s) => `${s.id}: ${s.cron ?? 'off'} ${s.tz}`) }, 'worker started');

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
        const opened = await outreach?.catch(() => undefined);
        if (opened) {
          await opened.follower.stop();
          await opened.storedNeeds.stop();
          opened.blocking.disconnect();
          await opened.state.snapshot().catch((err: unknown) => log.warn({ err }, 'could not save the outreach index snapshot'));
        }
        await Promise.all([queue.close().catch(() => {}), batchQueue.close().catch(() => {})]);
        // BullMQ leaves connections it was given open.
        for (const c of connections) c.disconnect();
        await producer.quit().catch(() => producer.disconnect());
        await runtime.close();
      })();
      return closed;
    },
  };
}
