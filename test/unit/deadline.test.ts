import { describe, expect, it } from 'vitest';
import { localDate, pastDeadline } from '../../src/domain/deadline.js';

describe('deadlines', () => {
  it('counts days in Shaoxing: 16:00 UTC is already the next day there', () => {
    expect(localDate(new Date('2026-06-30T15:59:00Z'))).toBe('2026-06-30');
    expect(localDate(new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01');
  });

  it('passes a deadline only once its day is over, and never a missing one', () => {
    expect(pastDeadline('2026-06-30', '2026-06-30')).toBe(false);
    expect(pastDeadline('2026-06-30', '2026-07-01')).toBe(true);
    expect(pastDeadline(null, '2026-07-01')).toBe(false);
    expect(pastDeadline(undefined, '2099-01-01')).toBe(false);
  });
});
