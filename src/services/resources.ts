import { z } from 'zod';
import type { ResourceRow } from '../db/schema.js';
import { resourceInput } from '../domain/inputs.js';
import { notFound } from '../errors.js';
import * as repo from '../repositories/resource.repository.js';
import { parse, recordResourceChanges, withoutNulls, type ServiceContext } from './context.js';

function toInput(row: ResourceRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = withoutNulls(row);
  return rest;
}

export async function createResource({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<ResourceRow> {
  const data = parse(resourceInput, input);
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertResource(tx, data);
    await recordResourceChanges(tx, [inserted]);
    return inserted;
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [row.id] });
  return row;
}

/** A partial update: the stored record merged with the patch must be a valid registration as a whole. */
export async function updateResource({ ctx, id, input }: { ctx: ServiceContext; id: number; input: unknown }): Promise<ResourceRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.getResource(tx, id);
    if (!current) throw notFound('resource', id);
    const data = parse(resourceInput, { ...toInput(current), ...patch });
    const updated = (await repo.updateResource(tx, id, data))!;
    await recordResourceChanges(tx, [updated]);
    return updated;
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [id] });
  return row;
}

export async function getResource({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<ResourceRow> {
  const row = await repo.getResource(ctx.db, id);
  if (!row) throw notFound('resource', id);
  return row;
}

export async function deleteResource({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteResource(tx, id))) throw notFound('resource', id);
    await recordResourceChanges(tx, [], [id]);
  });
  await ctx.indexer.changed({ entity: 'resource', ids: [id] });
}

export { listResources } from '../repositories/resource.repository.js';
