// The SQL of the complexes' performance figures (绩效), counted per month in Shanghai time. A need counts for the
// complex of its industry: as given, or else the industry its pairings were judged in. Decisions count in the
// month they were made, needs in the month they were registered; utilisation counts the pairings approved or
// contacted in a month against the monthly capacity of the resources a complex hosts.
import { and, eq, gte, inArray, lt, sql, type Column, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { needs, pairingEvents, pairings, resources } from '../db/schema.js';

export interface MonthRange {
  /** First month, YYYY-MM (inclusive). */
  from: string;
  /** Last month, YYYY-MM (inclusive). */
  to: string;
}

const ZONE = 'Asia/Shanghai';
/**
 * Columns spelled with their table: drizzle drops the table from a one-table select's fields, and inside a
 * subquery an unqualified "id" would be the subquery's own.
 */
const col = (table: string, name: string) => sql.raw(`"${table}"."${name}"`);
const NEED_ID = col('needs', 'id');
const NEED_CREATED = col('needs', 'created_at');
const monthOf = (at: Column | SQL) => sql<string>`to_char(${at} at time zone ${sql.raw(`'${ZONE}'`)}, 'YYYY-MM')`;
/** The instant a Shanghai month starts. */
const startOf = (month: string) => sql`(${`${month}-01`}::timestamp at time zone ${sql.raw(`'${ZONE}'`)})`;
const within = (at: Column, range: MonthRange) =>
  and(gte(at, startOf(range.from)), lt(at, sql`${startOf(range.to)} + interval '1 month'`));

/** The industry a need counts for. */
const needIndustry = sql<string | null>`coalesce(${col('needs', 'industry')}, (select p.industry from ${pairings} p where p.need_id = ${NEED_ID} and p.industry is not null order by p.rank limit 1))`;
const inIndustries = (industries: readonly string[] | undefined) => (industries ? sql`${needIndustry} in (${sql.join([...industries, ''].map((i) => sql`${i}`), sql`, `)})` : undefined);

const SERVED = sql.raw(`'approved', 'contacted', 'completed'`);

/** Per month and industry (or per month alone when `byIndustry` is false): the needs registered and what became of them. */
export async function needFigures(tx: Tx, range: MonthRange, industries: readonly string[] | undefined, byIndustry: boolean) {
  const month = monthOf(NEED_CREATED);
  const industry = byIndustry ? needIndustry : sql<string | null>`null::text`;
  const firstDecision = sql`(select min(e.created_at) from ${pairingEvents} e join ${pairings} p on p.id = e.pairing_id where p.need_id = ${NEED_ID})`;
  const served = sql`exists (select 1 from ${pairings} p where p.need_id = ${NEED_ID} and p.status in (${SERVED}))`;
  const servedByVoucher = sql`exists (select 1 from ${pairings} p join ${resources} r on r.id = p.resource_id where p.need_id = ${NEED_ID} and p.status in (${SERVED}) and r.voucher_eligible)`;
  return tx
    .select({
      month,
      industry,
      registered: sql<number>`count(*)::int`,
      withSuggestions: sql<number>`(count(*) filter (where exists (select 1 from ${pairings} p where p.need_id = ${NEED_ID})))::int`,
      medianHoursToFirstDecision: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${firstDecision} - ${NEED_CREATED}) / 3600)`,
      served: sql<number>`(count(*) filter (where ${served}))::int`,
      servedByVoucher: sql<number>`(count(*) filter (where ${servedByVoucher}))::int`,
    })
    .from(needs)
    .where(and(within(needs.createdAt, range), inIndustries(industries)))
    // By position: the expressions are long, and drizzle spells their columns differently in the two places.
    .groupBy(sql`1`, sql`2`);
}

/** Per month, industry, status decided and rejection reason: the decisions made. */
export async function decisionFigures(tx: Tx, range: MonthRange, industries: readonly string[] | undefined) {
  const month = monthOf(pairingEvents.createdAt);
  return tx
    .select({ month, industry: needIndustry, status: pairingEvents.toStatus, reason: pairingEvents.reason, n: sql<number>`count(*)::int` })
    .from(pairingEvents)
    .innerJoin(pairings, eq(pairings.id, pairingEvents.pairingId))
    .innerJoin(needs, eq(needs.id, pairings.needId))
    .where(and(within(pairingEvents.createdAt, range), inIndustries(industries)))
    .groupBy(sql`1`, sql`2`, sql`3`, sql`4`);
}

/** Per month, hosting complex and kind (equipment, expert): pairings approved or contacted in that month. */
export async function utilisationUse(tx: Tx, range: MonthRange, kinds: readonly string[], complexes: readonly string[] | undefined) {
  const month = monthOf(pairingEvents.createdAt);
  return tx
    .select({ month, complex: resources.complex, kind: resources.kind, used: sql<number>`count(distinct ${pairings.id})::int` })
    .from(pairingEvents)
    .innerJoin(pairings, eq(pairings.id, pairingEvents.pairingId))
    .innerJoin(resources, eq(resources.id, pairings.resourceId))
    .where(and(within(pairingEvents.createdAt, range), inArray(pairingEvents.toStatus, ['approved', 'contacted']), inArray(resources.kind, [...kinds]), complexes ? inArray(resources.complex, [...complexes]) : undefined))
    .groupBy(sql`1`, sql`2`, sql`3`);
}

/** Per hosting complex and kind: the monthly capacity of the resources in service now. */
export async function utilisationCapacity(tx: Tx, kinds: readonly string[], complexes: readonly string[] | undefined) {
  return tx
    .select({ complex: resources.complex, kind: resources.kind, capacity: sql<number>`sum(${resources.capacityPerMonth})::int` })
    .from(resources)
    .where(and(sql`${resources.archivedAt} is null`, inArray(resources.kind, [...kinds]), complexes ? inArray(resources.complex, [...complexes]) : undefined))
    .groupBy(resources.complex, resources.kind);
}
