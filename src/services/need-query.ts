// A stored need as the ranking sees it, and its stored vector when that is still current (skips the model).
import type { Db } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { contentHash, normaliseText } from '../embedding/normalise.js';
import type { MatchFilters, NeedQuery } from '../match/types.js';
import { getNeedVector } from '../repositories/embedding.repository.js';
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

export async function currentNeedVector(db: Db, need: NeedRow, modelId: string): Promise<Float32Array | undefined> {
  const stored = await getNeedVector(db, need.id);
  const current = stored && stored.modelId === modelId && stored.contentHash === contentHash(modelId, normaliseText(needDocument(need)));
  return current ? stored.vector : undefined;
}
