// The five registration routes every record type has: list (paged, filtered), create, get, patch, delete.
import { Router } from 'express';
import type { z } from 'zod';
import type { Page, PageRequest } from '../../repositories/paging.js';
import { idParam, query } from '../params.js';

export interface CrudUseCases<F> {
  /** Page fields plus the type's filters. */
  listQuery: z.ZodType<F & PageRequest>;
  list(filter: F, page: PageRequest): Promise<Page<unknown>>;
  create(input: unknown): Promise<unknown>;
  get(id: number): Promise<unknown>;
  update(id: number, input: unknown): Promise<unknown>;
  remove(id: number): Promise<void>;
}

export function crudRoutes<F>(uc: CrudUseCases<F>, router: Router = Router()): Router {
  router.get('/', async (req, res) => {
    const { page, pageSize, ...filter } = query(uc.listQuery, req);
    res.json(await uc.list(filter as unknown as F, { page, pageSize }));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await uc.create(req.body));
  });
  router.get('/:id', async (req, res) => {
    res.json(await uc.get(idParam(req)));
  });
  router.patch('/:id', async (req, res) => {
    res.json(await uc.update(idParam(req), req.body));
  });
  router.delete('/:id', async (req, res) => {
    await uc.remove(idParam(req));
    res.status(204).end();
  });
  return router;
}
