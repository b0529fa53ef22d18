// A stored need as the ranking sees it, and its stored vector when that is still current (skips the model).
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { contentHash, normaliseText } from '../embedding/normalise.js';
import type { MatchFilters, NeedQuery } from '../match/types.js';
import { getNeedVector, getNeedVectors, type StoredVector } from '../repositories/embedding.repository.js';
import { needDocument } from '../retrieval/documents.js';

export function needQueryOf(need: NeedRow, filters: MatchFilters, limit: number): NeedQuery {
  return {
    text: needDocument(need),
    industry: (need.industry ?? undefined) as NeedQuery['industry'],
    category: (need.category ?? undefined) as NeedQuery['category'],
    region: need.region ?? undefined,
    wantsVoucher: need.wantsVoucher,
    filters,
    limit,
  };
}

const isCurrent = (stored: StoredVector, need: NeedRow, modelId: string) =>
  stored.modelId === modelId && stored.contentHash === contentHash(modelId, normaliseText(needDocument(need)));

export async function currentNeedVector(db: Db, need: NeedRow, modelId: string): Promise<Float32Array | undefined> {
  const stored = await getNeedVector(db, need.id);
  return stored && isCurrent(stored, need, modelId) ? stored.vector : undefined;
}

/** The current stored vectors of many needs at once (the batch), by need id; needs without one are absent. */
export async function currentNeedVectors(db: Db, needs: readonly NeedRow[], modelId: string): Promise<Map<number, Float32Array>> {
  const byId = new Map(needs.map((n) => [n.id, n]));
  const out = new Map<number, Float32Array>();
  for (let i = 0; i < needs.length; i += 1000) {
    for (const stored of await getNeedVectors(db, needs.slice(i, i + 1000).map((n) => n.id), modelId)) {
      if (isCurrent(stored, byId.get(stored.id)!, modelId)) out.set(stored.id, stored.vector);
    }
  }
  return out;
}
