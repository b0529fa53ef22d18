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
});
