import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limit.js';

describe('per-key rate limiter', () => {
  it('allows a burst up to the limit, then says how long to wait, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 60; i++) expect(limiter.take(1, 60)).toBe(0);
    expect(limiter.take(1, 60)).toBe(1); // one a second
    expect(limiter.take(2, 60)).toBe(0); // other keys have their own bucket
    now += 1000;
    expect(limiter.take(1, 60)).toBe(0);
    expect(limiter.take(1, 6)).toBe(10); // a lower limit: one every ten seconds
    now += 60_000;
    for (let i = 0; i < 6; i++) expect(limiter.take(1, 6)).toBe(0);
  });

  it('tells how long a client address must wait without taking a request, keyed by any string', () => {
    let now = 0;
    const limiter = new RateLimiter<string>(() => now);
    for (let i = 0; i < 3; i++) expect(limiter.wait('10.0.0.1', 3)).toBe(0); // asking takes nothing
    for (let i = 0; i < 3; i++) expect(limiter.take('10.0.0.1', 3)).toBe(0);
    expect(limiter.wait('10.0.0.1', 3)).toBe(20);
    expect(limiter.wait('10.0.0.2', 3)).toBe(0);
    now += 20_000;
    expect(limiter.wait('10.0.0.1', 3)).toBe(0);
  });

  it('keeps a bounded number of buckets, forgetting the least recently used (which would be full again anyway)', () => {
    const limiter = new RateLimiter<string>(() => 0, 10);
    expect(limiter.take('busy', 1)).toBe(0);
    for (let i = 0; i < 5; i++) limiter.take(`other-${i}`, 1);
    expect(limiter.take('busy', 1)).toBeGreaterThan(0); // still known
    for (let i = 0; i < 20; i++) limiter.take(`more-${i}`, 1);
    expect(limiter.take('busy', 1)).toBe(0); // forgotten: a fresh bucket
  });
});
