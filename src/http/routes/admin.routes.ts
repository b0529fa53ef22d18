import { Router } from 'express';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api-keys.js';
import { listBatchRuns, showBatchRun, startBatchRun } from '../../services/batch-runs.js';
import type { ServiceContext } from '../../services/context.js';
import { rankerHistory, trainRanker } from '../../services/rankers.js';
import { listComplexes, updateComplex } from '../../services/outreach.js';
import { listJobs } from '../../services/system.js';
import { actorOf } from '../auth.js';
import { complexParam, idParam } from '../params.js';

/** /v1/admin: jobs, batch runs, rankers, API keys, the complexes' settings. */
export function adminRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/jobs', async (_req, res) => {
    res.json(await listJobs({ ctx, actor: actorOf(res) }));
  });

  /** Starts a batch run now (202: it runs in the background; 409 while another one is queued or running). */
  r.post('/batch-runs', async (req, res) => {
    const run = await startBatchRun({ ctx, actor: actorOf(res), input: req.body });
    res.status(202).location(`${req.baseUrl}/batch-runs/${run.id}`).json(run);
  });
  r.get('/batch-runs', async (req, res) => {
    res.json(await listBatchRuns({ ctx, actor: actorOf(res), input: req.query }));
  });
  r.get('/batch-runs/:id', async (req, res) => {
    res.json(await showBatchRun({ ctx, actor: actorOf(res), id: idParam(req) }));
  });

  r.get('/rankers', async (_req, res) => {
    res.json(await rankerHistory({ ctx, actor: actorOf(res) }));
  });
  r.post('/rankers', async (_req, res) => {
    res.status(201).json(await trainRanker({ ctx, actor: actorOf(res) }));
  });

  r.get('/complexes', async (_req, res) => {
    res.json({ items: await listComplexes({ ctx, actor: actorOf(res) }) });
  });
  r.put('/complexes/:code', async (req, res) => {
    res.json(await updateComplex({ ctx, actor: actorOf(res), code: complexParam(req), input: req.body }));
  });

  /** A new key is in the answer once and never again. */
  r.post('/keys', async (req, res) => {
    res.status(201).json(await createApiKey({ ctx, actor: actorOf(res), input: req.body }));
  });
  r.get('/keys', async (_req, res) => {
    res.json(await listApiKeys({ ctx, actor: actorOf(res) }));
  });
  r.delete('/keys/:id', async (req, res) => {
    await revokeApiKey({ ctx, actor: actorOf(res), id: idParam(req) });
    res.status(204).end();
  });
  return r;
}
