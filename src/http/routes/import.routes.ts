import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { importNdjson } from '../../services/import.js';
import { actorOf } from '../auth.js';

/** POST /v1/import with an NDJSON body (application/x-ndjson or text/plain; read by the app's text parser). */
export function importRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    const { resourceIds: _r, needIds: _n, ...report } = await importNdjson({ ctx, actor: actorOf(res), input: typeof req.body === 'string' ? req.body : '' });
    res.status(201).json(report);
  });
  return r;
}
