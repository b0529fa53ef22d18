import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { pairings, rankers } from '../db/schema.js';

export type RankerRow = typeof rankers.$inferSelect;

export async function insertRanker(tx: Tx, row: typeof rankers.$inferInsert): Promise<RankerRow> {
  const [inserted] = await tx.insert(rankers).values(row).returning();
  return inserted!;
}

export async function newestActiveRanker(tx: Tx): Promise<RankerRow | undefined> {
  const [row] = await tx.select().from(rankers).where(eq(rankers.status, 'active')).orderBy(desc(rankers.id)).limit(1);
  return row;
}

export async function listRankers(tx: Tx, limit: number): Promise<RankerRow[]> {
  return tx.select().from(rankers).orderBy(desc(rankers.id)).limit(limit);
}

const APPROVED = ['approved', 'contacted', 'completed'];

/** Every decided pairing with the score components it had when suggested. */
export async function decidedPairingComponents(tx: Tx) {
  return tx
    .select({ id: pairings.id, needId: pairings.needId, resourceId: pairings.resourceId, status: pairings.status, components: pairings.components, multipliers: pairings.multipliers })
    .from(pairings)
    .where(inArray(pairings.status, [...APPROVED, 'rejected']))
    .orderBy(pairings.id);
}

/** Approvals and rejections per resource and industry the need was judged in. */
export async function decisionCounts(tx: Tx): Promise<Array<{ resourceId: number; industry: string; approved: number; rejected: number }>> {
  const rows = await tx
    .select({
      resourceId: pairings.resourceId,
      industry: pairings.industry,
      approved: sql<number>`count(*) filter (where ${inArray(pairings.status, APPROVED)})::int`,
      rejected: sql<number>`count(*) filter (where ${eq(pairings.status, 'rejected')})::int`,
    })
    .from(pairings)
    .where(and(isNotNull(pairings.industry), inArray(pairings.status, [...APPROVED, 'rejected'])))
    .groupBy(pairings.resourceId, pairings.industry);
  return rows.map((r) => ({ ...r, industry: r.industry! }));
}

/** Rankers trained, by status (active, superseded, rejected). */
export async function rankerCounts(tx: Tx): Promise<Array<{ status: string; n: number }>> {
  return tx.select({ status: rankers.status, n: sql<number>`count(*)::int` }).from(rankers).groupBy(rankers.status);
}
