import { Router } from 'express';
import { z } from 'zod';
import { CATEGORIES, INDUSTRIES, NEED_STATUSES, REGION_CODES } from '../../domain/taxonomy.js';
import type { MatchService } from '../../match/match.service.js';
import type { ServiceContext } from '../../services/context.js';
import { matchNeed } from '../../services/match-need.js';
import * as needs from '../../services/needs.js';
import { saveSuggestions } from '../../services/suggestions.js';
import { actorOf } from '../auth.js';
import { idParam, pageQuery, query } from '../params.js';
import { crudRoutes } from './crud.js';
import { sendMatch } from './match.routes.js';

const listQuery = z.strictObject({
  ...pageQuery,
  enterpriseId: z.coerce.number().int().positive().optional(),
  status: z.enum(NEED_STATUSES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  q: z.string().max(100).optional(),
});
const matchQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(10) });

export function needRoutes(ctx: ServiceContext, matcher: MatchService): Router {
  const r = Router();
  r.get('/:id/matches', async (req, res) => {
    const { limit } = query(matchQuery, req);
    sendMatch(res, await matchNeed({ ctx, matcher, actor: actorOf(res), input: { needId: idParam(req), limit } }));
  });
  /** Saves the need's best matches as suggestions for the operators' review queue. */
  r.post('/:id/suggestions', async (req, res) => {
    res.status(201).json(await saveSuggestions({ ctx, matcher, actor: actorOf(res), needId: idParam(req), input: req.body }));
  });
  return crudRoutes(
    {
      listQuery,
      list: (a) => needs.listNeeds({ ctx, ...a }),
      create: (a) => needs.createNeed({ ctx, ...a }),
      get: (a) => needs.getNeed({ ctx, ...a }),
      update: (a) => needs.updateNeed({ ctx, ...a }),
      remove: (a) => needs.deleteNeed({ ctx, ...a }),
    },
    r,
  );
}
