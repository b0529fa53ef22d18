// The indexing queue: one job per changed entity, keyed by entity and index key, retried with backoff; and what a
// worker does with one (the processor, then the outbox record is marked done).
import { Queue, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { markProcessed, type OutboxRecord } from '../repositories/outbox.repository.js';
import { embedAndIndex, type IndexingContext, type IndexOutcome } from './embed-and-index.js';

export const INDEX_QUEUE = 'index';
export const EMBED_AND_INDEX = 'embed-and-index';

export interface IndexJobData {
  entity: 'resource' | 'need';
  id: number;
  /** From an import (its record was bulk). */
  bulk?: true;
}

export function createIndexQueue(connection: Redis, prefix: string): Queue<IndexJobData> {
  return new Queue<IndexJobData>(INDEX_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 1000 },
      // Completed jobs go at once, so a later change with an earlier key (A → B → A) is queued again.
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** BullMQ runs jobs without a priority before any with one: a bulk import's jobs get one. */
export const BULK_PRIORITY = 10;

/** BullMQ job ids may not contain ':'; equal ids are dropped as duplicates while the first is still queued. */
export function jobFor(r: OutboxRecord): { name: string; data: IndexJobData; opts: { jobId: string; priority?: number } } {
  const opts = { jobId: `${r.entity}-${r.entityId}-${r.indexKey}` };
  if (!r.bulk) return { name: EMBED_AND_INDEX, data: { entity: r.entity, id: r.entityId }, opts };
  return { name: EMBED_AND_INDEX, data: { entity: r.entity, id: r.entityId, bulk: true }, opts: { ...opts, priority: BULK_PRIORITY } };
}

/** Runs one queued indexing job; a malformed one fails for good rather than retrying. */
export async function runIndexJob(ctx: IndexingContext, data: IndexJobData): Promise<IndexOutcome> {
  if ((data.entity !== 'resource' && data.entity !== 'need') || !Number.isInteger(data.id)) {
    throw new UnrecoverableError(`malformed ${EMBED_AND_INDEX} job: ${JSON.stringify(data)}`);
  }
  const outcome = await embedAndIndex(ctx, { entity: data.entity, ids: [data.id], bulk: data.bulk === true });
  await markProcessed(ctx.db, data.entity, data.id, outcome.keys.get(data.id)!);
  return outcome;
}
