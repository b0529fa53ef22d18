// The five registration routes every record type has: list (paged, filtered), create, get, patch, delete; each
// use case gets the request's actor (what a portal may see is decided there) and parses its own input.
import { Router } from 'express';
import type { Actor } from '../../auth/actor.js';
import type { Page } from '../../repositories/paging.js';
import { actorOf } from '../auth.js';
import { idParam } from '../params.js';

export interface CrudUseCases {
  list(a: { actor: Actor; input: unknown }): Promise<Page<unknown>>;
  /** `created` false: an external id the portal already used, so that record was updated (a retried sync). */
  create(a: { actor: Actor; input: unknown }): Promise<{ record: unknown; created: boolean }>;
  get(a: { actor: Actor; id: number }): Promise<unknown>;
  update(a: { actor: Actor; id: number; input: unknown }): Promise<unknown>;
  remove(a: { actor: Actor; id: number }): Promise<void>;
}

export function crudRoutes(uc: CrudUseCases, router: Router = Router()): Router {
  router.get('/', async (req, res) => {
    res.json(await uc.list({ actor: actorOf(res), input: req.query }));
  });
  router.post('/', async (req, res) => {
    const { record, created } = await uc.create({ actor: actorOf(res), input: req.body });
    res.status(created ? 201 : 200).json(record);
  });
  router.get('/:id', async (req, res) => {
    res.json(await uc.get({ actor: actorOf(res), id: idParam(req) }));
  });
  router.patch('/:id', async (req, res) => {
    res.json(await uc.update({ actor: actorOf(res), id: idParam(req), input: req.body }));
  });
  router.delete('/:id', async (req, res) => {
    await uc.remove({ actor: actorOf(res), id: idParam(req) });
    res.status(204).end();
  });
  return router;
}
