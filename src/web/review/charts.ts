// The operator page's charts as SVG text: the queue's decisions per day (stacked columns) and approval rate per
// industry (bars), and the performance section's needs and decisions per month and utilisation per complex. Pure
// functions of the API's numbers, so they are tested without a browser.

export interface DayCounts {
  day: string;
  approved: number;
  rejected: number;
  contacted: number;
  completed: number;
}

export interface IndustryRate {
  label: string;
  approved: number;
  rejected: number;
  approvalRate: number;
}

const SERIES = [
  { key: 'approved', label: '通过', color: '#2e7d32' },
  { key: 'rejected', label: '驳回', color: '#c62828' },
  { key: 'contacted', label: '已联系', color: '#1565c0' },
  { key: 'completed', label: '已完成', color: '#6a1b9a' },
] as const;

/** A share as a percentage: whole percents, with a decimal below 10% so that a small use does not read as none. */
export function percentOf(x: number): string {
  const p = x * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  return `${p > 0 && p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Stacked columns, one a day (or a month: `opts`), with a legend; an empty series says so instead of drawing nothing. */
export function decisionsPerDayChart(days: readonly DayCounts[], width = 560, height = 220, opts = { label: '每日审核决定', tick: (day: string) => day.slice(5) }): string {
  const pad = { left: 36, right: 8, top: 28, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const totals = days.map((d) => SERIES.reduce((s, x) => s + d[x.key], 0));
  const max = Math.max(1, ...totals);
  const step = days.length > 0 ? plotW / days.length : plotW;
  const barW = Math.max(2, Math.min(32, step * 0.7));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(opts.label)}">`);
  SERIES.forEach((s, i) => {
    parts.push(`<rect x="${pad.left + i * 80}" y="6" width="10" height="10" fill="${s.color}"/><text x="${pad.left + i * 80 + 14}" y="15" font-size="11">${s.label}</text>`);
  });
  parts.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#999"/>`);
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 4}" font-size="10" text-anchor="end">${max}</text>`);
  if (days.length === 0) parts.push(`<text x="${width / 2}" y="${pad.top + plotH / 2}" font-size="13" text-anchor="middle" fill="#777">暂无审核记录</text>`);
  days.forEach((d, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    let y = pad.top + plotH;
    for (const s of SERIES) {
      const h = (d[s.key] / max) * plotH;
      if (h <= 0) continue;
      y -= h;
      parts.push(`<rect class="bar" data-day="${escapeXml(d.day)}" data-series="${s.key}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeXml(d.day)} ${s.label} ${d[s.key]}</title></rect>`);
    }
    if (days.length <= 14 || i % Math.ceil(days.length / 14) === 0) {
      parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${height - pad.bottom + 14}" font-size="10" text-anchor="middle">${escapeXml(opts.tick(d.day))}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One bar per industry: the share of decided pairings approved, with the counts beside it. */
export function approvalRateChart(rows: readonly IndustryRate[], width = 560): string {
  const rowH = 24;
  const labelW = 90;
  const height = Math.max(1, rows.length) * rowH + 16;
  const plotW = width - labelW - 110;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="各行业通过率">`];
  if (rows.length === 0) parts.push(`<text x="${width / 2}" y="20" font-size="13" text-anchor="middle" fill="#777">暂无已决定的配对</text>`);
  [...rows]
    .sort((a, b) => b.approvalRate - a.approvalRate)
    .forEach((r, i) => {
      const y = 8 + i * rowH;
      const w = Math.max(1, r.approvalRate * plotW);
      parts.push(`<text x="${labelW - 6}" y="${y + 14}" font-size="12" text-anchor="end">${escapeXml(r.label)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 2}" width="${plotW}" height="16" fill="#eee"/>`);
      parts.push(`<rect class="rate" data-label="${escapeXml(r.label)}" x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="16" fill="#2e7d32"><title>${escapeXml(r.label)} 通过率 ${(r.approvalRate * 100).toFixed(0)}%</title></rect>`);
      parts.push(`<text x="${labelW + plotW + 6}" y="${y + 14}" font-size="11">${(r.approvalRate * 100).toFixed(0)}%（${r.approved}/${r.approved + r.rejected}）</text>`);
    });
  parts.push('</svg>');
  return parts.join('');
}

/** One month of needs: registered, given suggestions, served (approved, contacted or completed). */
export interface MonthNeeds {
  month: string;
  needsRegistered: number;
  needsWithSuggestions: number;
  servedNeeds: number;
}

const NEED_SERIES = [
  { key: 'needsRegistered', label: '登记需求', color: '#90a4ae' },
  { key: 'needsWithSuggestions', label: '有推荐', color: '#1565c0' },
  { key: 'servedNeeds', label: '已服务', color: '#2e7d32' },
] as const;

/** Grouped columns, one group a month, with a legend. */
export function needsPerMonthChart(months: readonly MonthNeeds[], width = 560, height = 220): string {
  const pad = { left: 36, right: 8, top: 28, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(1, ...months.flatMap((m) => NEED_SERIES.map((s) => m[s.key])));
  const step = months.length > 0 ? plotW / months.length : plotW;
  const barW = Math.max(2, Math.min(18, (step * 0.8) / NEED_SERIES.length));
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="每月需求">`];
  NEED_SERIES.forEach((s, i) => {
    parts.push(`<rect x="${pad.left + i * 90}" y="6" width="10" height="10" fill="${s.color}"/><text x="${pad.left + i * 90 + 14}" y="15" font-size="11">${s.label}</text>`);
  });
  parts.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${width - pad.right}" y2="${pad.top + plotH}" stroke="#999"/>`);
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 4}" font-size="10" text-anchor="end">${max}</text>`);
  if (months.every((m) => m.needsRegistered === 0)) parts.push(`<text x="${width / 2}" y="${pad.top + plotH / 2}" font-size="13" text-anchor="middle" fill="#777">此期间无登记需求</text>`);
  months.forEach((m, i) => {
    const x0 = pad.left + i * step + (step - barW * NEED_SERIES.length) / 2;
    NEED_SERIES.forEach((s, j) => {
      const h = (m[s.key] / max) * plotH;
      if (h <= 0) return;
      parts.push(`<rect class="bar" data-month="${escapeXml(m.month)}" data-series="${s.key}" x="${(x0 + j * barW).toFixed(1)}" y="${(pad.top + plotH - h).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeXml(m.month)} ${s.label} ${m[s.key]}</title></rect>`);
    });
    if (months.length <= 12 || i % Math.ceil(months.length / 12) === 0) {
      parts.push(`<text x="${(pad.left + i * step + step / 2).toFixed(1)}" y="${height - pad.bottom + 14}" font-size="10" text-anchor="middle">${escapeXml(m.month)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A complex's use of its instruments' and experts' capacity over a period (null: it hosts none of that kind). */
export interface ComplexUse {
  label: string;
  equipment: number | null;
  expert: number | null;
}

const USE_SERIES = [
  { key: 'equipment', label: '仪器设备', color: '#ef6c00' },
  { key: 'expert', label: '专家', color: '#6a1b9a' },
] as const;

/** Two bars per complex: the share of monthly capacity used (approved + contacted), capped at the bar's end. */
export function utilisationChart(rows: readonly ComplexUse[], width = 560): string {
  const rowH = 30;
  const labelW = 170;
  const top = 22;
  const height = top + Math.max(1, rows.length) * rowH + 8;
  const plotW = width - labelW - 60;
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="服务能力利用率">`];
  USE_SERIES.forEach((s, i) => {
    parts.push(`<rect x="${labelW + i * 90}" y="4" width="10" height="10" fill="${s.color}"/><text x="${labelW + i * 90 + 14}" y="13" font-size="11">${s.label}</text>`);
  });
  if (rows.length === 0) parts.push(`<text x="${width / 2}" y="${top + 16}" font-size="13" text-anchor="middle" fill="#777">暂无仪器或专家</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${labelW - 6}" y="${y + 17}" font-size="11" text-anchor="end">${escapeXml(r.label)}</text>`);
    USE_SERIES.forEach((s, j) => {
      const rate = r[s.key];
      const by = y + 3 + j * 12;
      parts.push(`<rect x="${labelW}" y="${by}" width="${plotW}" height="10" fill="#eee"/>`);
      if (rate === null) return;
      parts.push(`<rect class="use" data-label="${escapeXml(r.label)}" data-series="${s.key}" x="${labelW}" y="${by}" width="${Math.max(1, Math.min(1, rate) * plotW).toFixed(1)}" height="10" fill="${s.color}"><title>${escapeXml(r.label)} ${s.label} ${percentOf(rate)}</title></rect>`);
      parts.push(`<text x="${labelW + plotW + 4}" y="${by + 9}" font-size="10">${percentOf(rate)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
