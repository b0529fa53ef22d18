// What an API process and a worker both need, wired once: the database (with the embedded one's lock), the model,
// the ranking learned from operators, and how a match pipeline and a search state (with the needs held beside it)
// are made. engine.ts (the API process) and worker/process.ts build on it.
import { join } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database, type Db } from './db/client.js';
import { lockDataDir } from './db/data-dir-lock.js';
import type { Weights } from './domain/score-components.js';
import { createLocalEmbedder, type Embedder } from './embedding/embedder.js';
import type { Progress } from './indexing/outbox.js';
import { SearchState, type StaleTexts } from './indexing/search-state.js';
import { StoredNeeds } from './indexing/stored-needs.js';
import type { Logger } from './log.js';
import { MatchPipeline } from './match/pipeline.js';
import { DEFAULT_RETRIEVAL, type RetrievalSettings } from './match/settings.js';
import { DEFAULT_HNSW, type HnswParams } from './retrieval/dense-index.js';
import type { SearchIndex } from './retrieval/search-index.js';
import type { Lexicon } from './understanding/lexicon.js';
import { RankingState } from './services/ranking-state.js';
import { UnderstandingState } from './services/understanding-state.js';

export type RuntimeConfig = Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'modelsDir' | 'queryBatch' | 'modelThreads'>>;

export interface RuntimeOptions {
  config: RuntimeConfig;
  log: Logger;
  /** A model already loaded (tests share one). */
  embedder?: Embedder;
  /** Fixed weights instead of the learned ones (evaluation). */
  weights?: Weights;
  settings?: RetrievalSettings;
  /** A fixed lexicon instead of the newest version (evaluation with another file). */
  lexicon?: Lexicon;
  hnsw?: HnswParams;
}

export interface Runtime {
  log: Logger;
  database: Database;
  db: Db;
  embedder: Embedder;
  ranking: RankingState;
  understanding: UnderstandingState;
  hnsw: HnswParams;
  /** A match pipeline over an index, with the ranking in use (or the fixed weights). */
  matcherFor(index: () => SearchIndex): MatchPipeline;
  /** The search state kept under DATA_DIR/`name` (its snapshot); stale texts are embedded unless handed over. */
  openSearch(name: string, opts?: { stale?: StaleTexts; onProgress?: Progress }): Promise<SearchState>;
  /** That search state and every need in service (stored-needs.ts), read side by side: what id matches and outreach use. */
  openWithNeeds(name: string, opts?: { stale?: StaleTexts; onProgress?: Progress }): Promise<{ state: SearchState; needs: StoredNeeds }>;
  close(): Promise<void>;
}

export async function openRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config, log } = opts;
  const embedder =
    opts.embedder ??
    (await createLocalEmbedder({
      ...(config.modelsDir ? { modelsDir: config.modelsDir } : {}),
      ...(config.queryBatch ? { queryBatch: config.queryBatch } : {}),
      ...(config.modelThreads !== undefined ? { threads: config.modelThreads } : {}),
    }));
  // The embedded database belongs to one process.
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let database: Database;
  try {
    database = await openDatabase(config);
  } catch (err) {
    unlock();
    throw err;
  }
  const db = database.db;
  const ranking = new RankingState(db, log);
  const understanding = new UnderstandingState(db, embedder.modelId, log);
  const hnsw = opts.hnsw ?? DEFAULT_HNSW;
  try {
    await Promise.all([ranking.refresh(), understanding.refresh()]);
  } catch (err) {
    await database.close();
    unlock();
    throw err;
  }
  const fixed = opts.weights;
  const openSearch: Runtime['openSearch'] = (name, { stale = 'embed', onProgress } = {}) =>
    SearchState.open({ db, embedder, snapshotDir: join(config.dataDir, name), log, params: hnsw, stale, ...(onProgress ? { onProgress } : {}) });
  return {
    log,
    database,
    db,
    embedder,
    ranking,
    understanding,
    hnsw,
    matcherFor: (index) =>
      new MatchPipeline({
        index,
        embedder,
        weights: () => fixed ?? ranking.weights,
        ...(fixed ? {} : { feedback: () => ranking.feedback }),
        settings: opts.settings ?? DEFAULT_RETRIEVAL,
        lexicon: () => opts.lexicon ?? understanding.lexicon,
        classifier: () => understanding.classifier,
      }),
    openSearch,
    async openWithNeeds(name, searchOpts) {
      const needs = new StoredNeeds(db, embedder.modelId, log);
      // Both end before a failure of either is reported, so that neither reads a database its caller then closes.
      const [state, started] = await Promise.allSettled([openSearch(name, searchOpts), needs.start()]);
      if (state.status === 'fulfilled' && started.status === 'fulfilled') return { state: state.value, needs };
      await needs.stop();
      throw state.status === 'rejected' ? state.reason : (started as PromiseRejectedResult).reason;
    },
    async close() {
      await Promise.all([ranking.stop(), understanding.stop()]);
      await database.close();
      unlock();
    },
  };
}
