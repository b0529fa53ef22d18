// Indexing in queue mode, as an API process takes part in it: a dispatcher that moves outbox records into jobs of
// the index queue (workers run them), and a follower that applies the workers' announcements to this process's
// index. Redis being down fails nothing here: dispatching retries with backoff, the follower resumes (or
// reconciles with the database) when Redis is back.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { connectRedis, queueCounts, withTimeout, type QueueCounts } from '../queue/redis.js';
import { IndexFollower, type Changes, type FollowerStatus } from './change-stream.js';
import { createIndexQueue, type IndexJobData } from './index-queue.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import type { Indexer } from './outbox.js';

export interface QueueModeHealth {
  redis: 'up' | 'down';
  /** The index queue. */
  queue: QueueCounts | null;
  dispatch: { lastError: string | null };
  follower: FollowerStatus;
}

const HEALTH_TIMEOUT_MS = 1000;

export class QueueIndexing implements Indexer {
  private constructor(
    private readonly blocking: Redis,
    readonly queue: Queue<IndexJobData>,
    private readonly dispatcher: OutboxDispatcher,
    private readonly follower: IndexFollower,
  ) {}

  /** Marks the stream position before the caller reads the index, so changes made meanwhile are replayed. */
  static async connect(opts: {
    db: Db;
    log: Logger;
    /** The process's producer connection (shared with its other queues). */
    producer: Redis;
    redisUrl: string;
    prefix: string;
    /** Applies what the workers announced. */
    apply: (changes: Changes) => Promise<unknown>;
    reconcile: () => Promise<unknown>;
  }): Promise<QueueIndexing> {
    const blocking = connectRedis(opts.redisUrl, 'blocking');
    const queue = createIndexQueue(opts.producer, opts.prefix);
    queue.on('error', () => {});
    const dispatcher = new OutboxDispatcher(opts.db, queue, opts.log, opts.producer);
    const follower = new IndexFollower(blocking, opts.producer, opts.prefix, opts.apply, opts.reconcile, opts.log);
    await follower.mark();
    return new QueueIndexing(blocking, queue, dispatcher, follower);
  }

  start(): void {
    this.dispatcher.start();
    this.follower.start();
  }

  /** A write committed its outbox records: dispatch them now rather than at the next tick. */
  async changed(): Promise<void> {
    this.dispatcher.kick();
  }

  async health(): Promise<QueueModeHealth> {
    const queue = await queueCounts(this.queue);
    return {
      redis: queue ? 'up' : 'down',
      queue,
      dispatch: { lastError: this.dispatcher.lastError ?? null },
      follower: await withTimeout(this.follower.status(), HEALTH_TIMEOUT_MS).catch(() => this.follower.lastKnown()),
    };
  }

  /** Follower, dispatcher, queue, the blocking connection: in that order; safe to call twice. */
  async close(): Promise<void> {
    await this.follower.stop();
    await this.dispatcher.stop();
    await this.queue.close().catch(() => {});
    this.blocking.disconnect();
  }
}
