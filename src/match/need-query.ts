// A stored need as the ranking sees it.
import type { NeedRow } from '../db/schema.js';
import { needDocument } from '../retrieval/documents.js';
import type { MatchFilters, NeedQuery } from './types.js';

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
