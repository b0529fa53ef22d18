import { Router } from 'express';
import { z } from 'zod';
import type { Engine } from '../../engine.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.js';
import { listBatchRuns, showBatchRun, startBatchRun } from '../../services/batch-runs.js';
import { rankerHistory, trainAndStoreRanker } from '../../services/rankers.js';
import { idParam, query } from '../params.js';

export function adminRoutes(engine: Engine): Router {
  const r = Router();
  const db = engine.ctx.db;
  /** Queue state and failed jobs with their reasons; in-process mode has no queue (failures are logged). */
  r.get('/jobs', async (_req, res) => {
    const health = await engine.health();
    res.json({
      mode: health.mode,
      outbox: health.outbox,
      queue: health.pipeline?.queue ?? null,
      failed: engine.pipeline ? await engine.pipeline.failedJobs() : [],
    });
  });

  /** Starts a batch run now (202: it runs in the background; 409 while another one is queued or running). */
  r.post('/batch-runs', async (req, res) => {
    const run = await startBatchRun({ batches: engine.batches, defaults: engine.batchOptions }, req.body);
    res.status(202).location(`${req.baseUrl}/batch-runs/${run.id}`).json(run);
  });
  r.get('/batch-runs', async (req, res) => {
    const { limit } = query(z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }), req);
    res.json(await listBatchRuns(db, limit));
  });
  r.get('/batch-runs/:id', async (req, res) => {
    res.json(await showBatchRun(db, idParam(req)));
  });

  /** Ranker versions with their checks; POST trains one now from every decision so far. */
  r.get('/rankers', async (_req, res) => {
    res.json({ inUse: engine.ranking.rankerId, weights: engine.ranking.weights, items: await rankerHistory(db) });
  });
  r.post('/rankers', async (_req, res) => {
    const { ranker, outcome } = await trainAndStoreRanker(db);
    await engine.ranking.refresh();
    res.status(201).json({ ...ranker, accepted: outcome.accepted });
  });

  /** API keys: a new key is in the answer once and never again. */
  r.post('/keys', async (req, res) => {
    res.status(201).json(await createApiKey({ db, input: req.body }));
  });
  r.get('/keys', async (_req, res) => {
    res.json({ items: await listApiKeys(db) });
  });
  r.delete('/keys/:id', async (req, res) => {
    await revokeApiKey(db, idParam(req));
    engine.keys.forget();
    res.status(204).end();
  });
  return r;
}
