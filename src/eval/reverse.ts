// The other direction on a BEIR set: each provider (a judged document) is the resource, the set's queries are the
// open needs, and the relevant needs are those whose judgements list it (the qrels reversed). The engine's
// outreach ranking (src/match/opportunities.ts) is scored beside the plain nearest needs by embedding.
import type { Engine } from '../engine.js';
import { nearestNeeds, NeedPool, OUTREACH_SHORTLIST, rankOpportunities, type OpenNeed } from '../match/opportunities.js';
import type { BeirSet } from './beir.js';
import { summarise, type Judgements, type Summary } from './metrics.js';
import { registerCorpus, toNeedQuery } from './run.js';

export interface ReverseReport {
  outreach: Summary;
  /** The needs nearest the resource's vector, unscored: what plain vector search would send out. */
  dense: Summary;
  providers: number;
  needs: number;
  /** Needs scored per provider from each retriever. */
  shortlist: number;
}

export async function evaluateReverse(
  engine: Engine,
  set: BeirSet,
  opts: { withMeta: boolean; shortlist?: number; onProgress?: (done: number, total: number) => void },
): Promise<ReverseReport> {
  const docIds = await registerCorpus(engine, set, opts.onProgress);
  const resourceOf = new Map([...docIds].map(([id, doc]) => [doc, id]));
  const judged = set.queries.filter((q) => set.qrels.has(q._id));
  const needs: OpenNeed[] = [];
  const queryOf = new Map<number, string>();
  for (const [i, q] of judged.entries()) {
    needs.push({ id: i, query: toNeedQuery(q, opts.withMeta), vector: await engine.embedder.embedQuery(q.text) });
    queryOf.set(i, q._id);
  }
  const reversed = new Map<string, Judgements>();
  for (const [query, docs] of set.qrels) {
    for (const [doc, grade] of docs) if (grade > 0 && resourceOf.has(doc)) reversed.set(doc, (reversed.get(doc) ?? new Map()).set(query, grade));
  }
  const shortlist = opts.shortlist ?? OUTREACH_SHORTLIST;
  const pool = NeedPool.of(needs);
  const runs = { outreach: [] as Array<{ ranked: string[]; judged: Judgements }>, dense: [] as Array<{ ranked: string[]; judged: Judgements }> };
  for (const [doc, relevant] of reversed) {
    const resourceId = resourceOf.get(doc)!;
    const found = await rankOpportunities(engine.matcher, resourceId, pool, { limit: 10, shortlist });
    runs.outreach.push({ ranked: found.map((o) => queryOf.get(o.needId)!), judged: relevant });
    const nearest = nearestNeeds(engine.matcher.resourceVector(resourceId)!, needs, 10);
    runs.dense.push({ ranked: nearest.map((n) => queryOf.get(n.id)!), judged: relevant });
  }
  return { outreach: summarise(runs.outreach), dense: summarise(runs.dense), providers: reversed.size, needs: needs.length, shortlist };
}
