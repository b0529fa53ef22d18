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
    list: (a) => resources.listResources({ ctx, ...a }),
    create: (a) => resources.createResource({ ctx, ...a }),
    get: (a) => resources.getResource({ ctx, ...a }),
    update: (a) => resources.updateResource({ ctx, ...a }),
    remove: (a) => resources.deleteResource({ ctx, ...a }),
  });
}
