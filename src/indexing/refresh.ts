// Brings the in-memory index in line with the database for some resources, reading rows and stored vectors only
// (no model): what every API process does when told that resources changed.
import type { Db } from '../db/client.js';
import { getResourceVectors } from '../repositories/embedding.repository.js';
import { allResources, getResources } from '../repositories/resource.repository.js';
import { resourceDocument, rowToResource, toProfile } from '../retrieval/documents.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import { tokenize } from '../retrieval/tokenize.js';
import { resourceIndexKey } from './index-key.js';
import { isCurrent } from './stored-vector.js';

export interface RefreshOutcome {
  applied: number;
  removed: number;
  /** Rows whose stored vector is missing or older than their text: a later announcement will bring them. */
  waiting: number[];
}

export async function refreshFromDatabase(db: Db, index: SearchIndex, modelId: string, ids: number[]): Promise<RefreshOutcome> {
  const unique = [...new Set(ids)];
  const rows = (await getResources(db, unique)).map(rowToResource);
  const present = new Set(rows.map((r) => r.id));
  const gone = unique.filter((id) => !present.has(id));
  for (const id of gone) index.remove(id);
  const vectors = new Map((await getResourceVectors(db, [...present])).map((v) => [v.id, v]));
  const waiting: number[] = [];
  let applied = 0;
  for (const r of rows) {
    const text = resourceDocument(r);
    const v = vectors.get(r.id);
    if (!isCurrent(v, modelId, text)) {
      waiting.push(r.id);
      continue;
    }
    index.upsert(toProfile(r), v.vector, tokenize(text), resourceIndexKey(r));
    applied++;
  }
  return { applied, removed: gone.length, waiting };
}

/** Compares every resource's index key with the database and refreshes what differs: the catch-up after a gap. */
export async function reconcileIndex(db: Db, index: SearchIndex, modelId: string): Promise<RefreshOutcome> {
  const stale: number[] = [];
  const seen = new Set<number>();
  for await (const batch of allResources(db)) {
    for (const row of batch) {
      const r = rowToResource(row);
      seen.add(r.id);
      if (index.keys.get(r.id) !== resourceIndexKey(r)) stale.push(r.id);
    }
  }
  const gone = [...index.keys.keys()].filter((id) => !seen.has(id));
  return refreshFromDatabase(db, index, modelId, [...stale, ...gone]);
}
