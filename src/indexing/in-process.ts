// Indexing in the embedded mode (no Redis): a write embeds and indexes before it answers, here, with the same
// processor the queue workers run; the outbox only covers a crash between commit and indexing, and what a
// previous process left there is finished at start.
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import type { Logger } from '../log.js';
import { allPending, clearDone, maxOutboxId } from '../repositories/outbox.repository.js';
import { embedAndIndex } from './embed-and-index.js';
import type { IndexJob, Indexer, Progress } from './outbox.js';
import type { SearchState } from './search-state.js';

export interface InProcessIndexer extends Indexer {
  /** Finishes the work a previous process committed but did not index (it stopped between the two). */
  recover(): Promise<void>;
}

export function inProcessIndexer(opts: {
  db: Db;
  embedder: Embedder;
  state: SearchState;
  log: Logger;
  onProgress?: Progress;
  /** What follows a single registration's indexing (outreach). */
  outreach?: (ids: number[]) => Promise<void>;
}): InProcessIndexer {
  const { db, embedder, state, log } = opts;
  async function run(job: IndexJob, onProgress?: Progress): Promise<void> {
    const upTo = await maxOutboxId(db);
    await embedAndIndex({ db, embedder, resourcesChanged: async (ids) => void (await state.apply(ids)), ...(opts.outreach ? { outreach: opts.outreach } : {}) }, job, onProgress ?? opts.onProgress);
    await clearDone(db, job.entity, job.ids, upTo);
  }
  return {
    async changed(job, onProgress) {
      try {
        await run(job, onProgress);
      } catch (err) {
        // The write is committed and its outbox record kept: the next start finishes the work.
        log.error({ err, job: { entity: job.entity, count: job.ids.length } }, 'indexing failed after commit');
      }
    },
    async recover() {
      const pending = await allPending(db);
      for (const entity of ['resource', 'need'] as const) {
        const ids = pending.filter((r) => r.entity === entity).map((r) => r.entityId);
        if (ids.length > 0) await run({ entity, ids });
      }
    },
  };
}
