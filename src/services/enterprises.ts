import { z } from 'zod';
import { canSee, ownerFilter, withoutContact, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { EnterpriseRow } from '../db/schema.js';
import { enterpriseInput, pageQuery } from '../domain/inputs.js';
import { INDUSTRIES, REGION_CODES } from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import * as repo from '../repositories/enterprise.repository.js';
import type { Page } from '../repositories/paging.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';

type Ctx = Pick<ServiceContext, 'db'>;
const listQuery = z.strictObject({ ...pageQuery, region: z.enum(REGION_CODES).optional(), industry: z.enum(INDUSTRIES).optional(), q: z.string().max(100).optional() });

function toInput(row: EnterpriseRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, ...rest } = withoutNulls(row);
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

/** The enterprise if this actor may see it (a portal: its own); otherwise 404, as if it did not exist. */
export async function visibleEnterprise(tx: Tx, actor: Actor, id: number): Promise<EnterpriseRow> {
  const row = await repo.getEnterprise(tx, id);
  if (!row || !canSee(actor, row)) throw notFound('enterprise', id);
  return row;
}

export async function createEnterprise({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<EnterpriseRow> {
  const data = parse(enterpriseInput, input);
  const row = await ctx.db.transaction(async (tx) => {
    await assertCodeFree(tx, data.creditCode);
    return repo.insertEnterprise(tx, data, actor.keyId);
  });
  return withoutContact(actor, row);
}

export async function updateEnterprise({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<EnterpriseRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await visibleEnterprise(tx, actor, id);
    const data = parse(enterpriseInput, { ...toInput(current), ...patch });
    await assertCodeFree(tx, data.creditCode, id);
    return (await repo.updateEnterprise(tx, id, data))!;
  });
  return withoutContact(actor, row);
}

export async function getEnterprise({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<EnterpriseRow> {
  return withoutContact(actor, await visibleEnterprise(ctx.db, actor, id));
}

/** Deleting an enterprise deletes its needs with it. */
export async function deleteEnterprise({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await visibleEnterprise(tx, actor, id);
    await repo.deleteEnterprise(tx, id);
  });
}

/** `input`: the query string (filters, page, pageSize). */
export async function listEnterprises({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<Page<EnterpriseRow>> {
  const { page, pageSize, ...filter } = parse(listQuery, input, 'query');
  const result = await repo.listEnterprises(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, { page, pageSize });
  return { ...result, items: result.items.map((row) => withoutContact(actor, row)) };
}
