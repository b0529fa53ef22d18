import { Router } from 'express';
import type { ServiceContext } from '../../services/context.js';
import { listConcepts, putConcept, retireConcept, showLexicon } from '../../services/lexicon.js';
import { actorOf } from '../auth.js';
import { keyParam } from '../params.js';

/** /v1/lexicon: the concept lexicon, for operators. */
export function lexiconRoutes(ctx: ServiceContext): Router {
  const r = Router();
  r.get('/', async (_req, res) => {
    res.json(await showLexicon({ ctx, actor: actorOf(res) }));
  });
  r.get('/concepts', async (req, res) => {
    res.json(await listConcepts({ ctx, actor: actorOf(res), input: req.query }));
  });
  r.put('/concepts/:key', async (req, res) => {
    res.json(await putConcept({ ctx, actor: actorOf(res), id: keyParam(req), input: req.body }));
  });
  r.delete('/concepts/:key', async (req, res) => {
    res.json(await retireConcept({ ctx, actor: actorOf(res), id: keyParam(req), input: req.body }));
  });
  return r;
}
