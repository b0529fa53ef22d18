import { and, count, eq, ilike, inArray, or } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { needs, type NeedRow } from '../db/schema.js';
import type { NeedInput } from '../domain/inputs.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';

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

export async function findNeedByExternalId(tx: Tx, externalId: string): Promise<NeedRow | undefined> {
  const [row] = await tx.select().from(needs).where(eq(needs.externalId, externalId));
  return row;
}

export async function deleteNeed(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(needs).where(eq(needs.id, id)).returning({ id: needs.id });
  return rows.length > 0;
}

export async function listNeeds(tx: Tx, filter: NeedFilter, page: PageRequest): Promise<Page<NeedRow>> {
  const where = and(
    filter.ownerKeyId !== undefined ? eq(needs.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.enterpriseId ? eq(needs.enterpriseId, filter.enterpriseId) : undefined,
    filter.status ? eq(needs.status, filter.status) : undefined,
    filter.industry ? eq(needs.industry, filter.industry) : undefined,
    filter.category ? eq(needs.category, filter.category) : undefined,
    filter.region ? eq(needs.region, filter.region) : undefined,
    filter.q ? or(ilike(needs.title, `%${filter.q}%`), ilike(needs.description, `%${filter.q}%`)) : undefined,
  );
  const items = await tx.select().from(needs).where(where).orderBy(needs.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(needs).where(where);
  return { items, ...page, total: total!.n };
}

export async function allNeedIds(tx: Tx): Promise<number[]> {
  return (await tx.select({ id: needs.id }).from(needs).orderBy(needs.id)).map((r) => r.id);
}

export async function openNeeds(tx: Tx): Promise<NeedRow[]> {
  return tx.select().from(needs).where(eq(needs.status, 'open')).orderBy(needs.id);
}
