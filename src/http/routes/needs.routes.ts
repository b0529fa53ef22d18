import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { matchStoredNeed } from '../../services/match-need.js';
import * as needs from '../../services/needs.js';
import { saveSuggestions } from '../../services/suggestions.js';
import { actorOf } from '../auth.js';
import { idParam } from '../params.js';
import { crudRoutes } from './crud.js';
import { sendMatch } from './match.routes.js';

export function needRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/:id/matches', async (req, res) => {
    sendMatch(res, await matchStoredNeed({ ctx, actor: actorOf(res), id: idParam(req), input: req.query }));
  });
  /** Saves the need's best matches as suggestions for the operators' review queue. */
  r.post('/:id/suggestions', async (req, res) => {
    res.status(201).json(await saveSuggestions({ ctx, actor: actorOf(res), id: idParam(req), input: req.body }));
  });
  return crudRoutes(
    {
      list: (a) => needs.listNeeds({ ctx, ...a }),
      create: (a) => needs.createNeed({ ctx, ...a }),
      get: (a) => needs.getNeed({ ctx, ...a }),
      update: (a) => needs.updateNeed({ ctx, ...a }),
      remove: (a) => needs.deleteNeed({ ctx, ...a }),
    },
    r,
  );
}
