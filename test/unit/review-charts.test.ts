import { describe, expect, it } from 'vitest';
import { approvalRateChart, decisionsPerDayChart, escapeXml } from '../../src/web/review/charts.js';

describe('review charts', () => {
  it('stacks each day’s decisions in proportion to the busiest day', () => {
    const svg = decisionsPerDayChart([
      { day: '2026-11-27', approved: 2, rejected: 1, contacted: 0, completed: 0 },
      { day: '2026-11-28', approved: 4, rejected: 2, contacted: 1, completed: 1 },
    ]);
    const heights = [...svg.matchAll(/class="bar" data-day="([\d-]+)" data-series="(\w+)"[^>]*height="([\d.]+)"/g)].map((m) => ({ day: m[1], series: m[2], h: Number(m[3]) }));
    expect(heights).toHaveLength(6); // zero counts draw nothing
    const of = (day: string, series: string) => heights.find((x) => x.day === day && x.series === series)!.h;
    expect(of('2026-11-28', 'approved')).toBeCloseTo(2 * of('2026-11-27', 'approved'), 1);
    expect(of('2026-11-28', 'approved') + of('2026-11-28', 'rejected') + of('2026-11-28', 'contacted') + of('2026-11-28', 'completed')).toBeCloseTo(156, 0);
    expect(decisionsPerDayChart([])).toContain('暂无审核记录');
  });

  it('draws approval rates best first, with counts, and escapes labels', () => {
    const svg = approvalRateChart([
      { label: '纺织', approved: 1, rejected: 3, approvalRate: 0.25 },
      { label: '黄酒<b>', approved: 3, rejected: 1, approvalRate: 0.75 },
    ]);
    const order = [...svg.matchAll(/class="rate" data-label="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['黄酒&lt;b&gt;', '纺织']);
    expect(svg).toContain('75%（3/4）');
    expect(svg).not.toContain('<b>');
    expect(escapeXml(`a&"'`)).toBe('a&amp;&quot;&apos;');
  });
});
