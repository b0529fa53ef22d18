import { z } from 'zod';
import { canSee, ownerFilter, withoutContact, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { ResourceRow } from '../db/schema.js';
import { resourceInput } from '../domain/inputs.js';
import { notFound } from '../errors.js';
import type { Page, PageRequest } from '../repositories/paging.js';
import * as repo from '../repositories/resource.repository.js';
import { parse, recordResourceChanges, withoutNulls, type ServiceContext } from './context.js';

function toInput(row: ResourceRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, ...rest } = withoutNulls(row);
  return rest;
}

async function visibleResource(tx: Tx, actor: Actor, id: number): Promise<ResourceRow> {
  const row = await repo.getResource(tx, id);
  if (!row || !canSee(actor, row)) throw notFound('resource', id);
  return row;
}

export async function createResource({ ctx, actor, input }: { ctx: ServiceContext; actor: Actor; input: unknown }): Promise<ResourceRow> {
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
export async function updateResource({ ctx, actor, id, input }: { ctx: ServiceContext; actor: Actor; id: number; input: unknown }): Promise<ResourceRow> {
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

export async function getResource({ ctx, actor, id }: { ctx: ServiceContext; actor: Actor; id: number }): Promise<ResourceRow> {
  return withoutContact(actor, await visibleResource(ctx.db, actor, id));
}

export async function deleteResource({ ctx, actor, id }: { ctx: ServiceContext; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await visibleResource(tx, actor, id);
    await repo.deleteResource(tx, id);
    await recordResourceChanges(tx, [], [id]);
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [id] });
}

export async function listResources({ ctx, actor, filter, page }: { ctx: ServiceContext; actor: Actor; filter: repo.ResourceFilter; page: PageRequest }): Promise<Page<ResourceRow>> {
  const result = await repo.listResources(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, page);
  return { ...result, items: result.items.map((row) => withoutContact(actor, row)) };
}
