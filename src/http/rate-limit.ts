// Token buckets, in this process, per API key or per client address: a key may burst up to its per-minute limit
// and refills continuously. With several API processes each keeps its own buckets, so a limit applies per process.
// Buckets are bounded (least recently used out first): one that has gone unused for a minute is full again anyway.
import { LRUCache } from 'lru-cache';

export class RateLimiter<K extends string | number = number> {
  private readonly buckets: LRUCache<K, { tokens: number; at: number }>;

  constructor(private readonly now: () => number = () => Date.now(), maxBuckets = 100_000) {
    this.buckets = new LRUCache({ max: maxBuckets });
  }

  /** Takes one request for `key`; 0 when allowed, else the whole seconds to wait. */
  take(key: K, perMinute: number): number {
    const b = this.refill(key, perMinute);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitOf(b, perMinute);
  }

  /** The whole seconds `key` must wait before its next request, taking nothing; 0 when one would be allowed. */
  wait(key: K, perMinute: number): number {
    const b = this.refill(key, perMinute);
    return b.tokens >= 1 ? 0 : this.waitOf(b, perMinute);
  }

  private refill(key: K, perMinute: number): { tokens: number; at: number } {
    const now = this.now();
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * (perMinute / 60_000));
    b.at = now;
    this.buckets.set(key, b);
    return b;
  }

  private waitOf(b: { tokens: number }, perMinute: number): number {
    return Math.max(1, Math.ceil(((1 - b.tokens) * 60_000) / perMinute / 1000));
  }
}
