// Training the ranker (npm run train-ranker, the weekly job, POST /v1/admin/rankers): fit the weights to every
// decision so far, check them against the weights in use on held-out decisions, and store the version with its
// verdict. The process that trained it uses it at once; every other within RankingState's refresh.
import type { Actor } from '../auth/actor.js';
import { complete, DEFAULT_WEIGHTS } from '../domain/score-components.js';
import { trainRanker as fitRanker } from '../learn/train-ranker.js';
import { decidedPairingComponents, insertRanker, listRankers, newestActiveRanker, type RankerRow } from '../repositories/ranker.repository.js';
import type { ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'ranking'>;

export async function trainRanker({ ctx }: { ctx: Ctx; actor: Actor }): Promise<RankerRow & { accepted: boolean }> {
  const { db } = ctx;
  const active = await newestActiveRanker(db);
  const inUse = active ? complete(active.weights, DEFAULT_WEIGHTS) : DEFAULT_WEIGHTS;
  const decided = await decidedPairingComponents(db);
  const outcome = fitRanker(
    decided.map((d) => ({ group: d.needId, components: d.components, approved: d.status !== 'rejected' })),
    inUse,
  );
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
export async function rankerHistory({ ctx }: { ctx: Ctx; actor: Actor }) {
  return { inUse: ctx.ranking.rankerId, weights: ctx.ranking.weights, items: await listRankers(ctx.db, 20) };
}
