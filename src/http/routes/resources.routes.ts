import type { Router } from 'express';
import { z } from 'zod';
import { AVAILABILITIES, CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS } from '../../domain/taxonomy.js';
import type { ServiceContext } from '../../services/context.js';
import * as resources from '../../services/resources.js';
import { boolQuery, pageQuery } from '../params.js';
import { crudRoutes } from './crud.js';

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
  return crudRoutes({
    listQuery,
    list: (filter, page) => resources.listResources(ctx.db, filter, page),
    create: (input) => resources.createResource({ ctx, input }),
    get: (id) => resources.getResource({ ctx, id }),
    update: (id, input) => resources.updateResource({ ctx, id, input }),
    remove: (id) => resources.deleteResource({ ctx, id }),
  });
}
