import { z } from 'zod';
import { canSee, ownerFilter, type Actor } from '../auth/actor.js';
import type { Tx } from '../db/client.js';
import type { NeedRow } from '../db/schema.js';
import { pastDeadline } from '../domain/deadline.js';
import { needInput, pageQuery, recordIdQuery, type NeedInput } from '../domain/inputs.js';
import { CATEGORIES, INDUSTRIES, NEED_STATUSES, REGION_CODES } from '../domain/taxonomy.js';
import { AppError, notFound } from '../errors.js';
import { recordNeedChanges } from '../indexing/outbox.js';
import type { StoredNeed } from '../indexing/stored-needs.js';
import { getEnterprise } from '../repositories/enterprise.repository.js';
import * as repo from '../repositories/need.repository.js';
import type { Page } from '../repositories/paging.js';
import { parse, withoutNulls, type ServiceContext } from './context.js';
import { externalIdInUse, externalIdRetired, removeNeeds, visibleTo } from './retirement.js';

type Ctx = Pick<ServiceContext, 'db' | 'indexer'>;
export const listQuery = z.strictObject({
  ...pageQuery,
  enterpriseId: recordIdQuery.optional(),
  status: z.enum(NEED_STATUSES).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGION_CODES).optional(),
  q: z.string().max(100).optional(),
});

function toInput(row: NeedRow) {
  const { id: _id, createdAt: _c, updatedAt: _u, ownerKeyId: _o, archivedAt: _a, ...rest } = withoutNulls(row);
  return rest;
}

/** The need's enterprise, which the actor must be able to see, in service (a portal registers needs of its own enterprises). */
async function enterpriseFor(tx: Tx, actor: Actor, enterpriseId: number) {
  const enterprise = await getEnterprise(tx, enterpriseId);
  if (!enterprise || !canSee(actor, enterprise) || enterprise.archivedAt) {
    throw new AppError('validation_failed', 'the request is not valid', [{ path: 'enterpriseId', message: `enterprise ${enterpriseId} does not exist` }]);
  }
  return enterprise;
}

/** The need if this actor may read it (a portal: its own, in service); otherwise 404, as if it did not exist. */
export async function visibleNeed(tx: Tx, actor: Actor, id: number): Promise<NeedRow> {
  return visible(actor, id, await repo.getNeed(tx, id));
}

function visible(actor: Actor, id: number, row: NeedRow | undefined): NeedRow {
  if (!row || !visibleTo(actor, row, canSee)) throw notFound('need', id);
  return row;
}

function active(actor: Actor, id: number, row: NeedRow | undefined): NeedRow {
  if (visible(actor, id, row).archivedAt) throw notFound('need', id);
  return row!;
}

/** The need if this actor may change it or match it: visible and in service. */
export async function activeNeed(tx: Tx, actor: Actor, id: number): Promise<NeedRow> {
  return active(actor, id, await repo.getNeed(tx, id));
}

/**
 * A need to match by id, from the process's stored needs, with its current vector if it has one: visible, in
 * service and not past its deadline (409: moving the deadline brings it back).
 */
export async function matchableNeed(ctx: Pick<ServiceContext, 'storedNeeds'>, actor: Actor, id: number): Promise<StoredNeed> {
  const stored = await ctx.storedNeeds.get(id);
  const row = active(actor, id, stored?.row);
  if (pastDeadline(row.deadline)) {
    throw new AppError('conflict', `need ${id} is past its deadline (${row.deadline}): it is no longer matched; move its deadline to match it again`, [{ path: 'deadline', message: 'has passed' }]);
  }
  return stored!;
}

async function externalIdHolder(tx: Tx, actor: Actor, data: NeedInput, exceptId?: number): Promise<NeedRow | undefined> {
  if (!data.externalId) return undefined;
  const [holder] = await repo.needsByExternalId(tx, actor.keyId, [data.externalId]);
  return holder && holder.id !== exceptId ? holder : undefined;
}

/** Registers a need; one with an external id this portal already used updates that record (a retried sync). */
export async function createNeed({ ctx, actor, input }: { ctx: Ctx; actor: Actor; input: unknown }): Promise<{ record: NeedRow; created: boolean }> {
  const data = parse(needInput, input);
  const { row, created } = await ctx.db.transaction(async (tx) => {
    const enterprise = await enterpriseFor(tx, actor, data.enterpriseId);
    // A need without a region is where its enterprise is.
    if (!data.region) data.region = enterprise.region;
    const existing = await externalIdHolder(tx, actor, data);
    if (existing?.archivedAt) throw externalIdRetired('need', existing.id);
    const written = existing ? (await repo.updateNeed(tx, existing.id, data))! : await repo.insertNeed(tx, data, actor.keyId);
    await recordNeedChanges(tx, [written]);
    return { row: written, created: !existing };
  });
  await ctx.indexer.changed({ entity: 'need', ids: [row.id] });
  return { record: row, created };
}

export async function updateNeed({ ctx, actor, id, input }: { ctx: Ctx; actor: Actor; id: number; input: unknown }): Promise<NeedRow> {
  const patch = parse(z.record(z.string(), z.unknown()), input);
  const row = await ctx.db.transaction(async (tx) => {
    const current = await activeNeed(tx, actor, id);
    const data = parse(needInput, { ...toInput(current), ...patch });
    await enterpriseFor(tx, actor, data.enterpriseId);
    const holder = await externalIdHolder(tx, actor, data, id);
    if (holder) throw externalIdInUse('need', holder.id);
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

/** Deletes a need, or retires it when operators decided on its pairings (see retirement.ts). */
export async function deleteNeed({ ctx, actor, id }: { ctx: Ctx; actor: Actor; id: number }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await activeNeed(tx, actor, id);
    await removeNeeds(tx, [id]);
  });
  await ctx.indexer.changed({ entity: 'need', ids: [id] });
}

/** `input`: the query string (filters, page, pageSize). */
export async function listNeeds({ ctx, actor, input }: { ctx: Pick<ServiceContext, 'db'>; actor: Actor; input: unknown }): Promise<Page<NeedRow>> {
  const { page, pageSize, ...filter } = parse(listQuery, input, 'query');
  return repo.listNeeds(ctx.db, { ...filter, ownerKeyId: ownerFilter(actor) }, { page, pageSize });
}
