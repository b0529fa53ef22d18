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
