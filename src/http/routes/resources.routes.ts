import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { listOpportunities } from '../../services/outreach.js';
import * as resources from '../../services/resources.js';
import { actorOf, requireRole } from '../auth.js';
import { idParam } from '../params.js';
import { crudRoutes } from './crud.js';

/** /v1/resources: registration, and (for operators: it shows every portal's needs) a resource's opportunities. */
export function resourceRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/:id/opportunities', requireRole('operator'), async (req, res) => {
    res.json(await listOpportunities({ ctx, actor: actorOf(res), id: idParam(req), input: req.query }));
  });
  return crudRoutes(
    {
      list: (a) => resources.listResources({ ctx, ...a }),
      create: (a) => resources.createResource({ ctx, ...a }),
      get: (a) => resources.getResource({ ctx, ...a }),
      update: (a) => resources.updateResource({ ctx, ...a }),
      remove: (a) => resources.deleteResource({ ctx, ...a }),
    },
    r,
  );
}
