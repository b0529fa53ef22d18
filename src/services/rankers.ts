// Training the ranker (npm run train-ranker, the weekly job, POST /v1/admin/rankers): fit the weights to every
// decision so far, check them against the weights in use on held-out decisions, and store the version with its
// verdict. The engine picks up a new active version within RankingState's refresh.
import type { Db } from '../db/client.js';
import { trainRanker, type TrainingOutcome } from '../learn/train-ranker.js';
import { complete, DEFAULT_WEIGHTS } from '../domain/score-components.js';
import { decidedPairingComponents, insertRanker, listRankers, newestActiveRanker, type RankerRow } from '../repositories/ranker.repository.js';

export async function trainAndStoreRanker(db: Db): Promise<{ ranker: RankerRow; outcome: TrainingOutcome }> {
  const active = await newestActiveRanker(db);
  const inUse = active ? complete(active.weights, DEFAULT_WEIGHTS) : DEFAULT_WEIGHTS;
  const decided = await decidedPairingComponents(db);
  const outcome = trainRanker(
    decided.map((d) => ({ group: d.needId, components: d.components, approved: d.status !== 'rejected' })),
    inUse,
  );
  const ranker = await insertRanker(db, {
    status: outcome.accepted ? 'active' : 'rejected',
    weights: outcome.weights ?? inUse,
    metrics: { ...outcome.metrics, comparedWith: active ? `ranker ${active.id}` : 'hand-set weights' },
    reason: outcome.reason,
  });
  return { ranker, outcome };
}

export async function rankerHistory(db: Db, limit = 20): Promise<RankerRow[]> {
  return listRankers(db, limit);
}
