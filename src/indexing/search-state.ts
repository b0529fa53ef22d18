// The search index a process matches against, kept in line with the database: built at start (warm-up, then the
// stale texts embedded), changed by the processor or by announcements, and written to its snapshot directory
// when it changed, so the next start loads it instead of rebuilding the graph.
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import type { Logger } from '../log.js';
import { resourceVectorDigest } from '../repositories/embedding.repository.js';
import type { HnswParams } from '../retrieval/dense-index.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import { saveSnapshot, saveWordsSnapshot } from '../retrieval/snapshot.js';
import { TOKENIZER_ID } from '../retrieval/tokenize.js';
import { embedAndIndex } from './embed-and-index.js';
import type { Progress } from './outbox.js';
import { reconcileIndex, refreshFromDatabase, type RefreshOutcome } from './refresh.js';
import { warmUp } from './warm-up.js';

export class SearchState {
  private dirty = false;

  private constructor(
    private readonly db: Db,
    private readonly modelId: string,
    private readonly snapshotDir: string,
    readonly index: SearchIndex,
    /** How the index was built at start. */
    readonly warmUp: { source: 'snapshot' | 'rebuilt'; reembedded: number; tokenised: number },
  ) {}

  /** Warms up from the database and embeds what has no current vector; the model is needed only for that. */
  static async open(opts: { db: Db; embedder: Embedder; snapshotDir: string; log: Logger; params: HnswParams; onProgress?: Progress }): Promise<SearchState> {
    const { db, embedder, log } = opts;
    const warm = await warmUp({ db, modelId: embedder.modelId, dimension: embedder.dimension, snapshotDir: opts.snapshotDir, log, params: opts.params, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    const state = new SearchState(db, embedder.modelId, opts.snapshotDir, warm.index, { source: warm.source, reembedded: warm.stale.length, tokenised: warm.tokenised });
    if (warm.stale.length > 0) {
      log.info({ stale: warm.stale.length }, 'embedding resources whose text has no current vector');
      await embedAndIndex({ db, embedder, resourcesChanged: (ids) => state.apply(ids).then(() => {}) }, { entity: 'resource', ids: warm.stale }, opts.onProgress);
    }
    if (warm.source === 'rebuilt' || warm.stale.length > 0 || warm.tokenised > 0) {
      state.dirty = true;
      await state.snapshot();
    }
    return state;
  }

  /** Applies the database's current state of these resources (their vectors are stored). */
  async apply(ids: number[]): Promise<RefreshOutcome> {
    const outcome = await refreshFromDatabase(this.db, this.index, this.modelId, ids);
    this.dirty = true;
    return outcome;
  }

  /** Compares every resource with the database and refreshes what differs: the catch-up after missed changes. */
  async reconcile(): Promise<RefreshOutcome> {
    const outcome = await reconcileIndex(this.db, this.index, this.modelId);
    this.dirty = true;
    return outcome;
  }

  /** Writes the dense index and the words to disk if they changed since the last snapshot. */
  async snapshot(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const dense = this.index.dense;
    await saveSnapshot(this.snapshotDir, dense, { modelId: this.modelId, dimension: dense.dimension, params: dense.params, ...(await resourceVectorDigest(this.db, this.modelId)) });
    saveWordsSnapshot(this.snapshotDir, TOKENIZER_ID, this.index.documents());
  }
}
