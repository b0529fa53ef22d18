// The one place where the engine is wired: database, model, search state, indexing, the ranking learned from
// operators, the match service, how batch runs start, API key lookups.
// Two indexing modes, chosen by REDIS_URL:
// - in-process (unset): a write embeds and indexes before it answers; the outbox only covers a crash.
// - queue (set): a write commits its outbox record; dispatchers move records into BullMQ jobs, workers embed and
//   announce, and every API process applies announcements to its own index (src/queue/index-changes.ts).
import { join } from 'node:path';
import { inProcessBatches, queuedBatches, type BatchLauncher } from './batch/batch-launcher.js';
import { DEFAULT_BATCH_OPTIONS, type BatchRunOptions } from './batch/run-batch.js';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { createLocalEmbedder, type Embedder } from './embedding/embedder.js';
import { embedAndIndex, type IndexJob, type Progress } from './jobs/embed-and-index.js';
import type { Logger } from './log.js';
import { MatchService } from './match/match.service.js';
import type { Weights } from './domain/score-components.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from './match/settings.js';
import { IndexPipeline, type PipelineHealth } from './queue/pipeline.js';
import { resourceVectorDigest } from './repositories/embedding.repository.js';
import { allPending, clearDone, maxOutboxId, pendingCount } from './repositories/outbox.repository.js';
import { DEFAULT_HNSW, type HnswParams } from './retrieval/dense-index.js';
import { reconcileIndex, refreshFromDatabase } from './retrieval/refresh.js';
import type { SearchIndex } from './retrieval/search-index.js';
import { saveSnapshot } from './retrieval/snapshot.js';
import { warmUp } from './retrieval/warm-up.js';
import type { Indexer, ServiceContext } from './services/context.js';
import { KeyResolver } from './services/key-resolver.js';
import { RankingState } from './services/ranking-state.js';

type EngineConfig = Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'redisUrl' | 'queuePrefix' | 'batch' | 'modelsDir'>>;

export interface EngineOptions {
  config: EngineConfig;
  log: Logger;
  embedder?: Embedder;
  weights?: Weights;
  settings?: RetrievalSettings;
  hnsw?: HnswParams;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface EngineHealth {
  mode: 'in-process' | 'queue';
  resources: number;
  outbox: { pending: number; oldestSeconds: number };
  pipeline?: PipelineHealth;
}

export interface Engine {
  database: Database;
  embedder: Embedder;
  ctx: ServiceContext;
  matcher: MatchService;
  index(): SearchIndex;
  /** How the search state was built at start. */
  warmUp: { source: 'snapshot' | 'rebuilt'; reembedded: number };
  pipeline?: IndexPipeline;
  /** Starts batch runs: here in the background (in-process mode) or on the workers (queue mode). */
  batches: BatchLauncher;
  /** Options of a batch run nobody chose otherwise (BATCH_SLACK, BATCH_SUGGESTIONS). */
  batchOptions: BatchRunOptions;
  /** API key lookups for the HTTP layer. */
  keys: KeyResolver;
  /** The ranker in use and operators' feedback, refreshed from the database. */
  ranking: RankingState;
  health(): Promise<EngineHealth>;
  /** Writes the dense index to disk if it changed since the last snapshot. */
  snapshot(): Promise<void>;
  close(): Promise<void>;
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { config, log } = opts;
  const progress = (step: string): Progress => (done, total) => opts.onProgress?.(step, done, total);
  const embedder = opts.embedder ?? (await createLocalEmbedder(config.modelsDir ? { modelsDir: config.modelsDir } : {}));
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    unlock();
    throw err;
  }
  const db = database.db;
  const snapshotDir = join(config.dataDir, 'index');
  let dirty = false;
  // The pipeline marks its stream position before the index is read, so changes made meanwhile are replayed.
  const pipeline = config.redisUrl
    ? await IndexPipeline.connect({
        db, log, redisUrl: config.redisUrl, prefix: config.queuePrefix ?? 'sxm',
        apply: async (ids) => {
          await refreshFromDatabase(db, index(), embedder.modelId, ids);
          dirty = true;
        },
        reconcile: async () => {
          await reconcileIndex(db, index(), embedder.modelId);
          dirty = true;
        },
      })
    : undefined;
  const warm = await warmUp({ db, embedder, snapshotDir, log, params: opts.hnsw ?? DEFAULT_HNSW, onProgress: progress('index') }).catch(async (err: unknown) => {
    await pipeline?.close();
    await database.close();
    unlock();
    throw err;
  });
  log.info({ resources: warm.index.size, source: warm.source, reembedded: warm.reembedded }, 'search index ready');
  const index = () => warm.index;

  async function runInProcess(job: IndexJob, onProgress?: Progress): Promise<void> {
    const upTo = await maxOutboxId(db);
    const resourcesChanged = async (ids: number[]) => void (await refreshFromDatabase(db, index(), embedder.modelId, ids));
    await embedAndIndex({ db, embedder, resourcesChanged }, job, onProgress ?? progress('embed'));
    await clearDone(db, job.entity, job.ids, upTo);
    if (job.entity === 'resource') dirty = true;
  }

  const indexer: Indexer = pipeline
    ? { changed: async () => pipeline.kick() }
    : {
        async changed(job, onProgress) {
          try {
            await runInProcess(job, onProgress);
          } catch (err) {
            // The write is committed and its outbox record kept: the next start finishes the work.
            log.error({ err, job: { entity: job.entity, count: job.ids.length } }, 'indexing failed after commit');
          }
        },
      };

  if (pipeline) pipeline.start();
  else {
    // Work a previous process committed but did not finish (it stopped between commit and indexing).
    const pending = await allPending(db);
    for (const entity of ['resource', 'need'] as const) {
      const ids = pending.filter((r) => r.entity === entity).map((r) => r.entityId);
      if (ids.length > 0) await runInProcess({ entity, ids });
    }
  }

  const ctx: ServiceContext = { db, indexer };
  // Weights learned from operators' decisions (or the hand-set ones) unless the caller fixes them (evaluation).
  const ranking = new RankingState(db, log);
  await ranking.refresh();
  ranking.start();
  const fixed = opts.weights;
  const matcher = new MatchService({
    index,
    embedder,
    weights: () => fixed ?? ranking.weights,
    ...(fixed ? {} : { feedback: () => ranking.feedback }),
    settings: opts.settings ?? DEFAULT_RETRIEVAL,
  });
  const batches = pipeline ? queuedBatches(db, pipeline.batchQueue, log) : inProcessBatches({ db, matcher, log });
  const batchOptions: BatchRunOptions = { ...DEFAULT_BATCH_OPTIONS, ...(config.batch ? { slack: config.batch.slack, want: config.batch.want } : {}) };

  async function snapshot() {
    if (!dirty) return;
    dirty = false;
    const digest = await resourceVectorDigest(db, embedder.modelId);
    await saveSnapshot(snapshotDir, index().dense, { modelId: embedder.modelId, dimension: embedder.dimension, params: index().dense.params, ...digest });
  }

  let closed: Promise<void> | undefined;
  return {
    database,
    embedder,
    ctx,
    matcher,
    index,
    warmUp: { source: warm.source, reembedded: warm.reembedded },
    ...(pipeline ? { pipeline } : {}),
    batches,
    batchOptions,
    keys: new KeyResolver(db),
    ranking,
    async health() {
      const outboxState = await pendingCount(db);
      return {
        mode: pipeline ? 'queue' : 'in-process',
        resources: index().size,
        outbox: { pending: outboxState.count, oldestSeconds: Math.round(outboxState.oldestSeconds) },
        ...(pipeline ? { pipeline: await pipeline.health() } : {}),
      };
    },
    snapshot,
    close() {
      // Order: stop a batch run in hand, following and dispatching, then the queue connections, then the index and
      // the database.
      closed ??= (async () => {
        ranking.stop();
        await batches.close();
        await pipeline?.close().catch((err: unknown) => log.warn({ err }, 'closing the queue pipeline failed'));
        await snapshot().catch((err: unknown) => log.warn({ err }, 'could not save the index snapshot'));
        await database.close();
        unlock();
      })();
      return closed;
    },
  };
}
