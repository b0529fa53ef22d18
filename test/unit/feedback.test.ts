import { describe, expect, it } from 'vitest';
import { FeedbackTable, feedbackScore } from '../../src/learn/feedback.js';

describe('the feedback score', () => {
  it('is the approval rate with 5 phantom decisions at the overall rate, minus that rate', () => {
    // (2 + 5·0.4) / (2 + 6 + 5) − 0.4 = 4/13 − 0.4
    expect(feedbackScore({ approved: 2, rejected: 6 }, 0.4)).toBeCloseTo(4 / 13 - 0.4, 12);
    // (6 + 5·0.5) / (6 + 0 + 5) − 0.5 = 8.5/11 − 0.5
    expect(feedbackScore({ approved: 6, rejected: 0 }, 0.5)).toBeCloseTo(8.5 / 11 - 0.5, 12);
  });

  it('takes another prior: 0 is the raw rate, a large one pulls everything to 0', () => {
    expect(feedbackScore({ approved: 1, rejected: 3 }, 0.5, 0)).toBeCloseTo(0.25 - 0.5, 12);
    expect(feedbackScore({ approved: 1, rejected: 3 }, 0.5, 2)).toBeCloseTo(2 / 6 - 0.5, 12);
    expect(Math.abs(feedbackScore({ approved: 0, rejected: 10 }, 0.5, 1e9))).toBeLessThan(1e-7);
  });
});

describe('the feedback table', () => {
  const rows = [
    { resourceId: 7, industry: 'textile', approved: 1, rejected: 3 },
    { resourceId: 8, industry: 'textile', approved: 3, rejected: 1 },
    { resourceId: 7, industry: 'metal', approved: 0, rejected: 2 },
  ];

  it('scores each resource and industry against the overall rate of all rows', () => {
    // Overall: 4 approved of 10 decisions = 0.4, so the 5 phantom decisions add 2 approvals.
    const table = new FeedbackTable(rows);
    expect(table.size).toBe(3);
    expect(table.of(7, 'textile')).toBeCloseTo((1 + 2) / (4 + 5) - 0.4, 12);
    expect(table.of(8, 'textile')).toBeCloseTo((3 + 2) / (4 + 5) - 0.4, 12);
    expect(table.of(7, 'metal')).toBeCloseTo((0 + 2) / (2 + 5) - 0.4, 12);
  });

  it('gives 0 to an unknown resource or industry and to a need without an industry', () => {
    const table = new FeedbackTable(rows);
    expect(table.of(9, 'textile')).toBe(0);
    expect(table.of(8, 'metal')).toBe(0);
    expect(table.of(7, undefined)).toBe(0);
    expect(table.of(7, '')).toBe(0);
  });

  it('is empty by default and scores rows without decisions 0', () => {
    const empty = new FeedbackTable();
    expect(empty.size).toBe(0);
    expect(empty.of(7, 'textile')).toBe(0);
    // No decisions at all: whatever the overall rate, a row with none scores 0 (and not 0/0).
    const none = new FeedbackTable([{ resourceId: 7, industry: 'textile', approved: 0, rejected: 0 }]);
    expect(none.size).toBe(1);
    expect(none.of(7, 'textile')).toBe(0);
  });
});
