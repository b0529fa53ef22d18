// Outreach, the other direction: open needs ranked for one resource. Each need scores the resource exactly as its
// own match would (MatchPipeline.scoreFor), so a pair ranks the same from either side. Scoring costs one retrieval
// per need, so only a shortlist is scored: the needs nearest the resource by embedding, and those its own words
// find in the needs' texts (BM25 over the pool), as a need's match takes both retrievers' candidates.
import { LexicalIndex } from '../retrieval/lexical-index.js';
import { tokenize } from '../retrieval/tokenize.js';
import { explainOpportunity } from './explain.js';
import type { MatchPipeline, ScoredFor } from './pipeline.js';
import type { NeedQuery } from './types.js';

/** An open need as outreach sees it: its query as its own match would run it, and its stored vector. */
export interface OpenNeed {
  id: number;
  query: NeedQuery;
  vector: Float32Array;
}

export interface Opportunity extends ScoredFor {
  needId: number;
  /** Why, in the resource's words ("该需求要公共检测，本仪器对口；同在柯桥区"). */
  explanation: string;
}

/** The open needs outreach ranks, with a keyword index of their texts. */
export class NeedPool {
  private readonly needs = new Map<number, OpenNeed>();
  readonly lexical = new LexicalIndex();

  static of(needs: Iterable<OpenNeed>): NeedPool {
    const pool = new NeedPool();
    for (const n of needs) pool.upsert(n);
    return pool;
  }

  get size(): number {
    return this.needs.size;
  }

  get(id: number): OpenNeed | undefined {
    return this.needs.get(id);
  }

  values(): IterableIterator<OpenNeed> {
    return this.needs.values();
  }

  upsert(need: OpenNeed): void {
    this.needs.set(need.id, need);
    this.lexical.upsert(need.id, tokenize(need.query.text));
  }

  remove(id: number): void {
    this.needs.delete(id);
    this.lexical.remove(id);
  }
}

/**
 * Needs taken from each retriever per resource. On shaoxing-dev reversed (`npm run eval -- DIR --reverse`), 10, 20,
 * 30 and 40 gave nDCG@10 0.847, 0.859, 0.862 and 0.867 (every need scored: 0.878; the nearest by embedding alone:
 * 0.681): 30 keeps a resource's outreach to at most 60 retrievals.
 */
export const OUTREACH_SHORTLIST = 30;

/** The `n` needs whose vectors are nearest `vector` (dot product: both are unit length), nearest first. */
export function nearestNeeds(vector: Float32Array, needs: Iterable<OpenNeed>, n: number, accept: (id: number) => boolean = () => true): OpenNeed[] {
  const scored: Array<{ need: OpenNeed; similarity: number }> = [];
  for (const need of needs) {
    if (!accept(need.id)) continue;
    const v = need.vector;
    let dot = 0;
    for (let i = 0; i < v.length; i++) dot += v[i]! * vector[i]!;
    scored.push({ need, similarity: dot });
  }
  return scored
    .sort((a, b) => b.similarity - a.similarity || a.need.id - b.need.id)
    .slice(0, n)
    .map((s) => s.need);
}

/** The needs worth scoring for a resource: the union of the nearest by embedding and the best by its words. */
export function shortlistNeeds(pool: NeedPool, vector: Float32Array, words: readonly string[], n: number, accept?: (id: number) => boolean): OpenNeed[] {
  const nearest = nearestNeeds(vector, pool.values(), n, accept);
  const ids = new Set(nearest.map((need) => need.id));
  const byWords = pool.lexical.search(words, n, accept).filter((hit) => !ids.has(hit.id));
  return [...nearest, ...byWords.map((hit) => pool.get(hit.id)!)];
}

/** The best `limit` opportunities for a resource among the pool's needs (those `accept` lets through), best first. */
export async function rankOpportunities(
  matcher: MatchPipeline,
  resourceId: number,
  pool: NeedPool,
  opts: { limit: number; shortlist?: number; accept?: (needId: number) => boolean },
): Promise<Opportunity[]> {
  const vector = matcher.resourceVector(resourceId);
  if (!vector) return [];
  const out: Opportunity[] = [];
  for (const need of shortlistNeeds(pool, vector, matcher.resourceWords(resourceId), Math.max(opts.shortlist ?? OUTREACH_SHORTLIST, opts.limit), opts.accept)) {
    const scored = await matcher.scoreFor(need.query, resourceId, { vector: need.vector });
    if (scored) out.push({ needId: need.id, ...scored, explanation: explainOpportunity(scored.match, need.query, scored.inference) });
  }
  return out.sort((a, b) => b.match.score - a.match.score || a.needId - b.needId).slice(0, opts.limit);
}
