// Whether a stored vector is current: made by this model from this text (the content hash). The one test every
// indexing step uses (embedding, refreshing an index, warming up, matching a stored need), so they agree on it.
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { contentHash, normaliseText } from '../embedding/normalise.js';
import { getNeedVector, getNeedVectors, type StoredVector } from '../repositories/embedding.repository.js';
import { needDocument } from '../retrieval/documents.js';

export function isCurrent<T extends Pick<StoredVector, 'modelId' | 'contentHash'>>(stored: T | undefined, modelId: string, text: string): stored is T {
  return stored !== undefined && stored.modelId === modelId && stored.contentHash === contentHash(modelId, normaliseText(text));
}

/** A stored need's vector when it is current (matching then skips the model). */
export async function currentNeedVector(db: Db, need: NeedRow, modelId: string): Promise<Float32Array | undefined> {
  const stored = await getNeedVector(db, need.id);
  return stored && isCurrent(stored, modelId, needDocument(need)) ? stored.vector : undefined;
}

/** The current stored vectors of many needs at once (the batch), by need id; needs without one are absent. */
export async function currentNeedVectors(db: Db, needs: readonly NeedRow[], modelId: string): Promise<Map<number, Float32Array>> {
  const byId = new Map(needs.map((n) => [n.id, n]));
  const out = new Map<number, Float32Array>();
  for (let i = 0; i < needs.length; i += 1000) {
    for (const stored of await getNeedVectors(db, needs.slice(i, i + 1000).map((n) => n.id), modelId)) {
      if (isCurrent(stored, modelId, needDocument(byId.get(stored.id)!))) out.set(stored.id, stored.vector);
    }
  }
  return out;
}
