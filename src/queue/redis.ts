// Redis connections and what every queue shares. The API side fails fast when Redis is down (no offline queue:
// the outbox keeps the work); workers and stream readers wait and reconnect (BullMQ needs
// maxRetriesPerRequest: null for them). Health answers even when Redis does not.
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export type RedisRole = 'producer' | 'blocking';

export function connectRedis(url: string, role: RedisRole): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'producer' ? 1 : null,
    enableOfflineQueue: role !== 'producer',
    // Back within seconds of the server: attempts 0.2, 0.4, 0.8 s apart, then every 2 s.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    lazyConnect: false,
  });
  redis.on('error', () => {}); // reported through health and the loops' own logs
  return redis;
}

/**
 * Calls `onReady` each time the connection is (re)established, and `onRestart` when the server behind it is a new
 * one (its run_id changed: restarted, or failed over), which means it lost the queues it held unless it persists them.
 */
export function watchRestarts(redis: Redis, handlers: { onReady?: () => void; onRestart: () => void }): void {
  let runId: string | undefined;
  const check = async () => {
    const info = await redis.info('server');
    const id = /^run_id:(\S+)/m.exec(info)?.[1];
    if (runId !== undefined && id !== undefined && id !== runId) handlers.onRestart();
    runId = id ?? runId;
  };
  const ready = () => {
    handlers.onReady?.();
    check().catch(() => {}); // down again already: the next 'ready' checks
  };
  redis.on('ready', ready);
  if (redis.status === 'ready') check().catch(() => {});
}

/** BullMQ waits for a connection that is down; callers that must answer (health, HTTP) give up after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

const HEALTH_TIMEOUT_MS = 1000;

export type QueueCounts = { waiting: number; active: number; delayed: number; failed: number };

/** A queue's job counts, or null when Redis does not answer in time. */
export async function queueCounts(q: Queue): Promise<QueueCounts | null> {
  try {
    const c = await withTimeout(q.getJobCounts('waiting', 'active', 'delayed', 'failed'), HEALTH_TIMEOUT_MS);
    return { waiting: c.waiting ?? 0, active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  } catch {
    return null;
  }
}

export interface FailedJob {
  queue: string;
  id: string | undefined;
  name: string;
  data: unknown;
  reason: string;
  attempts: number;
  failedAt: number | undefined;
}

/** Failed jobs of some queues with their reasons, newest first. */
export async function failedJobs(queues: readonly Queue[], limit = 50): Promise<FailedJob[]> {
  const lists = await withTimeout(Promise.all(queues.map((q) => q.getFailed(0, limit - 1))), HEALTH_TIMEOUT_MS * 5);
  return lists
    .flatMap((jobs, i) => jobs.map((j) => ({ queue: queues[i]!.name, id: j.id, name: j.name, data: j.data, reason: j.failedReason, attempts: j.attemptsMade, failedAt: j.finishedOn })))
    .sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0))
    .slice(0, limit);
}
