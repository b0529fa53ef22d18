import type { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import * as enterprises from '../../services/enterprises.js';
import { crudRoutes } from './crud.js';

export function enterpriseRoutes(ctx: ServiceContext): Router {
  return crudRoutes({
    list: (a) => enterprises.listEnterprises({ ctx, ...a }),
    create: (a) => enterprises.createEnterprise({ ctx, ...a }),
    get: (a) => enterprises.getEnterprise({ ctx, ...a }),
    update: (a) => enterprises.updateEnterprise({ ctx, ...a }),
    remove: (a) => enterprises.deleteEnterprise({ ctx, ...a }),
  });
}
