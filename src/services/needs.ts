import { z } from 'zod';
import { canSee, ownerFilter, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { needInput, pageQuery } from '../domain/inputs.js';
import { CATEGORIES, INDUSTRIES, NEED_STATUSES, REGION_CODES } from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import { getEnterprise } from '../repositories/enterprise.repository.js';
import * as repo from '../repositories/need.repository.js';
import type { Page } from '../repositories/paging.js';
import { recordNeedChanges } from '../indexing/outbox.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
const listQuery = z.strictObject({
  ...pageQuery,
  enterpriseId: z.coerce.number().int().positive().optional(),
  status: z.enum(NEED_STATUSES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  q: z.string().max(100).optional(),
});

function toInput(row: NeedRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, ...rest } = withoutNulls(row);
  return rest;
}

/** The need's enterprise, which the actor must be able to see (a portal registers needs of its own enterprises). */
async function enterpriseFor(tx: Tx, actor: Actor, enterpriseId: number) {
  const enterprise = await getEnterprise(tx, enterpriseId);
  if (!enterprise || !canSee(actor, enterprise)) {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'enterpriseId', message: `enterprise ${enterpriseId} does not exist` }]);
  }
  return enterprise;
}

/** The need if this actor may see it (a portal: its own); otherwise 404, as if it did not exist. */
export async function visibleNeed(tx: Tx, actor: Actor, id: number): Promise<NeedRow> {
  const row = await repo.getNeed(tx, id);
  if (!row || !canSee(actor, row)) throw notFound('need', id);
  return row;
}

export async function createNeed({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<NeedRow> {
  const data = parse(needInput, input);
  const row = await ctx.db.transaction(async (tx) => {
    const enterprise = await enterpriseFor(tx, actor, data.enterpriseId);
    // A need without a region is where its enterprise is.
    if (!data.region) data.region = enterprise.region;
    const inserted = await repo.insertNeed(tx, data, actor.keyId);
    await recordNeedChanges(tx, [inserted]);
    return inserted;
  });
  await ctx.indexer.changed({ entity: 'need', ids: [row.id] });
  return row;
}

export async function updateNeed({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<NeedRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await visibleNeed(tx, actor, id);
    const data = parse(needInput, { ...toInput(current), ...patch });
    await enterpriseFor(tx, actor, data.enterpriseId);
    const updated = (await repo.updateNeed(tx, id, data))!;
    await recordNeedChanges(tx, [updated]);
    return updated;
  });
  await ctx.indexer.changed({ entity: 'need', ids: [id] });
  return row;
}

export async function getNeed({ ctx, actor, id }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; id: number }): Promise<NeedRow> {
  return visibleNeed(ctx.db, actor, id);
}

export async function deleteNeed({ ctx, actor, id }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await visibleNeed(tx, actor, id);
    await repo.deleteNeed(tx, id);
  });
}

/** `input`: the query string (filters, page, pageSize). */
export async function listNeeds({ ctx, actor, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }): Promise<Page<NeedRow>> {
  const { page, pageSize, ...filter } = parse(listQuery, input, 'query');
  return repo.listNeeds(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, { page, pageSize });
}
