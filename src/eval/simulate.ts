// Operators simulated with an evaluation set's labels: each round, the engine's top 10 for every training query
// is "reviewed" (approve what the labels call relevant, reject the rest), the ranker is retrained on all decisions
// so far (and adopted only if it passes its held-out check), operators' feedback is recounted, and nDCG@10 is
// measured again, on the training queries and on held-out queries no operator looked at.
import { createHash } from 'node:crypto';
import type { Engine } from '../engine.js';
import { FeedbackTable } from '../learn/feedback.js';
import { IMPLICIT_RANKS, trainRanker, type Decision } from '../learn/train-ranker.js';
import { fuse } from '../match/fusion.js';
import { feedbackIndustry, rank } from '../match/score.js';
import { DEFAULT_WEIGHTS, scaled, type Weights } from '../domain/score-components.js';
import type { NeedQuery } from '../match/types.js';
import type { BeirSet } from './beir.js';
import { summarise, type Judgements, type Summary } from './metrics.js';
import { registerCorpus, toNeedQuery } from './run.js';

export interface SimulationRound {
  round: number;
  decisions: number;
  ranker: { accepted: boolean; reason: string; weights?: Weights };
  reviewed: Summary;
  heldOut: Summary;
}

export interface SimulationReport {
  queries: { reviewed: number; heldOut: number };
  docs: number;
  before: { reviewed: Summary; heldOut: Summary };
  rounds: SimulationRound[];
}

/** Half the queries are reviewed, half held out, by a hash of their id (stable across runs and sets). */
const heldOutQuery = (id: string) => createHash('sha1').update(id).digest()[0]! % 2 === 1;

export async function simulateOperators(engine: Engine, set: BeirSet, opts: { withMeta: boolean; rounds: number; onProgress?: (done: number, total: number) => void }): Promise<SimulationReport> {
  const docIds = await registerCorpus(engine, set, opts.onProgress);
  // Retrieval does not depend on the weights: prepare every query once, then re-rank each round.
  const cases: Array<{ id: string; need: NeedQuery; prepared: Awaited<ReturnType<Engine['matcher']['prepare']>>; judged: Judgements; heldOut: boolean }> = [];
  for (const q of set.queries.filter((x) => set.qrels.has(x._id))) {
    const need = toNeedQuery(q, opts.withMeta);
    cases.push({ id: q._id, need, prepared: await engine.matcher.prepare(need), judged: set.qrels.get(q._id)!, heldOut: heldOutQuery(q._id) });
  }

  let weights: Weights = DEFAULT_WEIGHTS;
  let feedback = new FeedbackTable();
  const fusionOf = (c: (typeof cases)[number]) => fuse(c.prepared.features, weights, c.need);
  const ranked = (c: (typeof cases)[number], limit = c.need.limit) =>
    rank(c.prepared.candidates, { ...c.need, limit }, c.prepared.inference, fusionOf(c).weights, (id, industry) => feedback.of(id, industry));
  const measure = () => {
    const runs = cases.map((c) => ({ heldOut: c.heldOut, ranked: ranked(c).map((m) => docIds.get(m.profile.id) ?? ''), judged: c.judged }));
    return { reviewed: summarise(runs.filter((r) => !r.heldOut)), heldOut: summarise(runs.filter((r) => r.heldOut)) };
  };

  const decisions = new Map<string, Decision & { resourceId: number; industry: string | undefined }>();
  /** Candidates ranked below what the operators saw (ranks 11 to 30), as the ranking stands this round. */
  let implicit: Decision[] = [];
  const before = measure();
  const rounds: SimulationRound[] = [];
  for (let round = 1; round <= opts.rounds; round++) {
    for (const [group, c] of cases.entries()) {
      if (c.heldOut) continue;
      const industry = feedbackIndustry(c.need, c.prepared.inference);
      const multipliers = fusionOf(c).multipliers;
      for (const m of ranked(c, IMPLICIT_RANKS.from)) {
        const key = `${c.id}:${m.profile.id}`;
        if (decisions.has(key)) continue;
        const approved = (c.judged.get(docIds.get(m.profile.id) ?? '') ?? 0) > 0;
        decisions.set(key, { group, components: scaled(m.components, multipliers), approved, resourceId: m.profile.id, industry });
      }
    }
    implicit = cases.flatMap((c, group) => {
      if (c.heldOut) return [];
      const multipliers = fusionOf(c).multipliers;
      return ranked(c, IMPLICIT_RANKS.to)
        .slice(IMPLICIT_RANKS.from)
        .filter((m) => !decisions.has(`${c.id}:${m.profile.id}`))
        .map((m) => ({ group, components: scaled(m.components, multipliers), approved: false, implicit: true }));
    });
    const counts = new Map<string, { resourceId: number; industry: string; approved: number; rejected: number }>();
    for (const d of decisions.values()) {
      if (!d.industry) continue;
      const k = `${d.resourceId}:${d.industry}`;
      const e = counts.get(k) ?? { resourceId: d.resourceId, industry: d.industry, approved: 0, rejected: 0 };
      if (d.approved) e.approved++;
      else e.rejected++;
      counts.set(k, e);
    }
    feedback = new FeedbackTable([...counts.values()]);
    const outcome = trainRanker([...decisions.values(), ...implicit], weights);
    if (outcome.accepted) weights = outcome.weights!;
    rounds.push({ round, decisions: decisions.size, ranker: { accepted: outcome.accepted, reason: outcome.reason, ...(outcome.weights ? { weights: outcome.weights } : {}) }, ...measure() });
  }
  return { queries: { reviewed: cases.filter((c) => !c.heldOut).length, heldOut: cases.filter((c) => c.heldOut).length }, docs: set.corpus.length, before, rounds };
}
