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
    list: (a) => enterprises.listEnterprises({ ctx, ...a }),
    create: (a) => enterprises.createEnterprise({ ctx, ...a }),
    get: (a) => enterprises.getEnterprise({ ctx, ...a }),
    update: (a) => enterprises.updateEnterprise({ ctx, ...a }),
    remove: (a) => enterprises.deleteEnterprise({ ctx, ...a }),
  });
}
