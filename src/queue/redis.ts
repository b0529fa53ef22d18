// Redis connections. The API side fails fast when Redis is down (no offline queue: the outbox keeps the work);
// workers and stream readers wait and reconnect (BullMQ needs maxRetriesPerRequest: null for them).
import { Redis } from 'ioredis';

export type RedisRole = 'producer' | 'blocking';

export function connectRedis(url: string, role: RedisRole): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'producer' ? 1 : null,
    enableOfflineQueue: role !== 'producer',
    retryStrategy: (times) => Math.min(1000 * 2 ** Math.min(times, 5), 20_000),
    lazyConnect: false,
  });
}

/** BullMQ waits for a connection that is down; callers that must answer (health, HTTP) give up after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}
