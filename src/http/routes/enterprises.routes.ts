import type { Router } from 'express';
import { z } from 'zod';
import { INDUSTRIES, REGION_CODES } from '../../domain/taxonomy.js';
import type { ServiceContext } from '../../services/context.js';
import * as enterprises from '../../services/enterprises.js';
import { pageQuery } from '../params.js';
import { crudRoutes } from './crud.js';

const listQuery = z.strictObject({ ...pageQuery, region: z.enum(REGION_CODES).optional(), industry: z.enum(INDUSTRIES).optional(), q: z.string().max(100).optional() });

export function enterpriseRoutes(ctx: ServiceContext): Router {
  return crudRoutes({
    listQuery,
    list: (filter, page) => enterprises.listEnterprises(ctx.db, filter, page),
    create: (input) => enterprises.createEnterprise({ ctx, input }),
    get: (id) => enterprises.getEnterprise({ ctx, id }),
    update: (id, input) => enterprises.updateEnterprise({ ctx, id, input }),
    remove: (id) => enterprises.deleteEnterprise({ ctx, id }),
  });
}
