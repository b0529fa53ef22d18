import type { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import * as resources from '../../services/resources.js';
import { crudRoutes } from './crud.js';

export function resourceRoutes(ctx: ServiceContext): Router {
  return crudRoutes({
    list: (a) => resources.listResources({ ctx, ...a }),
    create: (a) => resources.createResource({ ctx, ...a }),
    get: (a) => resources.getResource({ ctx, ...a }),
    update: (a) => resources.updateResource({ ctx, ...a }),
    remove: (a) => resources.deleteResource({ ctx, ...a }),
  });
}
