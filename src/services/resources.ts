import { z } from 'zod';
import { canSee, ownerFilter, withoutContact, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { ResourceRow } from '../db/schema.js';
import { boolQuery, pageQuery, resourceInput } from '../domain/inputs.js';
import { AVAILABILITIES, CATEGORIES, INDUSTRIES, REGION_CODES, RESOURCE_KINDS } from '../domain/taxonomy.js';
import { notFound } from '../errors.js';
import type { Page } from '../repositories/paging.js';
import * as repo from '../repositories/resource.repository.js';
import { recordResourceChanges } from '../indexing/outbox.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
const listQuery = z.strictObject({ ...pageQuery, kind: z.enum(RESOURCE_KINDS).optional(), industry: z.enum(INDUSTRIES).optional(), category: z.enum(CATEGORIES).optional(), region: z.enum(REGION_CODES).optional(), voucherEligible: boolQuery.optional(), availability: z.enum(AVAILABILITIES).optional(), q: z.string().max(100).optional() });

function toInput(row: ResourceRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, ...rest } = withoutNulls(row);
  return rest;
}

async function visibleResource(tx: Tx, actor: Actor, id: number): Promise<ResourceRow> {
  const row = await repo.getResource(tx, id);
  if (!row || !canSee(actor, row)) throw notFound('resource', id);
  return row;
}

export async function createResource({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<ResourceRow> {
  const data = parse(resourceInput, input);
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertResource(tx, data, actor.keyId);
    await recordResourceChanges(tx, [inserted]);
    return inserted;
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [row.id] });
  return withoutContact(actor, row);
}

/** A partial update: the stored record merged with the patch must be a valid registration as a whole. */
export async function updateResource({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<ResourceRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await visibleResource(tx, actor, id);
    const data = parse(resourceInput, { ...toInput(current), ...patch });
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

export async function deleteResource({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await visibleResource(tx, actor, id);
    await repo.deleteResource(tx, id);
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
