import { z } from 'zod';
import { canSee, ownerFilter, withoutContact, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { ResourceRow } from '../db/schema.js';
import { boolQuery, pageQuery, resourceInput, type ResourceInput } from '../domain/inputs.js';
import { AVAILABILITIES, CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS } from '../domain/taxonomy.js';
import { notFound } from '../errors.js';
import { recordResourceChanges } from '../indexing/outbox.js';
import type { Page } from '../repositories/paging.js';
import * as repo from '../repositories/resource.repository.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';
import { externalIdInUse, externalIdRetired, removeResource, visibleTo } from './retirement.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
export const listQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(RESOURCE_KINDS).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  voucherEligible: boolQuery.optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  q: z.string().max(100).optional(),
});

function toInput(row: ResourceRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, archivedAt: _a, ...rest } = withoutNulls(row);
  return rest;
}

/** The resource if this actor may read it (a portal: its own, in service); otherwise 404, as if it did not exist. */
async function visibleResource(tx: Tx, actor: Actor, id: number): Promise<ResourceRow> {
  const row = await repo.getResource(tx, id);
  if (!row || !visibleTo(actor, row, canSee)) throw notFound('resource', id);
  return row;
}

/** The resource if this actor may change it: visible and in service. */
async function changeableResource(tx: Tx, actor: Actor, id: number): Promise<ResourceRow> {
  const row = await visibleResource(tx, actor, id);
  if (row.archivedAt) throw notFound('resource', id);
  return row;
}

/** Another of the actor's resources that already has this external id. */
async function externalIdHolder(tx: Tx, actor: Actor, data: ResourceInput, exceptId?: number): Promise<ResourceRow | undefined> {
  if (!data.externalId) return undefined;
  const holder = await repo.findResourceByExternalId(tx, actor.keyId, data.externalId);
  return holder && holder.id !== exceptId ? holder : undefined;
}

/** Registers a resource; one with an external id this portal already used updates that record (a retried sync). */
export async function createResource({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<{ record: ResourceRow; created: boolean }> {
  const data = parse(resourceInput, input);
  const { row, created } = await ctx.db.transaction(async (tx) => {
    const existing = await externalIdHolder(tx, actor, data);
    if (existing?.archivedAt) throw externalIdRetired('resource', existing.id);
    const written = existing ? (await repo.updateResource(tx, existing.id, data))! : await repo.insertResource(tx, data, actor.keyId);
    await recordResourceChanges(tx, [written]);
    return { row: written, created: !existing };
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [row.id] });
  return { record: withoutContact(actor, row), created };
}

/** A partial update: the stored record merged with the patch must be a valid registration as a whole. */
export async function updateResource({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<ResourceRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await changeableResource(tx, actor, id);
    const data = parse(resourceInput, { ...toInput(current), ...patch });
    const holder = await externalIdHolder(tx, actor, data, id);
    if (holder) throw externalIdInUse('resource', holder.id);
    const updated = (await repo.updateResource(tx, id, data))!;
    await recordResourceChanges(tx, [updated]);
    return updated;
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [id] });
  return withoutContact(actor, row);
}

export async function getResource({ ctx, actor, id }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; id: number }): Promise<ResourceRow> {
  return withoutContact(actor, await visibleResource(ctx.db, actor, id));
}

/** Deletes a resource, or retires it when operators decided on its pairings (see retirement.ts). */
export async function deleteResource({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await changeableResource(tx, actor, id);
    await removeResource(tx, id);
    await recordResourceChanges(tx, [], [id]);
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [id] });
}

/** `input`: the query string (filters, page, pageSize). */
export async function listResources({ ctx, actor, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }): Promise<Page<ResourceRow>> {
  const { page, pageSize, ...filter } = parse(listQuery, input, 'query');
  const result = await repo.listResources(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, { page, pageSize });
  return { ...result, items: result.items.map((row) => withoutContact(actor, row)) };
}
