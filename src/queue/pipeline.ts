// The queue side of an API process: a dispatcher that moves outbox records into jobs, a follower that applies
// the workers' announcements to this process's index, and the batch queue it hands batch runs to. Redis being
// down fails nothing here: dispatching retries with backoff, the follower resumes (or reconciles with the
// database) when Redis is back.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { BATCH_QUEUE, createBatchQueue, type BatchJobData } from './batch-queue.js';
import { IndexFollower, type FollowerStatus } from './index-changes.js';
import { INDEX_QUEUE, createIndexQueue, type IndexJobData } from './index-queue.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { connectRedis, withTimeout } from './redis.js';

type QueueCounts = { waiting: number; active: number; delayed: number; failed: number };

export interface PipelineHealth {
  redis: 'up' | 'down';
  /** The indexing queue. */
  queue: QueueCounts | null;
  /** Batch runs (the nightly one waits here as a delayed job). */
  batchQueue: QueueCounts | null;
  dispatch: { lastError: string | null };
  follower: FollowerStatus;
}

/** BullMQ waits for a connection that is down; health must answer anyway. */
const HEALTH_TIMEOUT_MS = 1000;

export class IndexPipeline {
  private constructor(
    private readonly producer: Redis,
    private readonly blocking: Redis,
    readonly queue: Queue<IndexJobData>,
    /** Batch runs asked for through this process go here for the workers. */
    readonly batchQueue: Queue<BatchJobData>,
    private readonly dispatcher: OutboxDispatcher,
    private readonly follower: IndexFollower,
  ) {}

  static async connect(opts: {
    db: Db;
    log: Logger;
    redisUrl: string;
    prefix: string;
    apply: (ids: number[]) => Promise<void>;
    reconcile: () => Promise<void>;
  }): Promise<IndexPipeline> {
    const producer = connectRedis(opts.redisUrl, 'producer');
    const blocking = connectRedis(opts.redisUrl, 'blocking');
    for (const r of [producer, blocking]) r.on('error', () => {}); // reported through health and the loops' own logs
    const queue = createIndexQueue(producer, opts.prefix);
    const batchQueue = createBatchQueue(producer, opts.prefix);
    for (const q of [queue, batchQueue]) q.on('error', () => {});
    const dispatcher = new OutboxDispatcher(opts.db, queue, opts.log);
    const follower = new IndexFollower(blocking, producer, opts.prefix, opts.apply, opts.reconcile, opts.log);
    await follower.mark();
    return new IndexPipeline(producer, blocking, queue, batchQueue, dispatcher, follower);
  }

  start(): void {
    this.dispatcher.start();
    this.follower.start();
  }

  kick(): void {
    this.dispatcher.kick();
  }

  async health(): Promise<PipelineHealth> {
    const counts = async (q: Queue): Promise<QueueCounts | null> => {
      try {
        const c = await withTimeout(q.getJobCounts('waiting', 'active', 'delayed', 'failed'), HEALTH_TIMEOUT_MS);
        return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
      } catch {
        return null;
      }
    };
    const [queue, batchQueue] = await Promise.all([counts(this.queue), counts(this.batchQueue)]);
    return {
      redis: queue ? 'up' : 'down',
      queue,
      batchQueue,
      dispatch: { lastError: this.dispatcher.lastError ?? null },
      follower: await withTimeout(this.follower.status(), HEALTH_TIMEOUT_MS).catch(() => this.follower.lastKnown()),
    };
  }

  /** Failed jobs of both queues with their reasons, newest first. */
  async failedJobs(limit = 50): Promise<Array<{ queue: string; id: string | undefined; name: string; data: IndexJobData | BatchJobData; reason: string; attempts: number; failedAt: number | undefined }>> {
    const lists = await withTimeout(Promise.all([this.queue, this.batchQueue].map((q) => q.getFailed(0, limit - 1))), HEALTH_TIMEOUT_MS * 5);
    return lists
      .flatMap((jobs, i) => jobs.map((j) => ({ queue: i === 0 ? INDEX_QUEUE : BATCH_QUEUE, id: j.id, name: j.name, data: j.data, reason: j.failedReason, attempts: j.attemptsMade, failedAt: j.finishedOn })))
      .sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0))
      .slice(0, limit);
  }

  /** Follower, dispatcher, queue, connections: in that order; safe to call twice. */
  async close(): Promise<void> {
    await this.follower.stop();
    await this.dispatcher.stop();
    await Promise.all([this.queue.close().catch(() => {}), this.batchQueue.close().catch(() => {})]);
    this.blocking.disconnect();
    await this.producer.quit().catch(() => this.producer.disconnect());
  }
}
