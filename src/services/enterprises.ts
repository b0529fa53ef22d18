import { z } from 'zod';
import { canSee, ownerFilter, withoutContact, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { EnterpriseRow } from '../db/schema.js';
import { enterpriseInput, pageQuery, type EnterpriseInput } from '../domain/inputs.js';
import { INDUSTRIES, REGION_CODES } from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import * as repo from '../repositories/enterprise.repository.js';
import type { Page } from '../repositories/paging.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';
import { externalIdInUse, externalIdRetired, removeEnterprise, visibleTo } from './retirement.js';

type Ctx = Pick<ServiceContext, 'db'>;
export const listQuery = z.strictObject({ ...pageQuery, region: z.enum(REGION_CODES).optional(), industry: z.enum(INDUSTRIES).optional(), q: z.string().max(100).optional() });

function toInput(row: EnterpriseRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, archivedAt: _a, ...rest } = withoutNulls(row);
  return rest;
}

/**
 * A credit code is an enterprise's public identifier, unique whoever registered it; taken, it answers 409 without
 * naming the record or its portal (that would tell one portal about another's enterprises).
 */
export const CREDIT_CODE_TAKEN = 'an enterprise with this credit code is already registered';

async function assertCodeFree(tx: Tx, creditCode: string, exceptId?: number) {
  const [other] = await repo.enterprisesByCreditCode(tx, [creditCode]);
  if (other && other.id !== exceptId) throw new AppError('conflict', CREDIT_CODE_TAKEN, [{ path: 'creditCode', message: 'already registered' }]);
}

async function externalIdHolder(tx: Tx, actor: Actor, data: EnterpriseInput, exceptId?: number): Promise<EnterpriseRow | undefined> {
  if (!data.externalId) return undefined;
  const [holder] = await repo.enterprisesByExternalId(tx, actor.keyId, [data.externalId]);
  return holder && holder.id !== exceptId ? holder : undefined;
}

/** The enterprise if this actor may read it (a portal: its own, in service); otherwise 404, as if it did not exist. */
export async function visibleEnterprise(tx: Tx, actor: Actor, id: number): Promise<EnterpriseRow> {
  const row = await repo.getEnterprise(tx, id);
  if (!row || !visibleTo(actor, row, canSee)) throw notFound('enterprise', id);
  return row;
}

async function changeableEnterprise(tx: Tx, actor: Actor, id: number): Promise<EnterpriseRow> {
  const row = await visibleEnterprise(tx, actor, id);
  if (row.archivedAt) throw notFound('enterprise', id);
  return row;
}

/** Registers an enterprise; one with an external id this portal already used updates that record (a retried sync). */
export async function createEnterprise({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<{ record: EnterpriseRow; created: boolean }> {
  const data = parse(enterpriseInput, input);
  const { row, created } = await ctx.db.transaction(async (tx) => {
    const existing = await externalIdHolder(tx, actor, data);
    if (existing?.archivedAt) throw externalIdRetired('enterprise', existing.id);
    await assertCodeFree(tx, data.creditCode, existing?.id);
    const written = existing ? (await repo.updateEnterprise(tx, existing.id, data))! : await repo.insertEnterprise(tx, data, actor.keyId);
    return { row: written, created: !existing };
  });
  return { record: withoutContact(actor, row), created };
}

export async function updateEnterprise({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<EnterpriseRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await changeableEnterprise(tx, actor, id);
    const data = parse(enterpriseInput, { ...toInput(current), ...patch });
    await assertCodeFree(tx, data.creditCode, id);
    const holder = await externalIdHolder(tx, actor, data, id);
    if (holder) throw externalIdInUse('enterprise', holder.id);
    return (await repo.updateEnterprise(tx, id, data))!;
  });
  return withoutContact(actor, row);
}

export async function getEnterprise({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<EnterpriseRow> {
  return withoutContact(actor, await visibleEnterprise(ctx.db, actor, id));
}

/** Deletes an enterprise with its needs, or retires them when operators decided on their pairings (retirement.ts). */
export async function deleteEnterprise({ ctx, actor, id }: { ctx: Pick<ServiceContext, 'db' | 'indexer'>; actor: Actor; id: number }): Promise<void> {
  const needIds = await ctx.db.transaction(async (tx) => {
    await changeableEnterprise(tx, actor, id);
    return removeEnterprise(tx, id);
  });
  if (needIds.length > 0) await ctx.indexer.changed({ entity: 'need', ids: needIds });
}

/** `input`: the query string (filters, page, pageSize). */
export async function listEnterprises({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<Page<EnterpriseRow>> {
  const { page, pageSize, ...filter } = parse(listQuery, input, 'query');
  const result = await repo.listEnterprises(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, { page, pageSize });
  return { ...result, items: result.items.map((row) => withoutContact(actor, row)) };
}
