// npm run train-ranker: fits the ranking weights to operators' decisions so far (with the decided needs'
// lower-ranked candidates as weaker negatives), checks them against the weights in use on held-out decisions, and
// stores the version with its verdict (the weekly job does the same). With the embedded database stop the server
// first, or use POST /v1/admin/rankers.
import { SYSTEM } from '../src/auth/actor.js';
import { trainRanker } from '../src/services/rankers.js';
import { exitWith, withEngine } from './cli.js';

withEngine(async (engine) => {
  const ranker = await trainRanker({ ctx: engine.ctx, actor: SYSTEM });
  console.error(`[train-ranker] ranker ${ranker.id}: ${ranker.status} — ${ranker.reason}`);
  console.log(JSON.stringify({ id: ranker.id, status: ranker.status, weights: ranker.weights, metrics: ranker.metrics }));
}).catch((err: unknown) => exitWith('train-ranker', err));
