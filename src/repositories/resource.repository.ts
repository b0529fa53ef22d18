import { and, arrayContains, count, eq, gt, ilike, inArray, or } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { resources, type ResourceRow } from '../db/schema.js';
import type { ResourceInput } from '../domain/inputs.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';

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

export async function insertResources(tx: Tx, inputs: ResourceInput[], ownerKeyId: number | null): Promise<ResourceRow[]> {
  const rows: ResourceRow[] = [];
  for (let i = 0; i < inputs.length; i += 500) {
    rows.push(...(await tx.insert(resources).values(inputs.slice(i, i + 500).map((input) => ({ ...values(input), ownerKeyId }))).returning()));
  }
  return rows;
}

export async function updateResource(tx: Tx, id: number, input: ResourceInput): Promise<ResourceRow | undefined> {
  const [row] = await tx.update(resources).set({ ...values(input), updatedAt: new Date() }).where(eq(resources.id, id)).returning();
  return row;
}

export async function getResource(tx: Tx, id: number): Promise<ResourceRow | undefined> {
  const [row] = await tx.select().from(resources).where(eq(resources.id, id));
  return row;
}

export async function getResources(tx: Tx, ids: number[]): Promise<ResourceRow[]> {
  return ids.length === 0 ? [] : tx.select().from(resources).where(inArray(resources.id, ids));
}

export async function findResourceByExternalId(tx: Tx, externalId: string): Promise<ResourceRow | undefined> {
  const [row] = await tx.select().from(resources).where(eq(resources.externalId, externalId));
  return row;
}

export async function deleteResource(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.delete(resources).where(eq(resources.id, id)).returning({ id: resources.id });
  return rows.length > 0;
}

export async function listResources(tx: Tx, filter: ResourceFilter, page: PageRequest): Promise<Page<ResourceRow>> {
  const where = and(
    filter.ownerKeyId !== undefined ? eq(resources.ownerKeyId, filter.ownerKeyId) : undefined,
    filter.kind ? eq(resources.kind, filter.kind) : undefined,
    filter.industry ? arrayContains(resources.industries, [filter.industry]) : undefined,
    filter.category ? arrayContains(resources.categories, [filter.category]) : undefined,
    filter.region ? eq(resources.region, filter.region) : undefined,
    filter.voucherEligible !== undefined ? eq(resources.voucherEligible, filter.voucherEligible) : undefined,
    filter.availability ? eq(resources.availability, filter.availability) : undefined,
    filter.q ? or(ilike(resources.name, `%${filter.q}%`), ilike(resources.description, `%${filter.q}%`)) : undefined,
  );
  const items = await tx.select().from(resources).where(where).orderBy(resources.id).limit(page.pageSize).offset(offsetOf(page));
  const [total] = await tx.select({ n: count() }).from(resources).where(where);
  return { items, ...page, total: total!.n };
}

/** Every resource, in id order, a page at a time (warm-up reads the whole table without holding it twice). */
export async function* allResources(tx: Tx, batch = 2000): AsyncGenerator<ResourceRow[]> {
  let after = 0;
  for (;;) {
    const rows = await tx.select().from(resources).where(gt(resources.id, after)).orderBy(resources.id).limit(batch);
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

export async function countResources(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(resources);
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
