// The indexing queue: one job per changed entity, keyed by entity and index key, retried with backoff.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { OutboxRecord } from '../repositories/outbox.repository.js';

export const INDEX_QUEUE = 'index';
export const EMBED_AND_INDEX = 'embed-and-index';

export interface IndexJobData {
  entity: 'resource' | 'need';
  id: number;
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

/** BullMQ job ids may not contain ':'; equal ids are dropped as duplicates while the first is still queued. */
export function jobFor(r: OutboxRecord): { name: string; data: IndexJobData; opts: { jobId: string } } {
  return { name: EMBED_AND_INDEX, data: { entity: r.entity, id: r.entityId }, opts: { jobId: `${r.entity}-${r.entityId}-${r.indexKey}` } };
}
