import { and, arrayContains, count, eq, gt, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { resources, type ResourceRow } from '../db/schema.js';
import type { ResourceInput } from '../domain/inputs.js';
import { chunks, ownedBy, writeMany } from './owner.js';
import { containing, offsetOf, type Page, type PageRequest } from './paging.js';

export interface ResourceFilter {
  /** Only records this key registered (a portal's view). */
  ownerKeyId?: number | undefined;
  kind?: string | undefined;
  industry?: string | undefined;
  category?: string | undefined;
  region?: string | undefined;
  voucherEligible?: boolean | undefined;
  availability?: string | undefined;
  q?: string | undefined;
}

const VALUE_COLUMNS = {
  kind: resources.kind, name: resources.name, description: resources.description, industries: resources.industries, categories: resources.categories,
  region: resources.region, voucherEligible: resources.voucherEligible, capacityPerMonth: resources.capacityPerMonth, availability: resources.availability,
  details: resources.details, contact: resources.contact, externalId: resources.externalId, complex: resources.complex,
};

const values = (input: ResourceInput) => ({
  kind: input.kind,
  name: input.name,
  description: input.description,
  industries: input.industries,
  categories: input.categories,
  region: input.region ?? null,
  voucherEligible: input.voucherEligible,
  capacityPerMonth: input.capacityPerMonth,
  availability: input.availability,
  details: input.details,
  contact: input.contact ?? null,
  externalId: input.externalId ?? null,
  complex: input.complex ?? null,
});

/** `ownerKeyId`: the API key registering it (null for the system). */
export async function insertResource(tx: Tx, input: ResourceInput, ownerKeyId: number | null): Promise<ResourceRow> {
  const [row] = await tx.insert(resources).values({ ...values(input), ownerKeyId }).returning();
  return row!;
}

/** Many at once, in few statements: new ones inserted, existing ones (with their id) overwritten. */
export function writeResources(tx: Tx, fresh: readonly ResourceInput[], existing: ReadonlyArray<{ id: number; input: ResourceInput }>, ownerKeyId: number | null): Promise<{ inserted: ResourceRow[]; updated: ResourceRow[] }> {
  return writeMany<ResourceRow>(tx, resources, fresh.map((input) => ({ ...values(input), ownerKeyId })), existing.map(({ id, input }) => ({ id, ...values(input), ownerKeyId })), VALUE_COLUMNS);
}

export async function updateResource(tx: Tx, id: number, input: ResourceInput): Promise<ResourceRow | undefined> {
  const [row] = await tx.update(resources).set({ ...values(input), updatedAt: new Date() }).where(eq(resources.id, id)).returning();
  return row;
}

export async function getResource(tx: Tx, id: number): Promise<ResourceRow | undefined> {
  const [row] = await tx.select().from(resources).where(eq(resources.id, id));
  return row;
}

/** The resources that are in service (not retired) among some ids: what the indexes hold. */
export async function getResources(tx: Tx, ids: number[]): Promise<ResourceRow[]> {
  const out: ResourceRow[] = [];
  for (const part of chunks([...new Set(ids)], 2000)) if (part.length > 0) out.push(...(await tx.select().from(resources).where(and(inArray(resources.id, part), isNull(resources.archivedAt)))));
  return out;
}

/** An owner's resources by their external ids (retired ones included: their external ids stay taken). */
export async function resourcesByExternalId(tx: Tx, ownerKeyId: number | null, externalIds: readonly string[]): Promise<ResourceRow[]> {
  const out: ResourceRow[] = [];
  for (const part of chunks([...new Set(externalIds)])) {
    if (part.length > 0) out.push(...(await tx.select().from(resources).where(and(ownedBy(resources.ownerKeyId, ownerKeyId), inArray(resources.externalId, part)))));
  }
  return out;
}

export async function findResourceByExternalId(tx: Tx, ownerKeyId: number | null, externalId: string): Promise<ResourceRow | undefined> {
  return (await resourcesByExternalId(tx, ownerKeyId, [externalId]))[0];
}

/** Retires a resource (see schema.ts, archivedAt). */
export async function archiveResource(tx: Tx, id: number): Promise<void> {
  await tx.update(resources).set({ archivedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(resources.id, id));
}

export async function deleteResource(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(resources).where(eq(resources.id, id)).returning({ id: resources.id });
  return rows.length > 0;
}

export async function listResources(tx: Tx, filter: ResourceFilter, page: PageRequest): Promise<Page<ResourceRow>> {
  const where = and(
    isNull(resources.archivedAt),
    filter.ownerKeyId !== undefined ? eq(resources.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.kind ? eq(resources.kind, filter.kind) : undefined,
    filter.industry ? arrayContains(resources.industries, [filter.industry]) : undefined,
    filter.category ? arrayContains(resources.categories, [filter.category]) : undefined,
    filter.region ? eq(resources.region, filter.region) : undefined,
    filter.voucherEligible !== undefined ? eq(resources.voucherEligible, filter.voucherEligible) : undefined,
    filter.availability ? eq(resources.availability, filter.availability) : undefined,
    filter.q ? or(ilike(resources.name, containing(filter.q)), ilike(resources.description, containing(filter.q))) : undefined,
  );
  const items = await tx.select().from(resources).where(where).orderBy(resources.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(resources).where(where);
  return { items, ...page, total: total!.n };
}

/** The columns indexing reads of a resource (rowToResource's), not its contact, owner or timestamps. */
const INDEXED_COLUMNS = {
  id: resources.id, kind: resources.kind, name: resources.name, description: resources.description, industries: resources.industries,
  categories: resources.categories, region: resources.region, voucherEligible: resources.voucherEligible,
  capacityPerMonth: resources.capacityPerMonth, availability: resources.availability, details: resources.details,
};
export type IndexedResourceRow = Pick<ResourceRow, keyof typeof INDEXED_COLUMNS>;

/** Every resource in service, in id order, a page at a time (warm-up reads the whole table without holding it twice). */
export async function* allResources(tx: Tx, batch = 2000): AsyncGenerator<IndexedResourceRow[]> {
  let after = 0;
  for (;;) {
    const rows = await tx.select(INDEXED_COLUMNS).from(resources).where(and(gt(resources.id, after), isNull(resources.archivedAt))).orderBy(resources.id).limit(batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** The ids of every resource in service, ascending. */
export async function resourceIdsInService(tx: Tx): Promise<number[]> {
  const rows = await tx.select({ id: resources.id }).from(resources).where(isNull(resources.archivedAt)).orderBy(resources.id);
  return rows.map((r) => r.id);
}

export async function countResources(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(resources).where(isNull(resources.archivedAt));
  return row!.n;
}

export async function findResourceIdsByExternalId(tx: Tx, externalIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < externalIds.length; i += 1000) {
    const rows = await tx
      .select({ id: resources.id, externalId: resources.externalId })
      .from(resources)
      .where(inArray(resources.externalId, externalIds.slice(i, i + 1000)));
    for (const r of rows) out.set(r.externalId!, r.id);
  }
  return out;
}
