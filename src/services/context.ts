import type { z } from 'zod';
import type { Db } from '../db/client.js';
import { validationError } from '../errors.js';
import type { IndexJob, Progress } from '../jobs/embed-and-index.js';

/** Announces committed changes so the indexes follow; in-process now, through a queue when one is configured. */
export interface Indexer {
  changed(job: IndexJob, onProgress?: Progress): Promise<void>;
}

export interface ServiceContext {
  db: Db;
  indexer: Indexer;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, prefix);
  return result.data;
}

/** null columns become absent fields, so a stored row can be merged with a patch and parsed again. */
export function withoutNulls<T extends object>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) as { [K in keyof T]: Exclude<T[K], null> };
}
