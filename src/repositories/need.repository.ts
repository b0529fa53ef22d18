import { and, count, eq, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { needs, type NeedRow } from '../db/schema.js';
import type { NeedInput } from '../domain/inputs.js';
import { chunks, ownedBy, writeMany } from './owner.js';
import { containing, offsetOf, type Page, type PageRequest } from './paging.js';

export interface NeedFilter {
  /** Only records this key registered (a portal's view). */
  ownerKeyId?: number | undefined;
  enterpriseId?: number | undefined;
  status?: string | undefined;
  industry?: string | undefined;
  category?: string | undefined;
  region?: string | undefined;
  q?: string | undefined;
}

const VALUE_COLUMNS = {
  enterpriseId: needs.enterpriseId, title: needs.title, description: needs.description, category: needs.category, industry: needs.industry,
  region: needs.region, wantsVoucher: needs.wantsVoucher, budget: needs.budget, deadline: needs.deadline, status: needs.status, externalId: needs.externalId,
};

const values = (input: NeedInput) => ({
  enterpriseId: input.enterpriseId,
  title: input.title,
  description: input.description,
  category: input.category ?? null,
  industry: input.industry ?? null,
  region: input.region ?? null,
  wantsVoucher: input.wantsVoucher,
  budget: input.budget ?? null,
  deadline: input.deadline ?? null,
  status: input.status,
  externalId: input.externalId ?? null,
});

/** `ownerKeyId`: the API key registering it (null for the system). */
export async function insertNeed(tx: Tx, input: NeedInput, ownerKeyId: number | null): Promise<NeedRow> {
  const [row] = await tx.insert(needs).values({ ...values(input), ownerKeyId }).returning();
  return row!;
}

export async function updateNeed(tx: Tx, id: number, input: NeedInput): Promise<NeedRow | undefined> {
  const [row] = await tx.update(needs).set({ ...values(input), updatedAt: new Date() }).where(eq(needs.id, id)).returning();
  return row;
}

export async function getNeed(tx: Tx, id: number): Promise<NeedRow | undefined> {
  const [row] = await tx.select().from(needs).where(eq(needs.id, id));
  return row;
}

export async function getNeeds(tx: Tx, ids: number[]): Promise<NeedRow[]> {
  return ids.length === 0 ? [] : tx.select().from(needs).where(inArray(needs.id, ids));
}

/** An owner's needs by their external ids. */
export async function needsByExternalId(tx: Tx, ownerKeyId: number | null, externalIds: readonly string[]): Promise<NeedRow[]> {
  const out: NeedRow[] = [];
  for (const part of chunks([...new Set(externalIds)])) {
    if (part.length > 0) out.push(...(await tx.select().from(needs).where(and(ownedBy(needs.ownerKeyId, ownerKeyId), inArray(needs.externalId, part)))));
  }
  return out;
}

/** Many at once, in few statements: new ones inserted, existing ones (with their id) overwritten. */
export function writeNeeds(tx: Tx, fresh: readonly NeedInput[], existing: ReadonlyArray<{ id: number; input: NeedInput }>, ownerKeyId: number | null): Promise<{ inserted: NeedRow[]; updated: NeedRow[] }> {
  return writeMany<NeedRow>(tx, needs, fresh.map((input) => ({ ...values(input), ownerKeyId })), existing.map(({ id, input }) => ({ id, ...values(input), ownerKeyId })), VALUE_COLUMNS);
}

/** The needs of some enterprises (to retire them with it). */
export async function needIdsOfEnterprise(tx: Tx, enterpriseId: number): Promise<number[]> {
  return (await tx.select({ id: needs.id }).from(needs).where(eq(needs.enterpriseId, enterpriseId))).map((r) => r.id);
}

/** Retires needs (see schema.ts, archivedAt). */
export async function archiveNeeds(tx: Tx, ids: readonly number[]): Promise<void> {
  for (const part of chunks(ids)) if (part.length > 0) await tx.update(needs).set({ archivedAt: sql`now()`, updatedAt: sql`now()` }).where(inArray(needs.id, part));
}

export async function deleteNeed(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(needs).where(eq(needs.id, id)).returning({ id: needs.id });
  return rows.length > 0;
}

export async function listNeeds(tx: Tx, filter: NeedFilter, page: PageRequest): Promise<Page<NeedRow>> {
  const where = and(
    isNull(needs.archivedAt),
    filter.ownerKeyId !== undefined ? eq(needs.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.enterpriseId ? eq(needs.enterpriseId, filter.enterpriseId) : undefined,
    filter.status ? eq(needs.status, filter.status) : undefined,
    filter.industry ? eq(needs.industry, filter.industry) : undefined,
    filter.category ? eq(needs.category, filter.category) : undefined,
    filter.region ? eq(needs.region, filter.region) : undefined,
    filter.q ? or(ilike(needs.title, containing(filter.q)), ilike(needs.description, containing(filter.q))) : undefined,
  );
  const items = await tx.select().from(needs).where(where).orderBy(needs.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(needs).where(where);
  return { items, ...page, total: total!.n };
}

export async function allNeedIds(tx: Tx): Promise<number[]> {
  return (await tx.select({ id: needs.id }).from(needs).orderBy(needs.id)).map((r) => r.id);
}

/** When each need in service last changed: what a process holding needs in memory compares its copies with. */
export async function needStamps(tx: Tx): Promise<Array<{ id: number; updatedAt: Date }>> {
  return tx.select({ id: needs.id, updatedAt: needs.updatedAt }).from(needs).where(isNull(needs.archivedAt));
}

/** Open needs in service whose deadline (if any) is not before `today` (YYYY-MM-DD in Shaoxing). */
export async function openNeeds(tx: Tx, today: string): Promise<NeedRow[]> {
  return tx
    .select()
    .from(needs)
    .where(and(eq(needs.status, 'open'), isNull(needs.archivedAt), or(isNull(needs.deadline), gte(needs.deadline, today))))
    .orderBy(needs.id);
}

/** How many needs (in service) each enterprise registered: what outreach shows of an enterprise's history. */
export async function needCountsOfEnterprises(tx: Tx, enterpriseIds: readonly number[]): Promise<Map<number, number>> {
  if (enterpriseIds.length === 0) return new Map();
  const rows = await tx
    .select({ enterpriseId: needs.enterpriseId, n: sql<number>`count(*)::int` })
    .from(needs)
    .where(and(inArray(needs.enterpriseId, [...enterpriseIds]), isNull(needs.archivedAt)))
    .groupBy(needs.enterpriseId);
  return new Map(rows.map((r) => [r.enterpriseId, r.n]));
}
