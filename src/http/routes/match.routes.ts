import { Router, type Response } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { matchNeed, type MatchResponse } from '../../services/match-need.js';
import { actorOf } from '../auth.js';
import { recordMatchTimings } from '../metrics.js';

/** The answer with its stage timings as Server-Timing (and for the metrics). */
export function sendMatch(res: Response, result: MatchResponse): void {
  const t = result.timings;
  res.set('Server-Timing', `embed;dur=${t.embed.toFixed(1)}, retrieve;dur=${t.retrieve.toFixed(1)}, rank;dur=${t.rank.toFixed(1)}`);
  recordMatchTimings(res, t);
  const { timings: _t, ...body } = result;
  res.json(body);
}

export function matchRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.post('/', async (req, res) => {
    sendMatch(res, await matchNeed({ ctx, actor: actorOf(res), input: req.body }));
  });
  return r;
}
