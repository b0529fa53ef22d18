import { and, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { enterprises, type EnterpriseRow } from '../db/schema.js';
import type { EnterpriseInput } from '../domain/inputs.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';

export interface EnterpriseFilter {
  /** Only records this key registered (a portal's view). */
  ownerKeyId?: number | undefined;
  region?: string | undefined;
  industry?: string | undefined;
  q?: string | undefined;
}

const values = (input: EnterpriseInput) => ({
  creditCode: input.creditCode,
  name: input.name,
  region: input.region,
  industry: input.industry ?? null,
  contact: input.contact ?? null,
  externalId: input.externalId ?? null,
});

/** `ownerKeyId`: the API key registering it (null for the system). */
export async function insertEnterprise(tx: Tx, input: EnterpriseInput, ownerKeyId: number | null): Promise<EnterpriseRow> {
  const [row] = await tx.insert(enterprises).values({ ...values(input), ownerKeyId }).returning();
  return row!;
}

export async function updateEnterprise(tx: Tx, id: number, input: EnterpriseInput): Promise<EnterpriseRow | undefined> {
  const [row] = await tx.update(enterprises).set({ ...values(input), updatedAt: new Date() }).where(eq(enterprises.id, id)).returning();
  return row;
}

export async function getEnterprise(tx: Tx, id: number): Promise<EnterpriseRow | undefined> {
  const [row] = await tx.select().from(enterprises).where(eq(enterprises.id, id));
  return row;
}

export async function findEnterprise(tx: Tx, by: { creditCode?: string | undefined; externalId?: string | undefined }): Promise<EnterpriseRow | undefined> {
  const conditions = [
    by.creditCode ? eq(enterprises.creditCode, by.creditCode) : undefined,
    by.externalId ? eq(enterprises.externalId, by.externalId) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (conditions.length === 0) return undefined;
  const [row] = await tx.select().from(enterprises).where(or(...conditions)).limit(1);
  return row;
}

export async function deleteEnterprise(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(enterprises).where(eq(enterprises.id, id)).returning({ id: enterprises.id });
  return rows.length > 0;
}

export async function listEnterprises(tx: Tx, filter: EnterpriseFilter, page: PageRequest): Promise<Page<EnterpriseRow>> {
  const where = and(
    filter.ownerKeyId !== undefined ? eq(enterprises.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.region ? eq(enterprises.region, filter.region) : undefined,
    filter.industry ? eq(enterprises.industry, filter.industry) : undefined,
    filter.q ? ilike(enterprises.name, `%${filter.q}%`) : undefined,
  );
  const items = await tx.select().from(enterprises).where(where).orderBy(enterprises.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(enterprises).where(where);
  return { items, ...page, total: total!.n };
}

export async function countEnterprises(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(enterprises);
  return row!.n;
}
