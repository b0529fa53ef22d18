import { Router } from 'express';
import { z } from 'zod';
import { AVAILABILITIES, CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS } from '../../domain/taxonomy.js';
import type { ServiceContext } from '../../services/context.js';
import * as resources from '../../services/resources.js';
import { boolQuery, idParam, pageQuery, query } from '../params.js';

const listQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(RESOURCE_KINDS).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  voucherEligible: boolQuery.optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  q: z.string().max(100).optional(),
});

export function resourceRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { page, pageSize, ...filter } = query(listQuery, req);
    res.json(await resources.listResources(ctx.db, filter, { page, pageSize }));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await resources.createResource({ ctx, input: req.body }));
  });
  r.get('/:id', async (req, res) => {
    res.json(await resources.getResource({ ctx, id: idParam(req) }));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await resources.updateResource({ ctx, id: idParam(req), input: req.body }));
  });
  r.delete('/:id', async (req, res) => {
    await resources.deleteResource({ ctx, id: idParam(req) });
    res.status(204).end();
  });
  return r;
}
