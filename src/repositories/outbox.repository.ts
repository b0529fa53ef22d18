import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { outbox } from '../db/schema.js';
import { chunks } from './owner.js';

export type OutboxEntity = 'resource' | 'need';

export interface OutboxRecord {
  id: number;
  entity: OutboxEntity;
  entityId: number;
  indexKey: string;
  bulk: boolean;
}

const RECORD = { id: outbox.id, entity: outbox.entity, entityId: outbox.entityId, indexKey: outbox.indexKey, bulk: outbox.bulk };

export async function recordChanges(tx: Tx, changes: Array<Omit<OutboxRecord, 'id' | 'bulk'> & { bulk?: boolean }>): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) await tx.insert(outbox).values(changes.slice(i, i + 1000));
}

/** Of these entities, those with a record whose work is not done yet (pending, or sent and not processed). */
export async function inFlight(tx: Tx, entity: OutboxEntity, entityIds: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (const part of chunks(entityIds, 10_000)) {
    const rows = await tx
      .selectDistinct({ id: outbox.entityId })
      .from(outbox)
      .where(and(eq(outbox.entity, entity), inArray(outbox.entityId, part), isNull(outbox.processedAt)));
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** Undispatched records, locked for this transaction; other dispatchers skip them rather than wait. */
export async function claimPending(tx: Tx, limit: number): Promise<OutboxRecord[]> {
  const rows = await tx
    .select(RECORD)
    .from(outbox)
    .where(isNull(outbox.dispatchedAt))
    .orderBy(outbox.id)
    .limit(limit)
    .for('update', { skipLocked: true });
  return rows as OutboxRecord[];
}

export async function markDispatched(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length > 0) await tx.update(outbox).set({ dispatchedAt: sql`now()` }).where(inArray(outbox.id, ids));
}

/** Removes the records of entities whose indexing is done (in-process mode), up to the given record id. */
export async function clearDone(tx: Tx, entity: OutboxEntity, entityIds: number[], upToId: number): Promise<void> {
  for (const part of chunks(entityIds, 10_000)) await tx.delete(outbox).where(and(eq(outbox.entity, entity), inArray(outbox.entityId, part), sql`${outbox.id} <= ${upToId}`));
}

/** Processed records are kept a day for inspection, then pruned. */
export async function pruneProcessed(tx: Tx): Promise<void> {
  await tx.delete(outbox).where(sql`${outbox.processedAt} < now() - interval '1 day'`);
}

export async function pendingCount(tx: Tx): Promise<{ count: number; oldestSeconds: number }> {
  const [row] = await tx
    .select({ n: count(), oldest: sql<number | null>`extract(epoch from now() - min(${outbox.createdAt}))::float8` })
    .from(outbox)
    .where(isNull(outbox.dispatchedAt));
  return { count: row!.n, oldestSeconds: Number(row!.oldest ?? 0) };
}

export async function allPending(tx: Tx): Promise<OutboxRecord[]> {
  const rows = await tx.select(RECORD).from(outbox).where(isNull(outbox.dispatchedAt)).orderBy(outbox.id);
  return rows as OutboxRecord[];
}

/**
 * The worker indexed an entity in the state with this key: every record of it with that key is done. By key, not
 * by "dispatched": a job may finish before the dispatcher's transaction that sent it commits.
 */
export async function markProcessed(tx: Tx, entity: OutboxEntity, entityId: number, indexKey: string): Promise<void> {
  await tx
    .update(outbox)
    .set({ processedAt: sql`now()` })
    .where(and(eq(outbox.entity, entity), eq(outbox.entityId, entityId), eq(outbox.indexKey, indexKey), isNull(outbox.processedAt)));
}

/**
 * Records dispatched a while ago whose job never finished (Redis lost its data, say) go back to pending. A job
 * still waiting in the queue has the same id, so sending it again is harmless.
 */
export async function requeueUnprocessed(tx: Tx, olderThanSeconds: number): Promise<number> {
  const rows = await tx
    .update(outbox)
    .set({ dispatchedAt: null })
    .where(and(isNull(outbox.processedAt), sql`${outbox.dispatchedAt} < now() - make_interval(secs => ${olderThanSeconds})`))
    .returning({ id: outbox.id });
  return rows.length;
}

export async function maxOutboxId(tx: Tx): Promise<number> {
  const [row] = await tx.select({ max: sql<number | null>`max(${outbox.id})` }).from(outbox);
  return Number(row?.max ?? 0);
}
