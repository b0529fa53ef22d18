import { z } from 'zod';
import type { Tx } from '../db/client.js';
import type { EnterpriseRow } from '../db/schema.js';
import { enterpriseInput } from '../domain/inputs.js';
import { AppError, notFound } from '../errors.js';
import * as repo from '../repositories/enterprise.repository.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';

function toInput(row: EnterpriseRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = withoutNulls(row);
  return rest;
}

async function assertCodeFree(tx: Tx, creditCode: string, exceptId?: number) {
  const other = await repo.findEnterprise(tx, { creditCode });
  if (other && other.id !== exceptId) {
    throw new AppError('conflict', 'an enterprise with this credit code is already registered', [
      { path: 'creditCode', message: `already registered as enterprise ${other.id}` },
    ]);
  }
}

export async function createEnterprise({ ctx, input }: { ctx: ServiceContext; input: unknown }): Promise<EnterpriseRow> {
  const data = parse(enterpriseInput, input);
  return ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, data.creditCode);
    return repo.insertEnterprise(tx, data);
  });
}

export async function updateEnterprise({ ctx, id, input }: { ctx: ServiceContext; id: number; input: unknown }): Promise<EnterpriseRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.getEnterprise(tx, id);
    if (!row) throw notFound('enterprise', id);
    const data = parse(enterpriseInput, { ...toInput(row), ...patch });
    await assertCodeFree(tx, data.creditCode, id);
    return (await repo.updateEnterprise(tx, id, data))!;
  });
}

export async function getEnterprise({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<EnterpriseRow> {
  const row = await repo.getEnterprise(ctx.db, id);
  if (!row) throw notFound('enterprise', id);
  return row;
}

/** Deleting an enterprise deletes its needs with it. */
export async function deleteEnterprise({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<void> {
  if (!(await repo.deleteEnterprise(ctx.db, id))) throw notFound('enterprise', id);
}

export { listEnterprises } from '../repositories/enterprise.repository.js';
