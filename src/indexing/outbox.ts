// The write side of indexing. A use case writes its rows and, in the same transaction, their outbox records
// (what the indexes must follow); after the commit it tells the Indexer, which either indexes at once (in-process)
// or wakes the dispatcher that moves the records into queue jobs (queue mode). A crash between commit and
// indexing loses nothing: the records stay until the work is done.
import type { Tx } from '../db/client.js';
import { recordChanges } from '../repositories/outbox.repository.js';
import { rowToResource } from '../retrieval/documents.js';
import { DELETED_KEY, needIndexKey, resourceIndexKey } from './index-key.js';

export interface IndexJob {
  entity: 'resource' | 'need';
  ids: number[];
}

export type Progress = (done: number, total: number) => void;

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
