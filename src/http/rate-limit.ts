// Per-key token buckets, in this process: a key may burst up to its per-minute limit and refills continuously.
// With several API processes each keeps its own buckets, so a key's limit applies per process.

export class RateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Takes one request for `key`; 0 when allowed, else the whole seconds to wait. */
  take(key: number, perMinute: number): number {
    const now = this.now();
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}
