import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { pairings } from '../db/schema.js';
import { chunks } from './owner.js';
import type { ScoreComponents } from '../domain/score-components.js';
import type { PairingSource } from '../domain/taxonomy.js';

/** Statuses an operator set; such a pairing keeps its decision whatever a batch finds. */
export const DECIDED = ['approved', 'rejected', 'contacted', 'completed'] as const;
/** Decided pairings that occupy the resource's capacity. */
export const OCCUPYING = ['approved', 'contacted'] as const;

export interface NewPairing {
  needId: number;
  resourceId: number;
  rank: number;
  score: number;
  components: ScoreComponents;
  /** The fusion's weight multipliers for the need's query (what the learned ranker trains on with the components). */
  multipliers: Partial<ScoreComponents> | null;
  explanation: string;
  /** The industry the need was judged in, where decisions on the pair count. */
  industry: string | null;
}

/** Sources whose suggestions a batch keeps: they wait for an operator whatever the next batch finds. */
export const KEPT_SOURCES = ['portal', 'outreach'] as const satisfies readonly PairingSource[];

/** Pairings a batch leaves as they are: decided ones, and suggestions a portal saved or outreach made. */
export async function pairingsToKeep(tx: Tx): Promise<Array<{ needId: number; resourceId: number; status: string; source: string }>> {
  return tx
    .select({ needId: pairings.needId, resourceId: pairings.resourceId, status: pairings.status, source: pairings.source })
    .from(pairings)
    .where(or(inArray(pairings.status, [...DECIDED]), inArray(pairings.source, [...KEPT_SOURCES])));
}

/** Saves suggestions a portal or outreach made; pairs that exist already (in any state) stay as they are. */
export async function insertSuggestions(tx: Tx, source: (typeof KEPT_SOURCES)[number], chosen: NewPairing[]): Promise<number[]> {
  if (chosen.length === 0) return [];
  const rows = await tx
    .insert(pairings)
    .values(chosen.map((p) => ({ ...p, status: 'suggested', source })))
    .onConflictDoNothing({ target: [pairings.needId, pairings.resourceId] })
    .returning({ id: pairings.id });
  return rows.map((r) => r.id);
}

/**
 * Replaces the batch's still-undecided suggestions of some needs with new ones in one statement set: a pair that
 * exists is updated (only while an undecided batch suggestion), a new pair is inserted, and batch suggestions not
 * chosen again are removed.
 */
export async function replaceSuggestions(tx: Tx, batchRunId: number, needIds: number[], chosen: NewPairing[]): Promise<void> {
  if (needIds.length === 0) return;
  const keep = new Set(chosen.map((p) => `${p.needId}:${p.resourceId}`));
  // In slices: a province's batch has more needs and stale pairs than a statement may bind parameters.
  const stale: number[] = [];
  for (const part of chunks(needIds, 10_000)) {
    const current = await tx
      .select({ id: pairings.id, needId: pairings.needId, resourceId: pairings.resourceId })
      .from(pairings)
      .where(and(inArray(pairings.needId, part), eq(pairings.status, 'suggested'), eq(pairings.source, 'batch')));
    stale.push(...current.filter((p) => !keep.has(`${p.needId}:${p.resourceId}`)).map((p) => p.id));
  }
  for (const part of chunks(stale, 10_000)) await tx.delete(pairings).where(inArray(pairings.id, part));
  for (let i = 0; i < chosen.length; i += 500) {
    await tx
      .insert(pairings)
      .values(chosen.slice(i, i + 500).map((p) => ({ ...p, batchRunId, status: 'suggested' })))
      .onConflictDoUpdate({
        target: [pairings.needId, pairings.resourceId],
        set: { rank: sql`excluded.rank`, score: sql`excluded.score`, components: sql`excluded.components`, multipliers: sql`excluded.multipliers`, explanation: sql`excluded.explanation`, industry: sql`excluded.industry`, batchRunId: sql`excluded.batch_run_id`, updatedAt: sql`now()` },
        setWhere: and(eq(pairings.status, 'suggested'), eq(pairings.source, 'batch')),
      });
  }
}

export async function pairingsOfRun(tx: Tx, batchRunId: number) {
  return tx.select().from(pairings).where(and(eq(pairings.batchRunId, batchRunId), ne(pairings.status, 'rejected')));
}

/** Every rejected (need, resource) pair: what each process holds to keep them out of matches by need id. */
export async function allRejectedPairs(tx: Tx): Promise<Array<{ needId: number; resourceId: number }>> {
  return tx.select({ needId: pairings.needId, resourceId: pairings.resourceId }).from(pairings).where(eq(pairings.status, 'rejected'));
}

/** Whether operators decided on any pairing of these needs or of this resource (then it is retired, not deleted). */
export async function hasDecidedPairings(tx: Tx, of: { needIds?: readonly number[]; resourceId?: number }): Promise<boolean> {
  const [row] = await tx
    .select({ id: pairings.id })
    .from(pairings)
    .where(and(inArray(pairings.status, [...DECIDED]), of.resourceId !== undefined ? eq(pairings.resourceId, of.resourceId) : inArray(pairings.needId, [...(of.needIds ?? []), -1])))
    .limit(1);
  return row !== undefined;
}

/** Drops the undecided suggestions of retired needs or a retired resource (nobody should review them now). */
export async function dropSuggestions(tx: Tx, of: { needIds?: readonly number[]; resourceId?: number }): Promise<void> {
  await tx
    .delete(pairings)
    .where(and(eq(pairings.status, 'suggested'), of.resourceId !== undefined ? eq(pairings.resourceId, of.resourceId) : inArray(pairings.needId, [...(of.needIds ?? []), -1])));
}

/** Every pairing of one resource (any status): which needs it is already paired with, and its load. */
export async function pairingsOfResource(tx: Tx, resourceId: number): Promise<Array<{ needId: number; status: string; source: string }>> {
  return tx.select({ needId: pairings.needId, status: pairings.status, source: pairings.source }).from(pairings).where(eq(pairings.resourceId, resourceId));
}

/** Per need: its pairings that are not rejected (suggested or decided for), so outreach does not crowd it. */
export async function livePairingCounts(tx: Tx, needIds: readonly number[]): Promise<Map<number, number>> {
  if (needIds.length === 0) return new Map();
  const rows = await tx
    .select({ needId: pairings.needId, n: sql<number>`count(*)::int` })
    .from(pairings)
    .where(and(inArray(pairings.needId, [...needIds]), ne(pairings.status, 'rejected')))
    .groupBy(pairings.needId);
  return new Map(rows.map((r) => [r.needId, r.n]));
}
