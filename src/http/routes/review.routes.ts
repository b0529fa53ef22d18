import { Router } from 'express';
import { z } from 'zod';
import { INDUSTRIES, PAIRING_STATUSES, REGION_CODES, RESOURCE_KINDS } from '../../domain/taxonomy.js';
import type { ServiceContext } from '../../services/context.js';
import { decide, listReviewQueue, reviewStats, reviewVocabulary, showPairing } from '../../services/review.js';
import { actorOf } from '../auth.js';
import { idParam, pageQuery, query } from '../params.js';

const queueQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(PAIRING_STATUSES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  kind: z.enum(RESOURCE_KINDS).optional(),
  batchRunId: z.coerce.number().int().positive().optional(),
  complex: z.enum(INDUSTRIES).optional(),
});

/** /v1/review: the operators' queue of suggested pairings and their decisions. */
export function reviewRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/pairings', async (req, res) => {
    const { page, pageSize, ...filter } = query(queueQuery, req);
    res.json(await listReviewQueue({ ctx, filter, page: { page, pageSize } }));
  });
  r.get('/pairings/:id', async (req, res) => {
    res.json(await showPairing({ ctx, id: idParam(req) }));
  });
  r.post('/pairings/:id/decisions', async (req, res) => {
    res.json(await decide({ ctx, actor: actorOf(res), id: idParam(req), input: req.body }));
  });
  r.get('/stats', async (req, res) => {
    const { days } = query(z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) }), req);
    res.json(await reviewStats({ ctx, days }));
  });
  r.get('/vocabulary', (_req, res) => {
    res.json(reviewVocabulary());
  });
  return r;
}
