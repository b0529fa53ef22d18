import { z } from 'zod';
import type { NeedRow } from '../db/schema.js';
import { needInput } from '../domain/inputs.js';
import { AppError, notFound } from '../errors.js';
import { getEnterprise } from '../repositories/enterprise.repository.js';
import * as repo from '../repositories/need.repository.js';
import type { Tx } from '../db/client.js';
import { parse, recordNeedChanges, withoutNulls, type ServiceContext } from './context.js';

function toInput(row: NeedRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = withoutNulls(row);
  return rest;
}

async function assertEnterprise(tx: Tx, enterpriseId: number) {
  if (!(await getEnterprise(tx, enterpriseId))) {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'enterpriseId', message: `enterprise ${enterpriseId} does not exist` }]);
  }
}

export async function createNeed({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<NeedRow> {
  const data = parse(needInput, input);
  const row = await ctx.db.transaction(async (tx) => {
    await assertEnterprise(tx, data.enterpriseId);
    // A need without a region is where its enterprise is.
    if (!data.region) data.region = (await getEnterprise(tx, data.enterpriseId))!.region;
    const inserted = await repo.insertNeed(tx, data);
    await recordNeedChanges(tx, [inserted]);
    return inserted;
  });
  await ctx.indexer.changed({ entity: 'need', ids: [row.id] });
  return row;
}

export async function updateNeed({ ctx, id, input }: { ctx: ServiceContext; id: number; input: unknown }): Promise<NeedRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.getNeed(tx, id);
    if (!current) throw notFound('need', id);
    const data = parse(needInput, { ...toInput(current), ...patch });
    await assertEnterprise(tx, data.enterpriseId);
    const updated = (await repo.updateNeed(tx, id, data))!;
    await recordNeedChanges(tx, [updated]);
    return updated;
  });
  await ctx.indexer.changed({ entity: 'need', ids: [id] });
  return row;
}

export async function getNeed({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<NeedRow> {
  const row = await repo.getNeed(ctx.db, id);
  if (!row) throw notFound('need', id);
  return row;
}

export async function deleteNeed({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<void> {
  if (!(await repo.deleteNeed(ctx.db, id))) throw notFound('need', id);
}

export { listNeeds } from '../repositories/need.repository.js';
