// npm run train-ranker: fits the ranking weights to operators' decisions so far, checks them against the weights
// in use on held-out decisions, and stores the version with its verdict (the weekly job does the same). Opens
// the database only; with the embedded database stop the server first, or use POST /v1/admin/rankers.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { lockDataDir } from '../src/db/data-dir-lock.js';
import { SYSTEM } from '../src/auth/actor.js';
import { createLogger } from '../src/log.js';
import { trainRanker } from '../src/services/rankers.js';
import { RankingState } from '../src/services/ranking-state.js';
import { exitWith } from './cli.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  const database = await openDatabase(config);
  try {
    const ranker = await trainRanker({ ctx: { db: database.db, ranking: new RankingState(database.db, createLogger(config.logLevel)) }, actor: SYSTEM });
    console.error(`[train-ranker] ranker ${ranker.id}: ${ranker.status} — ${ranker.reason}`);
    console.log(JSON.stringify({ id: ranker.id, status: ranker.status, weights: ranker.weights, metrics: ranker.metrics }));
  } finally {
    await database.close();
    unlock();
  }
}

main().catch((err: unknown) => exitWith('train-ranker', err));
