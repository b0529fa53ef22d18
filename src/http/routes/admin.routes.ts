import { Router } from 'express';
import type { Engine } from '../../engine.js';

export function adminRoutes(engine: Engine): Router {
  const r = Router();
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
  return r;
}
