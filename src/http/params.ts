// Path parameters: a record's id in the path is a positive integer, a concept's key is a key, a complex is named by
// its industry's code, or a field-level 400.
import type { Request } from 'express';
import { z } from 'zod';
import { conceptInput } from '../domain/concept.js';
import { INDUSTRIES, type Industry } from '../domain/taxonomy.js';
import { parse } from '../services/context.js';

const id = z.string().regex(/^\d{1,9}$/, 'must be a positive integer').transform(Number);

export function idParam(req: Request): number {
  return parse(z.object({ id }), req.params).id;
}

export function keyParam(req: Request): string {
  return parse(z.object({ key: conceptInput.shape.key }), req.params).key;
}

export function complexParam(req: Request): Industry {
  return parse(z.object({ code: z.enum(INDUSTRIES) }), req.params).code;
}
