import { describe, expect, it } from 'vitest';
import { approvalRateChart, decisionsPerDayChart, escapeXml, needsPerMonthChart, percentOf, utilisationChart } from '../../src/web/review/charts.js';
import { monthsBetween } from '../../src/services/performance.js';

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

  it('draws each month’s needs side by side, in proportion to the largest count', () => {
    const svg = needsPerMonthChart([
      { month: '2026-10', needsRegistered: 10, needsWithSuggestions: 8, servedNeeds: 2 },
      { month: '2026-11', needsRegistered: 5, needsWithSuggestions: 5, servedNeeds: 0 },
    ]);
    const bars = [...svg.matchAll(/class="bar" data-month="([\d-]+)" data-series="(\w+)"[^>]*height="([\d.]+)"/g)].map((m) => ({ month: m[1], series: m[2], h: Number(m[3]) }));
    expect(bars).toHaveLength(5); // a zero draws nothing
    const of = (month: string, series: string) => bars.find((b) => b.month === month && b.series === series)!.h;
    expect(of('2026-10', 'needsRegistered')).toBeCloseTo(2 * of('2026-11', 'needsRegistered'), 1);
    expect(of('2026-10', 'servedNeeds')).toBeCloseTo(of('2026-10', 'needsRegistered') / 5, 1);
    expect(svg).toContain('>2026-11<');
    expect(needsPerMonthChart([{ month: '2026-10', needsRegistered: 0, needsWithSuggestions: 0, servedNeeds: 0 }])).toContain('此期间无登记需求');
  });

  it('draws the use of capacity per complex, capped at the whole bar, and nothing for a kind a complex lacks', () => {
    const svg = utilisationChart([
      { label: '柯桥现代纺织', equipment: 0.5, expert: 1.4 },
      { label: '越城黄酒<', equipment: null, expert: 0.25 },
    ]);
    const widths = [...svg.matchAll(/class="use" data-label="([^"]+)" data-series="(\w+)"[^>]*width="([\d.]+)"/g)].map((m) => [m[1], m[2], Number(m[3])] as const);
    expect(widths.map(([l, k]) => `${l}/${k}`)).toEqual(['柯桥现代纺织/equipment', '柯桥现代纺织/expert', '越城黄酒&lt;/expert']);
    expect(widths[1]![2]).toBeCloseTo(2 * widths[0]![2], 1);
    expect(svg).toContain('140%');
    expect(utilisationChart([])).toContain('暂无仪器或专家');
  });

  it('writes small shares with a decimal, and never a use as none', () => {
    expect([0, 0.0004, 0.008, 0.094, 0.5, 1.4].map(percentOf)).toEqual(['0%', '<0.1%', '0.8%', '9.4%', '50%', '140%']);
  });

  it('counts the months of a range across a year’s end', () => {
    expect(monthsBetween({ from: '2026-11', to: '2027-02' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween({ from: '2026-05', to: '2026-05' })).toEqual(['2026-05']);
  });
});
