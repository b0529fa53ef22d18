import type { z } from 'zod';
import type { Db, Tx } from '../db/client.js';
import { DELETED_KEY, needIndexKey, resourceIndexKey } from '../jobs/index-key.js';
import { recordChanges } from '../repositories/outbox.repository.js';
import { rowToResource } from '../retrieval/documents.js';
import { validationError } from '../errors.js';
import type { IndexJob, Progress } from '../jobs/embed-and-index.js';

/**
 * Told after a commit that entities changed (their outbox records are already written in that transaction).
 * In-process it embeds and indexes before returning; with a queue it only wakes the dispatcher.
 */
export interface Indexer {
  changed(job: IndexJob, onProgress?: Progress): Promise<void>;
}

/** Writes the outbox records of changed resources inside the caller's transaction. */
export async function recordResourceChanges(tx: Tx, rows: Array<Parameters<typeof rowToResource>[0]>, deletedIds: number[] = []): Promise<void> {
  await recordChanges(tx, [
    ...rows.map((row) => ({ entity: 'resource' as const, entityId: row.id, indexKey: resourceIndexKey(rowToResource(row)) })),
    ...deletedIds.map((id) => ({ entity: 'resource' as const, entityId: id, indexKey: DELETED_KEY })),
  ]);
}

export async function recordNeedChanges(tx: Tx, rows: Array<{ id: number; title: string; description: string }>): Promise<void> {
  await recordChanges(tx, rows.map((row) => ({ entity: 'need' as const, entityId: row.id, indexKey: needIndexKey(row) })));
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
