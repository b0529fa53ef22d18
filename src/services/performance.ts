// The complexes' performance (绩效) per complex and month: needs registered and served, decisions, time to a first
// decision, the share served by voucher-eligible providers, and how much of the instruments' and experts' monthly
// capacity was used. The "5+4" complexes are one per industry, so a complex and an industry name the same group
// of needs; a need without an industry counts under none (未分类). Months are Shanghai's. The same figures come as
// JSON for the operator page and as CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese).
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Actor } from '../auth/actor.js';
import { localDate } from '../domain/deadline.js';
import { COMPLEXES, INDUSTRIES, KIND_LABELS, REJECTION_REASONS, type Industry } from '../domain/taxonomy.js';
import { validationError } from '../errors.js';
import { decisionFigures, needFigures, utilisationCapacity, utilisationUse, type MonthRange } from '../repositories/performance.repository.js';
import { parse, type ServiceContext } from './context.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM');
export const performanceQuery = z.strictObject({
  complex: z.enum(INDUSTRIES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  from: month.optional(),
  to: month.optional(),
});

/** The kinds whose use of capacity is reported. */
export const UTILISED_KINDS = ['equipment', 'expert'] as const;
const MAX_MONTHS = 36;
const DECIDED = ['approved', 'contacted', 'completed', 'rejected'] as const;
type Reason = keyof typeof REJECTION_REASONS;
const REASONS = Object.keys(REJECTION_REASONS) as Reason[];

interface Use {
  used: number;
  capacity: number;
  /** used / capacity; null without capacity. */
  rate: number | null;
}

export interface PerformanceFigures {
  needsRegistered: number;
  needsWithSuggestions: number;
  approved: number;
  contacted: number;
  completed: number;
  rejected: number;
  rejectedByReason: Record<Reason, number>;
  /** Median hours from a need's registration to the first decision on any of its pairings (needs decided on). */
  medianHoursToFirstDecision: number | null;
  /** Needs with a pairing approved, contacted or completed, and of those, served by a voucher-eligible provider. */
  servedNeeds: number;
  servedByVoucherEligible: number;
  voucherShare: number | null;
  utilisation: Record<(typeof UTILISED_KINDS)[number], Use>;
}

export interface PerformanceRow extends PerformanceFigures {
  month: string;
  /** The complex (its industry's code); null for needs of no industry. */
  complex: Industry | null;
  complexName: string;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);

/** The months from `from` to `to`, inclusive. */
export function monthsBetween(range: MonthRange): string[] {
  const out: string[] = [];
  let [y, m] = range.from.split('-').map(Number) as [number, number];
  for (let s = range.from; s <= range.to; s = `${y}-${String(m).padStart(2, '0')}`) {
    out.push(s);
    m++;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** Default: the twelve months up to this one (Shanghai). */
function rangeOf(q: z.infer<typeof performanceQuery>): MonthRange {
  const to = q.to ?? localDate().slice(0, 7);
  const [y, m] = to.split('-').map(Number) as [number, number];
  const from = q.from ?? `${m === 12 ? y : y - 1}-${String((m % 12) + 1).padStart(2, '0')}`;
  const range = { from, to };
  if (from > to) throw validationError(new z.ZodError([{ code: 'custom', path: ['from'], message: 'must not be after `to`', input: from }]), 'query');
  if (monthsBetween(range).length > MAX_MONTHS) throw validationError(new z.ZodError([{ code: 'custom', path: ['from'], message: `the range may span at most ${MAX_MONTHS} months`, input: from }]), 'query');
  return range;
}

const empty = (): PerformanceFigures => ({
  needsRegistered: 0, needsWithSuggestions: 0, approved: 0, contacted: 0, completed: 0, rejected: 0,
  rejectedByReason: Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<Reason, number>,
  medianHoursToFirstDecision: null, servedNeeds: 0, servedByVoucherEligible: 0, voucherShare: null,
  utilisation: Object.fromEntries(UTILISED_KINDS.map((k) => [k, { used: 0, capacity: 0, rate: null }])) as PerformanceFigures['utilisation'],
});

/** GET /v1/review/performance: `input` is the query string. */
export async function performance({ ctx, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }) {
  const q = parse(performanceQuery, input, 'query');
  const range = rangeOf(q);
  // Both name industries: a complex given with an industry keeps what both name.
  const named = [q.complex, q.industry].filter((x): x is Industry => x !== undefined);
  const selected: Industry[] | undefined = named.length === 0 ? undefined : INDUSTRIES.filter((i) => named.every((n) => n === i));
  const [perIndustry, perMonth, decisions, use, capacity] = await Promise.all([
    needFigures(ctx.db, range, selected, true),
    needFigures(ctx.db, range, selected, false),
    decisionFigures(ctx.db, range, selected),
    utilisationUse(ctx.db, range, UTILISED_KINDS, selected),
    utilisationCapacity(ctx.db, UTILISED_KINDS, selected),
  ]);
  const months = monthsBetween(range);
  const groups: Array<Industry | null> = selected ?? [...INDUSTRIES, ...(perIndustry.some((r) => r.industry === null) || decisions.some((r) => r.industry === null) ? [null] : [])];
  const key = (m: string, g: string | null) => `${m}|${g ?? ''}`;
  const rows = new Map<string, PerformanceRow>();
  const totals = new Map<string, PerformanceFigures & { month: string }>();
  for (const m of months) {
    totals.set(m, { month: m, ...empty() });
    for (const g of groups) rows.set(key(m, g), { month: m, complex: g, complexName: g ? COMPLEXES[g] : '未分类', ...empty() });
  }
  const apply = (f: PerformanceFigures, r: (typeof perMonth)[number]) => {
    f.needsRegistered = r.registered;
    f.needsWithSuggestions = r.withSuggestions;
    f.medianHoursToFirstDecision = r.medianHoursToFirstDecision === null ? null : round(Number(r.medianHoursToFirstDecision), 1);
    f.servedNeeds = r.served;
    f.servedByVoucherEligible = r.servedByVoucher;
    f.voucherShare = ratio(r.servedByVoucher, r.served);
  };
  for (const r of perIndustry) {
    const row = rows.get(key(r.month, r.industry));
    if (row) apply(row, r);
  }
  for (const r of perMonth) apply(totals.get(r.month)!, r);
  for (const d of decisions) {
    for (const f of [rows.get(key(d.month, d.industry)), totals.get(d.month)]) {
      if (!f || !(DECIDED as readonly string[]).includes(d.status)) continue;
      f[d.status as (typeof DECIDED)[number]] += d.n;
      if (d.status === 'rejected' && d.reason && d.reason in f.rejectedByReason) f.rejectedByReason[d.reason as Reason] += d.n;
    }
  }
  const capacityOf = new Map(capacity.map((c) => [`${c.complex ?? ''}|${c.kind}`, c.capacity]));
  for (const f of [...rows.values()]) {
    for (const kind of UTILISED_KINDS) {
      const used = use.filter((u) => u.month === f.month && u.kind === kind && (u.complex ?? null) === f.complex).reduce((s, u) => s + u.used, 0);
      const cap = capacityOf.get(`${f.complex ?? ''}|${kind}`) ?? 0;
      f.utilisation[kind] = { used, capacity: cap, rate: ratio(used, cap) };
    }
  }
  for (const t of totals.values()) {
    for (const kind of UTILISED_KINDS) {
      const used = use.filter((u) => u.month === t.month && u.kind === kind).reduce((s, u) => s + u.used, 0);
      const cap = capacity.filter((c) => c.kind === kind).reduce((s, c) => s + c.capacity, 0);
      t.utilisation[kind] = { used, capacity: cap, rate: ratio(used, cap) };
    }
  }
  return { from: range.from, to: range.to, complex: q.complex ?? null, industry: q.industry ?? null, months, rows: [...rows.values()], totals: [...totals.values()] };
}

/** The CSV columns: a header each, and how a row gives it. */
const COLUMNS: Array<[string, (r: PerformanceRow) => string | number | null]> = [
  ['月份', (r) => r.month],
  ['综合体', (r) => r.complexName],
  ['行业代码', (r) => r.complex],
  ['登记需求数', (r) => r.needsRegistered],
  ['有推荐的需求数', (r) => r.needsWithSuggestions],
  ['通过', (r) => r.approved],
  ['已联系', (r) => r.contacted],
  ['已完成', (r) => r.completed],
  ['驳回', (r) => r.rejected],
  ...REASONS.map((reason): [string, (r: PerformanceRow) => number] => [`驳回：${REJECTION_REASONS[reason]}`, (r) => r.rejectedByReason[reason]]),
  ['首次决定用时中位数（小时）', (r) => r.medianHoursToFirstDecision],
  ['已服务需求数', (r) => r.servedNeeds],
  ['其中创新券服务机构', (r) => r.servedByVoucherEligible],
  ['创新券服务占比', (r) => r.voucherShare],
  ...UTILISED_KINDS.flatMap((kind): Array<[string, (r: PerformanceRow) => number | null]> => [
    [`${KIND_LABELS[kind]}使用（通过+联系）`, (r) => r.utilisation[kind].used],
    [`${KIND_LABELS[kind]}月服务能力`, (r) => r.utilisation[kind].capacity],
    [`${KIND_LABELS[kind]}利用率`, (r) => r.utilisation[kind].rate],
  ]),
];

/** GET /v1/review/performance.csv: the rows of the same figures, one per complex and month. */
export async function performanceCsv(args: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }): Promise<string> {
  const { rows } = await performance(args);
  return stringify([COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, get]) => get(r) ?? ''))], { bom: true });
}
