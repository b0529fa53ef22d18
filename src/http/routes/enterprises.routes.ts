import { Router } from 'express';
import { z } from 'zod';
import { INDUSTRIES, REGION_CODES } from '../../domain/taxonomy.js';
import * as enterprises from '../../services/enterprises.js';
import type { ServiceContext } from '../../services/context.js';
import { idParam, pageQuery, query } from '../params.js';

const listQuery = z.strictObject({ ...pageQuery, region: z.enum(REGION_CODES).optional(), industry: z.enum(INDUSTRIES).optional(), q: z.string().max(100).optional() });

export function enterpriseRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { page, pageSize, ...filter } = query(listQuery, req);
    res.json(await enterprises.listEnterprises(ctx.db, filter, { page, pageSize }));
  });
  r.post('/', async (req, res) => {
    res.status(201).json(await enterprises.createEnterprise({ ctx, input: req.body }));
  });
  r.get('/:id', async (req, res) => {
    res.json(await enterprises.getEnterprise({ ctx, id: idParam(req) }));
  });
  r.patch('/:id', async (req, res) => {
    res.json(await enterprises.updateEnterprise({ ctx, id: idParam(req), input: req.body }));
  });
  r.delete('/:id', async (req, res) => {
    await enterprises.deleteEnterprise({ ctx, id: idParam(req) });
    res.status(204).end();
  });
  return r;
}
