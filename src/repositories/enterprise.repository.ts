import { and, count, eq, ilike, inArray, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { enterprises, type EnterpriseRow } from '../db/schema.js';
import type { EnterpriseInput } from '../domain/inputs.js';
import { chunks, ownedBy, writeMany } from './owner.js';
import { containing, offsetOf, type Page, type PageRequest } from './paging.js';

export interface EnterpriseFilter {
  /** Only records this key registered (a portal's view). */
  ownerKeyId?: number | undefined;
  region?: string | undefined;
  industry?: string | undefined;
  q?: string | undefined;
}

const VALUE_COLUMNS = {
  creditCode: enterprises.creditCode, name: enterprises.name, region: enterprises.region, industry: enterprises.industry,
  contact: enterprises.contact, externalId: enterprises.externalId,
};

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

/** Enterprises by credit code, whoever registered them (a credit code is an enterprise's public identifier). */
export async function enterprisesByCreditCode(tx: Tx, codes: readonly string[]): Promise<EnterpriseRow[]> {
  const out: EnterpriseRow[] = [];
  for (const part of chunks([...new Set(codes)])) if (part.length > 0) out.push(...(await tx.select().from(enterprises).where(inArray(enterprises.creditCode, part))));
  return out;
}

/** An owner's enterprises by their external ids. */
export async function enterprisesByExternalId(tx: Tx, ownerKeyId: number | null, externalIds: readonly string[]): Promise<EnterpriseRow[]> {
  const out: EnterpriseRow[] = [];
  for (const part of chunks([...new Set(externalIds)])) {
    if (part.length > 0) out.push(...(await tx.select().from(enterprises).where(and(ownedBy(enterprises.ownerKeyId, ownerKeyId), inArray(enterprises.externalId, part)))));
  }
  return out;
}

export async function getEnterprises(tx: Tx, ids: readonly number[]): Promise<EnterpriseRow[]> {
  const out: EnterpriseRow[] = [];
  for (const part of chunks([...new Set(ids)])) if (part.length > 0) out.push(...(await tx.select().from(enterprises).where(inArray(enterprises.id, part))));
  return out;
}

/** Many at once, in few statements: new ones inserted, existing ones (with their id) overwritten. */
export function writeEnterprises(tx: Tx, fresh: readonly EnterpriseInput[], existing: ReadonlyArray<{ id: number; input: EnterpriseInput }>, ownerKeyId: number | null): Promise<{ inserted: EnterpriseRow[]; updated: EnterpriseRow[] }> {
  return writeMany<EnterpriseRow>(tx, enterprises, fresh.map((input) => ({ ...values(input), ownerKeyId })), existing.map(({ id, input }) => ({ id, ...values(input), ownerKeyId })), VALUE_COLUMNS);
}

/** Retires an enterprise (see schema.ts, archivedAt). */
export async function archiveEnterprise(tx: Tx, id: number): Promise<void> {
  await tx.update(enterprises).set({ archivedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(enterprises.id, id));
}

export async function deleteEnterprise(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(enterprises).where(eq(enterprises.id, id)).returning({ id: enterprises.id });
  return rows.length > 0;
}

export async function listEnterprises(tx: Tx, filter: EnterpriseFilter, page: PageRequest): Promise<Page<EnterpriseRow>> {
  const where = and(
    isNull(enterprises.archivedAt),
    filter.ownerKeyId !== undefined ? eq(enterprises.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.region ? eq(enterprises.region, filter.region) : undefined,
    filter.industry ? eq(enterprises.industry, filter.industry) : undefined,
    filter.q ? ilike(enterprises.name, containing(filter.q)) : undefined,
  );
  const items = await tx.select().from(enterprises).where(where).orderBy(enterprises.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(enterprises).where(where);
  return { items, ...page, total: total!.n };
}

export async function countEnterprises(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(enterprises).where(isNull(enterprises.archivedAt));
  return row!.n;
}
