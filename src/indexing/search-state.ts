// The search index a process matches against, kept in line with the database: built at start (warm-up, then the
// stale texts embedded here, or in queue mode handed to the workers), changed by the processor or by
// announcements, and written to its snapshot directory when it changed, so the next start loads it instead of
// rebuilding the graph.
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import type { Logger } from '../log.js';
import { resourceVectorDigest } from '../repositories/embedding.repository.js';
import type { HnswParams } from '../retrieval/dense-index.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import { saveSnapshot, saveWordsSnapshot } from '../retrieval/snapshot.js';
import { TOKENIZER_ID } from '../retrieval/tokenize.js';
import { embedAndIndex } from './embed-and-index.js';
import { handOverToWorkers, type Progress } from './outbox.js';
import { reconcileIndex, refreshFromDatabase, type RefreshOutcome } from './refresh.js';
import { warmUp } from './warm-up.js';

/** What to do at start with resources whose text has no current vector. */
export type StaleTexts = 'embed' | 'hand-over';

export interface WarmUpReport {
  source: 'snapshot' | 'rebuilt';
  /** Resources embedded here at start. */
  reembedded: number;
  /** Resources left to the workers at start (their announcements bring them in)... */
  waiting: number;
  /** ...of which this process queued these (no worker was on them yet). */
  handedOver: number;
  /** Texts tokenised because the snapshot had no words for them. */
  tokenised: number;
}

export class SearchState {
  private dirty = false;

  private constructor(
    private readonly db: Db,
    private readonly modelId: string,
    private readonly snapshotDir: string,
    readonly index: SearchIndex,
    /** How the index was built at start. */
    readonly warmUp: WarmUpReport,
  ) {}

  /**
   * Warms up from the database; what has no current vector is embedded here (the model is needed only for that)
   * or, when `stale` says so, handed to the workers, whose announcements bring it in (queue mode: API processes
   * never embed what a worker is embedding).
   */
  static async open(opts: { db: Db; embedder: Embedder; snapshotDir: string; log: Logger; params: HnswParams; stale: StaleTexts; onProgress?: Progress }): Promise<SearchState> {
    const { db, embedder, log } = opts;
    const warm = await warmUp({ db, modelId: embedder.modelId, dimension: embedder.dimension, snapshotDir: opts.snapshotDir, log, params: opts.params, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    const embedHere = opts.stale === 'embed';
    const handedOver = warm.stale.length > 0 && !embedHere ? await handOverToWorkers(db, warm.stale) : 0;
    const report = { source: warm.source, reembedded: embedHere ? warm.stale.length : 0, waiting: embedHere ? 0 : warm.stale.length, handedOver, tokenised: warm.tokenised };
    const state = new SearchState(db, embedder.modelId, opts.snapshotDir, warm.index, report);
    if (warm.stale.length > 0 && embedHere) {
      log.info({ stale: warm.stale.length }, 'embedding resources whose text has no current vector');
      await embedAndIndex({ db, embedder, resourcesChanged: (ids) => state.apply(ids).then(() => {}) }, { entity: 'resource', ids: warm.stale }, opts.onProgress);
    } else if (warm.stale.length > 0) {
      log.info({ stale: warm.stale.length, handedOver }, 'resources whose text has no current vector are left to the workers');
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
