// The write side of indexing. A use case writes its rows and, in the same transaction, their outbox records
// (what the indexes must follow); after the commit it tells the Indexer, which either indexes at once (in-process)
// or wakes the dispatcher that moves the records into queue jobs (queue mode). A crash between commit and
// indexing loses nothing: the records stay until the work is done.
import type { Db, Tx } from '../db/client.js';
import { inFlight, recordChanges } from '../repositories/outbox.repository.js';
import { getResources } from '../repositories/resource.repository.js';
import { rowToResource } from '../retrieval/documents.js';
import { DELETED_KEY, needIndexKey, resourceIndexKey } from './index-key.js';

export interface IndexJob {
  entity: 'resource' | 'need';
  ids: number[];
  /** Written by an import (absent: more than BULK_RECORDS ids are bulk). */
  bulk?: boolean | undefined;
}

export type Progress = (done: number, total: number) => void;

/**
 * Told after a commit that entities changed (their outbox records are already written in that transaction).
 * In-process it embeds and indexes before returning; with a queue it only wakes the dispatcher.
 */
export interface Indexer {
  changed(job: IndexJob, onProgress?: Progress): Promise<void>;
}

/**
 * A write of more records than this is bulk (an import): in queue mode its jobs wait behind those of single
 * registrations, so that one registration is matchable within a second even while thousands are being embedded.
 */
export const BULK_RECORDS = 16;

/** Writes the outbox records of changed resources inside the caller's transaction. */
export async function recordResourceChanges(tx: Tx, rows: Array<Parameters<typeof rowToResource>[0]>, deletedIds: number[] = [], bulk = false): Promise<void> {
  await recordChanges(tx, [
    ...rows.map((row) => ({ entity: 'resource' as const, entityId: row.id, indexKey: resourceIndexKey(rowToResource(row)), bulk })),
    ...deletedIds.map((id) => ({ entity: 'resource' as const, entityId: id, indexKey: DELETED_KEY, bulk })),
  ]);
}

export async function recordNeedChanges(tx: Tx, rows: Array<{ id: number; title: string; description: string }>, bulk = false): Promise<void> {
  await recordChanges(tx, rows.map((row) => ({ entity: 'need' as const, entityId: row.id, indexKey: needIndexKey(row), bulk })));
}

/** Needs deleted or retired: nothing to embed, but every process must stop matching them by id. */
export async function recordNeedRemovals(tx: Tx, ids: readonly number[]): Promise<void> {
  await recordChanges(tx, ids.map((id) => ({ entity: 'need' as const, entityId: id, indexKey: DELETED_KEY, bulk: ids.length > BULK_RECORDS })));
}

/**
 * Queue mode, at an API process's start: resources without a current vector are the workers' to embed. Those a
 * worker is not already on get a bulk record (it waits behind single registrations); returns how many.
 */
export async function handOverToWorkers(db: Db, ids: number[]): Promise<number> {
  return db.transaction(async (tx) => {
    const busy = await inFlight(tx, 'resource', ids);
    const rows = await getResources(tx, ids.filter((id) => !busy.has(id)));
    await recordResourceChanges(tx, rows, [], true);
    return rows.length;
  });
}
