// Training the ranker (npm run train-ranker, the weekly job, POST /v1/admin/rankers): fit the weights to every
// decision so far, plus the candidates each decided need ranks below what a list shows as weaker negatives (when
// a match pipeline is at hand), check them against the weights in use on held-out decisions, and store the
// version with its verdict. The process that trained it uses it at once; every other within RankingState's refresh.
import type { Actor } from '../auth/actor.js';
import { complete, DEFAULT_WEIGHTS, scaled } from '../domain/score-components.js';
import { currentNeedVector } from '../indexing/stored-vector.js';
import { IMPLICIT_RANKS, trainRanker as fitRanker, type Decision } from '../learn/train-ranker.js';
import { needQueryOf } from '../match/need-query.js';
import type { MatchPipeline } from '../match/pipeline.js';
import { getNeeds } from '../repositories/need.repository.js';
import { decidedPairingComponents, insertRanker, listRankers, newestActiveRanker, type RankerRow } from '../repositories/ranker.repository.js';
import type { ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'ranking'> & { matcher?: MatchPipeline | undefined };

/** What each decided need now ranks at IMPLICIT_RANKS, apart from what operators decided on. */
async function implicitNegatives(ctx: Ctx & { matcher: MatchPipeline }, decided: ReadonlyArray<{ needId: number; resourceId: number }>): Promise<Decision[]> {
  const seen = new Map<number, Set<number>>();
  for (const d of decided) seen.set(d.needId, (seen.get(d.needId) ?? new Set()).add(d.resourceId));
  const out: Decision[] = [];
  for (const need of await getNeeds(ctx.db, [...seen.keys()])) {
    const vector = await currentNeedVector(ctx.db, need, ctx.matcher.modelId);
    // In score order: a near-duplicate moved down by diversity is not a weaker candidate, only a repeated one.
    const { matches, fusion } = await ctx.matcher.match({ ...needQueryOf(need, {}, IMPLICIT_RANKS.to), diversity: false }, { vector });
    for (const m of matches.slice(IMPLICIT_RANKS.from)) {
      if (!seen.get(need.id)!.has(m.profile.id)) out.push({ group: need.id, components: scaled(m.components, fusion?.multipliers), approved: false, implicit: true });
    }
  }
  return out;
}

export async function trainRanker({ ctx }: { ctx: Ctx; actor: Actor }): Promise<RankerRow & { accepted: boolean }> {
  const { db } = ctx;
  const active = await newestActiveRanker(db);
  const inUse = active ? complete(active.weights, DEFAULT_WEIGHTS) : DEFAULT_WEIGHTS;
  const decided = await decidedPairingComponents(db);
  const decisions: Decision[] = decided.map((d) => ({ group: d.needId, components: scaled(d.components, d.multipliers), approved: d.status !== 'rejected' }));
  const implicit = ctx.matcher ? await implicitNegatives({ ...ctx, matcher: ctx.matcher }, decided) : [];
  const outcome = fitRanker([...decisions, ...implicit], inUse);
  const ranker = await insertRanker(db, {
    status: outcome.accepted ? 'active' : 'rejected',
    weights: outcome.weights ?? inUse,
    metrics: { ...outcome.metrics, comparedWith: active ? `ranker ${active.id}` : 'hand-set weights' },
    reason: outcome.reason,
  });
  await ctx.ranking.refresh();
  return { ...ranker, accepted: outcome.accepted };
}

/** Ranker versions with their checks, newest first, and the weights in use. */
export async function rankerHistory({ ctx }: { ctx: Pick<ServiceContext, 'db' | 'ranking'>; actor: Actor }) {
  return { inUse: ctx.ranking.rankerId, weights: ctx.ranking.weights, items: await listRankers(ctx.db, 20) };
}
