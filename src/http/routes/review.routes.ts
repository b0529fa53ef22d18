import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { performance, performanceCsv } from '../../services/performance.js';
import { decide, decideForNeed, listReviewQueue, reviewStats, reviewVocabulary, showNeedReview, showPairing } from '../../services/review.js';
import { actorOf } from '../auth.js';
import { idParam } from '../params.js';

/** /v1/review: the operators' queue of suggested pairings and their decisions. */
export function reviewRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/pairings', async (req, res) => {
    res.json(await listReviewQueue({ ctx, actor: actorOf(res), input: req.query }));
  });
  r.get('/pairings/:id', async (req, res) => {
    res.json(await showPairing({ ctx, actor: actorOf(res), id: idParam(req) }));
  });
  r.post('/pairings/:id/decisions', async (req, res) => {
    res.json(await decide({ ctx, actor: actorOf(res), id: idParam(req), input: req.body }));
  });
  r.get('/needs/:id', async (req, res) => {
    res.json(await showNeedReview({ ctx, actor: actorOf(res), id: idParam(req) }));
  });
  r.post('/needs/:id/decisions', async (req, res) => {
    res.json(await decideForNeed({ ctx, actor: actorOf(res), id: idParam(req), input: req.body }));
  });
  r.get('/stats', async (req, res) => {
    res.json(await reviewStats({ ctx, actor: actorOf(res), input: req.query }));
  });
  r.get('/performance', async (req, res) => {
    res.json(await performance({ ctx, actor: actorOf(res), input: req.query }));
  });
  r.get('/performance.csv', async (req, res) => {
    const csv = await performanceCsv({ ctx, actor: actorOf(res), input: req.query });
    res.type('text/csv; charset=utf-8').attachment('performance.csv').send(csv);
  });
  r.get('/vocabulary', (_req, res) => {
    res.json(reviewVocabulary());
  });
  return r;
}
