// The one place where the engine is wired: database, model, search state, indexer, match service.
// Used by the server, the CLI scripts and the tests alike.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { createLocalEmbedder, type Embedder } from './embedding/embedder.js';
import { embedAndIndex, type IndexJob, type Progress } from './jobs/embed-and-index.js';
import type { Logger } from './log.js';
import { MatchService } from './match/match.service.js';
import type { Weights } from './match/types.js';
import { DEFAULT_RETRIEVAL, DEFAULT_WEIGHTS, type RetrievalSettings } from './match/weights.js';
import { DEFAULT_HNSW, type HnswParams } from './retrieval/dense-index.js';
import { SearchIndex } from './retrieval/search-index.js';
import { resourceVectorDigest } from './repositories/embedding.repository.js';
import { saveSnapshot } from './retrieval/snapshot.js';
import { warmUp } from './retrieval/warm-up.js';
import type { Indexer, ServiceContext } from './services/context.js';

export interface EngineOptions {
  config: Pick<Config, 'dataDir' | 'databaseUrl'>;
  log: Logger;
  embedder?: Embedder;
  weights?: Weights;
  settings?: RetrievalSettings;
  hnsw?: HnswParams;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface Engine {
  database: Database;
  embedder: Embedder;
  ctx: ServiceContext;
  matcher: MatchService;
  index(): SearchIndex;
  /** How the search state was built at start. */
  warmUp: { source: 'snapshot' | 'rebuilt'; reembedded: number };
  /** Writes the dense index to disk if it changed since the last snapshot. */
  snapshot(): Promise<void>;
  close(): Promise<void>;
}

/** The embedded database is one process's: a second process on the same DATA_DIR would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, 'engine.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (alive) throw new Error(`${dataDir} is in use by process ${pid}; stop it first, or set DATABASE_URL to share a PostgreSQL server`);
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const { config, log } = opts;
  const progress = (step: string): Progress => (done, total) => opts.onProgress?.(step, done, total);
  const embedder = opts.embedder ?? (await createLocalEmbedder());
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    unlock();
    throw err;
  }
  const snapshotDir = join(config.dataDir, 'index');
  const warm = await warmUp({ db: database.db, embedder, snapshotDir, log, params: opts.hnsw ?? DEFAULT_HNSW, onProgress: progress('index') });
  log.info({ resources: warm.index.size, source: warm.source, reembedded: warm.reembedded }, 'search index ready');
  const index = warm.index;
  let dirty = false;

  const indexer: Indexer = {
    async changed(job: IndexJob, onProgress?: Progress) {
      try {
        await embedAndIndex({ db: database.db, embedder, index }, job, onProgress ?? progress('embed'));
        if (job.entity === 'resource') dirty = true;
      } catch (err) {
        // The write is committed; the next warm-up re-embeds whatever has no current vector.
        log.error({ err, job: { entity: job.entity, count: job.ids.length } }, 'indexing failed after commit');
      }
    },
  };
  const ctx: ServiceContext = { db: database.db, indexer };
  const weights = opts.weights ?? DEFAULT_WEIGHTS;
  const matcher = new MatchService({ index: () => index, embedder, weights: () => weights, settings: opts.settings ?? DEFAULT_RETRIEVAL });

  async function snapshot() {
    if (!dirty) return;
    dirty = false;
    const digest = await resourceVectorDigest(database.db, embedder.modelId);
    await saveSnapshot(snapshotDir, index.dense, { modelId: embedder.modelId, dimension: embedder.dimension, params: index.dense.params, ...digest });
  }

  let closed: Promise<void> | undefined;
  return {
    database,
    embedder,
    ctx,
    matcher,
    index: () => index,
    warmUp: { source: warm.source, reembedded: warm.reembedded },
    snapshot,
    close() {
      closed ??= (async () => {
        await snapshot().catch((err: unknown) => log.warn({ err }, 'could not save the index snapshot'));
        await database.close();
        unlock();
      })();
      return closed;
    },
  };
}
