// Stored needs as this process last read them, so that a match by need id reads nothing from the database: the
// row, kept in line by the changes the indexes follow (a write forgets the needs it changed at once, in this
// process; the workers' announcements tell every other process), and the vector, served only for the text it was
// made from (the content hash), so it is never out of date. A row is read again after STORED_NEED_MAX_AGE_MS
// whatever was heard: that bounds what a process that missed announcements (Redis down) can serve, as for
// rejections.
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { getNeedVector, needWithVector, type StoredVector } from '../repositories/embedding.repository.js';
import { needDocument } from '../retrieval/documents.js';
import type { Indexer } from './outbox.js';
import { isCurrent } from './stored-vector.js';

export const STORED_NEED_MAX_AGE_MS = 30_000;
const MAX_NEEDS = 20_000; // about 3 KiB each with the vector

export interface StoredNeed {
  row: NeedRow;
  /** Its stored vector when current for this model and text; otherwise the match embeds the text. */
  vector: Float32Array | undefined;
}

export class StoredNeeds {
  private readonly rows = new LRUCache<number, NeedRow>({ max: MAX_NEEDS, ttl: STORED_NEED_MAX_AGE_MS });
  private readonly vectors = new LRUCache<number, StoredVector>({ max: MAX_NEEDS });

  /** The need with this id (archived ones included: the caller decides who may see what), or undefined. */
  async get(db: Db, id: number, modelId: string): Promise<StoredNeed | undefined> {
    let row = this.rows.get(id);
    let stored = this.vectors.get(id);
    if (!row) {
      // One round trip for both.
      const read = await needWithVector(db, id);
      if (!read) return undefined;
      row = read.row;
      this.rows.set(id, row);
      stored = read.vector;
    } else if (!isCurrent(stored, modelId, needDocument(row))) {
      stored = await getNeedVector(db, id);
    }
    if (!isCurrent(stored, modelId, needDocument(row))) return { row, vector: undefined };
    this.vectors.set(id, stored);
    return { row, vector: stored.vector };
  }

  /** These needs changed: their rows are read again. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.rows.delete(id);
  }

  /** Changes may have been missed (the announcement stream was lost): every row is read again. */
  clear(): void {
    this.rows.clear();
  }
}

/**
 * The indexer a process's use cases call, telling what holds needs in memory (stored needs, open needs) to forget
 * the needs a write changed, before and after their indexing.
 */
export function forgettingNeeds(indexer: Indexer, holders: ReadonlyArray<{ forget(ids: readonly number[]): void }>): Indexer {
  const forget = (ids: readonly number[]) => holders.forEach((h) => h.forget(ids));
  return {
    async changed(job, onProgress) {
      if (job.entity === 'need') forget(job.ids);
      await indexer.changed(job, onProgress);
      // In-process the vector is stored now; a match made meanwhile may have read the row without it.
      if (job.entity === 'need') forget(job.ids);
    },
  };
}
