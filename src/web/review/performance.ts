// The operator page's performance section (绩效): a complex and a range of months, charts of needs and decisions
// per month and of how much of each complex's instrument and expert capacity was used, the figures as a table,
// and the CSV download. Texts from the API go in through textContent; charts are SVG built with labels escaped.
import { decisionsPerDayChart, needsPerMonthChart, percentOf, utilisationChart, type ComplexUse, type MonthNeeds } from './charts.js';

interface Use {
  used: number;
  capacity: number;
  rate: number | null;
}

interface Figures extends MonthNeeds {
  approved: number;
  contacted: number;
  completed: number;
  rejected: number;
  medianHoursToFirstDecision: number | null;
  voucherShare: number | null;
  utilisation: { equipment: Use; expert: Use };
}

interface Performance {
  from: string;
  to: string;
  months: string[];
  rows: Array<Figures & { complex: string | null; complexName: string }>;
  totals: Figures[];
}

type Fetch = (path: string) => Promise<Response>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const percent = (x: number | null) => (x === null ? '—' : percentOf(x));

const COLUMNS: Array<[string, (f: Figures) => string]> = [
  ['月份', (f) => f.month],
  ['登记需求', (f) => String(f.needsRegistered)],
  ['有推荐', (f) => String(f.needsWithSuggestions)],
  ['通过', (f) => String(f.approved)],
  ['已联系', (f) => String(f.contacted)],
  ['已完成', (f) => String(f.completed)],
  ['驳回', (f) => String(f.rejected)],
  ['首次决定用时中位数（小时）', (f) => (f.medianHoursToFirstDecision === null ? '—' : f.medianHoursToFirstDecision.toFixed(1))],
  ['创新券服务占比', (f) => percent(f.voucherShare)],
  ['仪器利用率', (f) => percent(f.utilisation.equipment.rate)],
  ['专家利用率', (f) => percent(f.utilisation.expert.rate)],
];

function query(): string {
  const q = new URLSearchParams();
  for (const [name, id] of [['complex', 'p-complex'], ['from', 'p-from'], ['to', 'p-to']] as const) {
    const value = ($(id) as HTMLInputElement | HTMLSelectElement).value;
    if (value) q.set(name, value);
  }
  return q.toString();
}

/** Used against capacity over the whole range, per complex (capacity counts once a month). */
function useOver(rows: Performance['rows'], months: number): ComplexUse[] {
  const by = new Map<string, { label: string; equipment: [number, number]; expert: [number, number] }>();
  for (const r of rows) {
    if (!r.complex) continue;
    const e = by.get(r.complex) ?? { label: r.complexName.replace('产业创新服务综合体', ''), equipment: [0, 0], expert: [0, 0] };
    for (const kind of ['equipment', 'expert'] as const) {
      e[kind][0] += r.utilisation[kind].used;
      e[kind][1] = r.utilisation[kind].capacity * months;
    }
    by.set(r.complex, e);
  }
  const rate = ([used, capacity]: [number, number]) => (capacity > 0 ? used / capacity : null);
  return [...by.values()].map((e) => ({ label: e.label, equipment: rate(e.equipment), expert: rate(e.expert) }));
}

function renderTable(figures: Figures[]) {
  const head = document.createElement('tr');
  for (const [label] of COLUMNS) head.append(Object.assign(document.createElement('th'), { textContent: label }));
  const body = figures.map((f) => {
    const tr = document.createElement('tr');
    tr.dataset.month = f.month;
    for (const [, cell] of COLUMNS) tr.append(Object.assign(document.createElement('td'), { textContent: cell(f) }));
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...body);
  $('perf-table').replaceChildren(thead, tbody);
}

export async function loadPerformance(get: Fetch): Promise<void> {
  const res = await get(`/v1/review/performance?${query()}`);
  const data = (await res.json()) as Performance & { error?: { message: string } };
  if (!res.ok) throw new Error(data.error?.message ?? res.statusText);
  const complex = ($('p-complex') as HTMLSelectElement).value;
  // One complex chosen: its own rows; otherwise the months' totals.
  const figures: Figures[] = complex ? data.rows.filter((r) => r.complex === complex) : data.totals;
  $('perf-range').textContent = `${data.from} 至 ${data.to}`;
  $('chart-needs').innerHTML = needsPerMonthChart(figures);
  $('chart-decisions').innerHTML = decisionsPerDayChart(
    figures.map((f) => ({ day: f.month, approved: f.approved, rejected: f.rejected, contacted: f.contacted, completed: f.completed })),
    560,
    220,
    { label: '每月审核决定', tick: (month) => month },
  );
  $('chart-use').innerHTML = utilisationChart(useOver(data.rows, data.months.length));
  renderTable(figures);
}

/** Fetches the CSV with the operator's key and hands it to the browser as a download. */
export async function downloadPerformance(get: Fetch): Promise<void> {
  const res = await get(`/v1/review/performance.csv?${query()}`);
  if (!res.ok) throw new Error(((await res.json()) as { error?: { message: string } }).error?.message ?? res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: 'performance.csv' });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
