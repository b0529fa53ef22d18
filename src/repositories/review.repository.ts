// The review queue's SQL: pairings with both sides, the audit log, and the counts the queue's chart shows.
import { and, count, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { enterprises, needs, pairingEvents, pairings, resources } from '../db/schema.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';

export interface QueueFilter {
  status?: string | undefined;
  /** The need's industry. */
  industry?: string | undefined;
  /** The need's region. */
  region?: string | undefined;
  kind?: string | undefined;
  batchRunId?: number | undefined;
  /** The complex hosting the resource. */
  complex?: string | undefined;
  needId?: number | undefined;
  /** What suggested the pairing. */
  source?: string | undefined;
}

const queueColumns = {
  id: pairings.id,
  status: pairings.status,
  source: pairings.source,
  rank: pairings.rank,
  score: pairings.score,
  explanation: pairings.explanation,
  batchRunId: pairings.batchRunId,
  reason: pairings.reason,
  decidedBy: pairings.decidedBy,
  decidedAt: pairings.decidedAt,
  createdAt: pairings.createdAt,
  need: { id: needs.id, title: needs.title, industry: needs.industry, category: needs.category, region: needs.region, status: needs.status },
  enterprise: { id: enterprises.id, name: enterprises.name },
  resource: { id: resources.id, name: resources.name, kind: resources.kind, region: resources.region, complex: resources.complex },
};

export type QueueItem = Awaited<ReturnType<typeof listQueue>>['items'][number];

export async function listQueue(tx: Tx, filter: QueueFilter, page: PageRequest) {
  const where = and(
    filter.status ? eq(pairings.status, filter.status) : undefined,
    filter.industry ? eq(needs.industry, filter.industry) : undefined,
    filter.region ? eq(needs.region, filter.region) : undefined,
    filter.kind ? eq(resources.kind, filter.kind) : undefined,
    filter.batchRunId !== undefined ? eq(pairings.batchRunId, filter.batchRunId) : undefined,
    filter.complex ? eq(resources.complex, filter.complex) : undefined,
    filter.needId !== undefined ? eq(pairings.needId, filter.needId) : undefined,
    filter.source ? eq(pairings.source, filter.source) : undefined,
  );
  const items = await tx
    .select(queueColumns)
    .from(pairings)
    .innerJoin(needs, eq(needs.id, pairings.needId))
    .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
    .innerJoin(resources, eq(resources.id, pairings.resourceId))
    .where(where)
    .orderBy(desc(pairings.score), pairings.id)
    .limit(page.pageSize)
    .offset(offsetOf(page));
  const [total] = await tx
    .select({ n: count() })
    .from(pairings)
    .innerJoin(needs, eq(needs.id, pairings.needId))
    .innerJoin(resources, eq(resources.id, pairings.resourceId))
    .where(where);
  return { items, ...page, total: total!.n } satisfies Page<unknown>;
}

export async function getPairingWithSides(tx: Tx, id: number) {
  const [row] = await tx
    .select({ pairing: pairings, need: needs, enterprise: enterprises, resource: resources })
    .from(pairings)
    .innerJoin(needs, eq(needs.id, pairings.needId))
    .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
    .innerJoin(resources, eq(resources.id, pairings.resourceId))
    .where(eq(pairings.id, id));
  return row;
}

/** A need in service with its enterprise (name, region, industry), for the need-centred view. */
export async function needWithEnterprise(tx: Tx, needId: number) {
  const [row] = await tx
    .select({ need: needs, enterprise: { id: enterprises.id, name: enterprises.name, region: enterprises.region, industry: enterprises.industry } })
    .from(needs)
    .innerJoin(enterprises, eq(enterprises.id, needs.enterpriseId))
    .where(and(eq(needs.id, needId), isNull(needs.archivedAt)));
  return row;
}

/** One need's pairings with what an operator compares them by, best rank first: the need-centred view. */
export async function pairingsOfNeed(tx: Tx, needId: number) {
  return tx
    .select({
      id: pairings.id, status: pairings.status, source: pairings.source, rank: pairings.rank, score: pairings.score, components: pairings.components, explanation: pairings.explanation,
      reason: pairings.reason, note: pairings.note, decidedBy: pairings.decidedBy, decidedAt: pairings.decidedAt, createdAt: pairings.createdAt,
      resource: {
        id: resources.id, name: resources.name, kind: resources.kind, region: resources.region, complex: resources.complex, industries: resources.industries, categories: resources.categories,
        voucherEligible: resources.voucherEligible, availability: resources.availability, capacityPerMonth: resources.capacityPerMonth,
      },
    })
    .from(pairings)
    .innerJoin(resources, eq(resources.id, pairings.resourceId))
    .where(eq(pairings.needId, needId))
    .orderBy(desc(pairings.score), pairings.id);
}

/** The pairing, locked until the transaction ends: two operators deciding at once take turns. */
export async function lockPairing(tx: Tx, id: number) {
  const [row] = await tx.select().from(pairings).where(eq(pairings.id, id)).for('update');
  return row;
}

export async function setPairingStatus(
  tx: Tx,
  id: number,
  set: { status: string; reason: string | null; note: string | null; decidedBy: string },
) {
  const [row] = await tx
    .update(pairings)
    .set({ ...set, decidedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(pairings.id, id))
    .returning();
  return row!;
}

export async function insertPairingEvent(tx: Tx, event: typeof pairingEvents.$inferInsert) {
  const [row] = await tx.insert(pairingEvents).values(event).returning();
  return row!;
}

export async function eventsOf(tx: Tx, pairingId: number) {
  return tx.select().from(pairingEvents).where(eq(pairingEvents.pairingId, pairingId)).orderBy(pairingEvents.id);
}

/** Decisions per day (in Shanghai time) over the last `days` days, by the status decided. */
export async function decisionsPerDay(tx: Tx, days: number) {
  const day = sql<string>`to_char(${pairingEvents.createdAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  return tx
    .select({ day, status: pairingEvents.toStatus, n: sql<number>`count(*)::int` })
    .from(pairingEvents)
    .where(gte(pairingEvents.createdAt, sql`now() - make_interval(days => ${days})`))
    .groupBy(day, pairingEvents.toStatus)
    .orderBy(day);
}

/** Per need industry: pairings approved (or beyond) and rejected. */
export async function outcomesByIndustry(tx: Tx) {
  return tx
    .select({ industry: needs.industry, status: pairings.status, n: sql<number>`count(*)::int` })
    .from(pairings)
    .innerJoin(needs, eq(needs.id, pairings.needId))
    .where(inArray(pairings.status, ['approved', 'contacted', 'completed', 'rejected']))
    .groupBy(needs.industry, pairings.status);
}

export async function statusCounts(tx: Tx) {
  return tx.select({ status: pairings.status, n: sql<number>`count(*)::int` }).from(pairings).groupBy(pairings.status);
}
