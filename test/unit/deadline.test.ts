import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCAL_TIME_ZONE, localDate, pastDeadline } from '../../src/domain/deadline.js';

describe('deadlines', () => {
  it('counts days in Shaoxing: 16:00 UTC is already the next day there', () => {
    expect(localDate(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06-30');
    expect(localDate(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01');
  });

  it('gives every instant the date a formatter of its own gives, however the instants follow each other', () => {
    const fresh = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
    // Instants near local midnights, in any order: the last minute's date is kept, never a day's.
    const nearMidnight = fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -90_000, max: 90_000 })).map(([day, ms]) => new Date(Date.UTC(2000, 0, 1, 16) + day * 86_400_000 + ms));
    fc.assert(fc.property(fc.array(nearMidnight, { minLength: 1, maxLength: 20 }), (instants) => instants.every((at) => localDate(at) === fresh(at))));
  });

  it('passes a deadline only once its day is over, and never a missing one', () => {
    expect(pastDeadline('2026-06-30', '2026-06-30')).toBe(false);
    expect(pastDeadline('2026-06-30', '2026-07-01')).toBe(true);
    expect(pastDeadline(null, '2026-07-01')).toBe(false);
    expect(pastDeadline(undefined, '2099-01-01')).toBe(false);
  });
});
