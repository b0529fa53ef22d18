// Path and query-string parsing shared by the routes; failures are field-level 400s.
import type { Request } from 'express';
import { z } from 'zod';
import { parse } from '../services/context.js';

const id = z.string().regex(/^\d{1,9}$/, 'must be a positive integer').transform(Number);

export function idParam(req: Request): number {
  return parse(z.object({ id }), req.params).id;
}

export const pageQuery = {
  page: z.coerce.number().int().min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
};

export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export function query<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return parse(schema, req.query, 'query');
}
