// The API process, wired: the runtime shared with workers (database, model, ranking), the search state this
// process matches against, indexing in one of two modes, how batch runs start, the schedules, and the status
// health checks read. It hands the use cases their context; it holds no logic of its own.
// Two modes, chosen by REDIS_URL:
// - in-process (unset): a write embeds and indexes before it answers (src/indexing/in-process.ts), outreach
//   suggests a new resource here, and the nightly batch and the weekly retraining run here at their times
//   (src/worker/scheduler.ts).
// - queue (set): a write commits its outbox record; dispatchers move records into BullMQ jobs, workers embed and
//   announce, and every API process applies announcements to its own index (src/indexing/queue-mode.ts).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { inProcessBatches, queuedBatches, type BatchLauncher } from './batch/batch-launcher.js';
import { createBatchQueue, schedulesOf, type BatchJobData } from './batch/batch-queue.js';
import { DEFAULT_BATCH_OPTIONS, type BatchRunOptions } from './batch/plan.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { dbFailure } from './db/errors.js';
import type { Embedder } from './embedding/embedder.js';
import { inProcessIndexer } from './indexing/in-process.js';
import type { IndexJobData } from './indexing/index-queue.js';
import type { Changes } from './indexing/change-stream.js';
import type { Indexer } from './indexing/outbox.js';
import { QueueIndexing } from './indexing/queue-mode.js';
import type { SearchState } from './indexing/search-state.js';
import { OpenNeeds } from './indexing/open-needs.js';
import { forgettingNeeds, type StoredNeeds } from './indexing/stored-needs.js';
import type { Logger } from './log.js';
import type { MatchPipeline } from './match/pipeline.js';
import { connectRedis, failedJobs, queueCounts, withTimeout } from './queue/redis.js';
import { pendingCount } from './repositories/outbox.repository.js';
import type { SearchIndex } from './retrieval/search-index.js';
import { openRuntime, type RuntimeOptions } from './runtime.js';
import type { EngineHealth, ScheduleStatus, ServiceContext, StatusSource } from './services/context.js';
import { KeyResolver } from './services/key-resolver.js';
import { suggestOutreach } from './services/outreach.js';
import type { RankingState } from './services/ranking-state.js';
import { InProcessScheduler } from './worker/scheduler.js';

type EngineConfig = RuntimeOptions['config'] & Partial<Pick<Config, 'redisUrl' | 'queuePrefix' | 'batch' | 'ranker'>>;

export interface EngineOptions extends Omit<RuntimeOptions, 'config'> {
  /** Without `batch` and `ranker` no schedules run here (tests and tools). */
  config: EngineConfig;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface Engine {
  /** What the use cases are given. */
  ctx: ServiceContext;
  database: Database;
  embedder: Embedder;
  matcher: MatchPipeline;
  ranking: RankingState;
  index(): SearchIndex;
  /** How the search state was built at start. */
  warmUp: SearchState['warmUp'];
  /** Queue mode: the queues this process writes to. */
  queues?: { index: Queue<IndexJobData>; batch: Queue<BatchJobData> };
  /** Options of a batch run nobody chose otherwise (BATCH_SLACK, BATCH_SUGGESTIONS). */
  batchOptions: BatchRunOptions;
  /** Writes the dense index to disk if it changed since the last snapshot. */
  snapshot(): Promise<void>;
  close(): Promise<void>;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { config, log } = opts;
  const progress = (step: string) => (done: number, total: number) => opts.onProgress?.(step, done, total);
  const runtime = await openRuntime(opts);
  const { db, embedder, ranking } = runtime;
  const prefix = config.queuePrefix ?? 'sxm';
  const producer: Redis | undefined = config.redisUrl ? connectRedis(config.redisUrl, 'producer') : undefined;
  let opened: { state: SearchState; needs: StoredNeeds } | undefined;
  let queueIndexing: QueueIndexing | undefined;
  const applyChanges = async ({ resources, needs }: Changes) => {
    opened!.needs.forget(needs);
    if (resources.length > 0) await opened!.state.apply(resources);
  };
  const reconcile = () => Promise.all([opened!.needs.catchUp(), opened!.state.reconcile()]);
  try {
    // Queue mode marks its stream position before the index and the needs are read, so changes made meanwhile are
    // replayed.
    queueIndexing = producer ? await QueueIndexing.connect({ db, log, producer, redisUrl: config.redisUrl!, prefix, apply: applyChanges, reconcile }) : undefined;
    // In queue mode the workers embed: this process follows their announcements.
    opened = await runtime.openWithNeeds('index', { stale: queueIndexing ? 'hand-over' : 'embed', onProgress: progress('index') });
  } catch (err) {
    await queueIndexing?.close();
    producer?.disconnect();
    await runtime.close();
    throw err;
  }
  const { state: search, needs: storedNeeds } = opened;
  const openNeeds = new OpenNeeds(storedNeeds);
  log.info({ resources: search.index.size, ...search.warmUp }, 'search index ready');

  const matcher = runtime.matcherFor(() => search.index);
  const batchOptions: BatchRunOptions = { ...DEFAULT_BATCH_OPTIONS, ...(config.batch ? { slack: config.batch.slack, want: config.batch.want } : {}) };
  let indexer: Indexer;
  if (queueIndexing) {
    // The workers make outreach's suggestions.
    queueIndexing.start();
    indexer = queueIndexing;
  } else {
    const outreach = async (ids: number[]) => void (await suggestOutreach({ db, matcher, openNeeds, batch: batchOptions, log }, ids));
    const inProcess = inProcessIndexer({ db, embedder, state: search, log, onProgress: progress('embed'), outreach });
    await inProcess.recover();
    indexer = inProcess;
  }
  ranking.start();
  runtime.understanding.start();
  const batchQueue = producer ? createBatchQueue(producer, prefix) : undefined;
  batchQueue?.on('error', () => {});
  const batches: BatchLauncher = batchQueue ? queuedBatches(db, batchQueue, log) : inProcessBatches({ db, matcher, log });
  const schedules = config.batch && config.ranker ? schedulesOf({ batchCron: config.batch.cron, rankerCron: config.ranker.cron, tz: config.batch.tz }) : [];

  // Without Redis the schedules run here, through the same handlers as on the workers.
  const stopping = new AbortController();
  const scheduler =
    !producer && schedules.length > 0
      ? new InProcessScheduler(
          schedules,
          {
            db, embedder, log, ranking, batchOptions, stopping: stopping.signal,
            resourcesChanged: async (ids) => void (await search.apply(ids)),
            batchDeps: async () => ({ db, matcher, log }),
          },
          log,
        )
      : undefined;
  scheduler?.start();

  const scheduleStatus = async (): Promise<ScheduleStatus[]> => {
    if (scheduler) return scheduler.status();
    if (!batchQueue) return [];
    // Queue mode: the workers installed them in Redis.
    return Promise.all(
      schedules.map(async (s) => {
        const installed = await withTimeout(batchQueue.getJobScheduler(s.id), 1000).catch(() => undefined);
        return { name: s.id, cron: s.cron, tz: s.tz, next: installed?.next ? new Date(installed.next).toISOString() : null, runsIn: 'workers' as const };
      }),
    );
  };
  const DB_HEALTH_TIMEOUT_MS = 3000;
  const status: StatusSource = {
    async health(): Promise<EngineHealth> {
      // A database out of reach is reported, not thrown: the process still matches from memory.
      const outbox = await withTimeout(pendingCount(db), DB_HEALTH_TIMEOUT_MS).catch((err: unknown) => {
        log.warn({ reason: dbFailure(err)?.kind ?? (err as Error).message }, 'health: database did not answer');
        return null;
      });
      return {
        database: { kind: runtime.database.kind, up: outbox !== null },
        model: embedder.modelId,
        mode: queueIndexing ? 'queue' : 'in-process',
        resources: search.index.size,
        outbox: outbox && { pending: outbox.count, oldestSeconds: Math.round(outbox.oldestSeconds) },
        ...(queueIndexing && batchQueue ? { pipeline: { ...(await queueIndexing.health()), batchQueue: await queueCounts(batchQueue) } } : {}),
        schedules: await scheduleStatus(),
      };
    },
    failedJobs: async () => (queueIndexing && batchQueue ? failedJobs([queueIndexing.queue, batchQueue]) : []),
  };

  const ctx: ServiceContext = { db, indexer: forgettingNeeds(indexer, storedNeeds), matcher, storedNeeds, openNeeds, ranking, understanding: runtime.understanding, keys: KeyResolver.of(db), batches, batchDefaults: batchOptions, status };
  let closed: Promise<void> | undefined;
  return {
    ctx,
    database: runtime.database,
    embedder,
    matcher,
    ranking,
    index: () => search.index,
    warmUp: search.warmUp,
    ...(queueIndexing && batchQueue ? { queues: { index: queueIndexing.queue, batch: batchQueue } } : {}),
    batchOptions,
    snapshot: () => search.snapshot(),
    close() {
      // Order: stop scheduled and batch work in hand, following and dispatching, the queue connections, then save
      // the index and close the database.
      closed ??= (async () => {
        stopping.abort();
        await scheduler?.stop();
        await batches.close();
        await queueIndexing?.close().catch((err: unknown) => log.warn({ err }, 'closing the queue pipeline failed'));
        await batchQueue?.close().catch(() => {});
        await producer?.quit().catch(() => producer.disconnect());
        await storedNeeds.stop();
        await search.snapshot().catch((err: unknown) => log.warn({ err }, 'could not save the index snapshot'));
        await runtime.close();
      })();
      return closed;
    },
  };
}
