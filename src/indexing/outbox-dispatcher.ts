// Moves outbox records into queue jobs. Any number of dispatchers may run (API processes and workers): each
// claims records with SKIP LOCKED inside a transaction, adds the jobs, and marks the records dispatched; if Redis
// refuses, the transaction rolls back and the records wait for the next try. A write kicks it; a timer retries,
// and so does Redis coming back. A Redis that came back empty (restarted without persistence) lost the jobs of
// records already dispatched: those are sent again at once rather than after REDELIVER_AFTER_S.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { watchRestarts } from '../queue/redis.js';
import { claimPending, markDispatched, pruneProcessed, requeueUnprocessed } from '../repositories/outbox.repository.js';
import { jobFor, type IndexJobData } from './index-queue.js';

const BATCH = 200;
const IDLE_MS = 2000;
const MAX_BACKOFF_MS = 5_000;
/** A dispatched record with no finished job after this long is sent again. */
const REDELIVER_AFTER_S = 60;
const SWEEP_EVERY_MS = 10_000;

export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private stopped = false;
  private lastSweep = 0;
  private queueLost = false;
  lastError: string | undefined;

  constructor(
    private readonly db: Db,
    private readonly queue: Queue<IndexJobData>,
    private readonly log: Logger,
    /** The connection the queue uses. */
    private readonly redis: Redis,
  ) {}

  start(): void {
    this.schedule(0);
    watchRestarts(this.redis, {
      onReady: () => this.resume(),
      onRestart: () => {
        this.queueLost = true;
        this.resume();
      },
    });
  }

  /** Redis is back: retry now rather than at the end of the backoff. */
  private resume(): void {
    this.failures = 0;
    this.kick();
  }

  /** Dispatch soon (after a write), or at the next retry while Redis refuses. Never throws: the outbox keeps what could not be sent. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (this.failures === 0) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      let next = IDLE_MS;
      try {
        if (this.queueLost) {
          const again = await requeueUnprocessed(this.db, 0);
          this.queueLost = false;
          this.log.warn({ records: again }, 'Redis came back empty: sending the jobs it lost again');
        }
        if (Date.now() - this.lastSweep > SWEEP_EVERY_MS) {
          this.lastSweep = Date.now();
          const again = await requeueUnprocessed(this.db, REDELIVER_AFTER_S);
          if (again > 0) this.log.warn({ records: again }, 'redelivering outbox records whose jobs never finished');
          await pruneProcessed(this.db);
        }
        while (!this.stopped && (await this.dispatchBatch()) === BATCH);
        if (this.failures > 0) this.log.info({ after: this.failures }, 'outbox dispatch recovered');
        this.failures = 0;
        this.lastError = undefined;
      } catch (err) {
        this.failures++;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (this.failures === 1 || this.failures % 20 === 0) this.log.warn({ err: this.lastError, failures: this.failures }, 'outbox dispatch failed; records kept for retry');
        next = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 5));
      } finally {
        this.running = undefined;
      }
      if (this.again) {
        this.again = false;
        next = Math.min(next, this.failures > 0 ? next : 0);
      }
      this.schedule(next);
    })();
    return this.running;
  }

  /** One transaction: claim, enqueue, mark. Returns how many records it moved. */
  async dispatchBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const records = await claimPending(tx, BATCH);
      if (records.length === 0) return 0;
      await this.queue.addBulk(records.map(jobFor));
      await markDispatched(tx, records.map((r) => r.id));
      return records.length;
    });
  }

  /** Stops the timer and waits for a dispatch in flight; safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
