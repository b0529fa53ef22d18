// Deleting a registration without losing operators' work: a record with decided pairings is retired (archivedAt),
// which keeps the pairings, their audit trail and the memory of rejected pairs, and takes it out of matching, the
// batch and lists; its undecided suggestions go. A record nobody decided on is deleted outright. Either way the
// portal sees it gone (404), and operators still see a retired one with its history.
import { hasRole, type Actor } from '../auth/actor.js';
import { AppError } from '../errors.js';
import type { Tx } from '../db/client.js';
import { recordNeedRemovals } from '../indexing/outbox.js';
import * as enterprisesRepo from '../repositories/enterprise.repository.js';
import * as needsRepo from '../repositories/need.repository.js';
import { dropSuggestions, hasDecidedPairings } from '../repositories/pairing.repository.js';
import * as resourcesRepo from '../repositories/resource.repository.js';

/** A record a reader may see: a portal its own in service, an operator anything, retired ones included. */
export function visibleTo(actor: Actor, row: { ownerKeyId: number | null; archivedAt: Date | null }, canSee: (a: Actor, r: { ownerKeyId: number | null }) => boolean): boolean {
  return canSee(actor, row) && (row.archivedAt === null || hasRole(actor, 'operator'));
}

type Kind = 'enterprise' | 'need' | 'resource';

/** The portal's external id is held by a record it deleted that was retired: the id stays with it. */
export function externalIdRetired(kind: Kind, id: number): AppError {
  return new AppError('conflict', `this external id belongs to a${kind === 'enterprise' ? 'n' : ''} ${kind} you deleted; it stays taken`, [{ path: 'externalId', message: `belongs to your deleted ${kind} ${id}` }]);
}

/** The portal's external id is held by another of its records in service. */
export function externalIdInUse(kind: Kind, id: number): AppError {
  return new AppError('conflict', `another of your ${kind === 'enterprise' ? 'enterprises' : `${kind}s`} has this external id`, [{ path: 'externalId', message: `already used by your ${kind} ${id}` }]);
}

/** Whether the resource was retired (true) or deleted (false). */
export async function removeResource(tx: Tx, id: number): Promise<boolean> {
  if (await hasDecidedPairings(tx, { resourceId: id })) {
    await dropSuggestions(tx, { resourceId: id });
    await resourcesRepo.archiveResource(tx, id);
    return true;
  }
  await resourcesRepo.deleteResource(tx, id);
  return false;
}

/** Whether the needs were retired (true) or deleted (false); either way every process hears of it (outbox). */
export async function removeNeeds(tx: Tx, ids: readonly number[]): Promise<boolean> {
  await recordNeedRemovals(tx, ids);
  if (await hasDecidedPairings(tx, { needIds: ids })) {
    await dropSuggestions(tx, { needIds: ids });
    await needsRepo.archiveNeeds(tx, ids);
    return true;
  }
  for (const id of ids) await needsRepo.deleteNeed(tx, id);
  return false;
}

/** An enterprise goes with its needs: retired, with all of them, if any of them was decided on. Returns the needs. */
export async function removeEnterprise(tx: Tx, id: number): Promise<number[]> {
  const needIds = await needsRepo.needIdsOfEnterprise(tx, id);
  await recordNeedRemovals(tx, needIds);
  if (await hasDecidedPairings(tx, { needIds })) {
    await dropSuggestions(tx, { needIds });
    await needsRepo.archiveNeeds(tx, needIds);
    await enterprisesRepo.archiveEnterprise(tx, id);
  } else {
    await enterprisesRepo.deleteEnterprise(tx, id);
  }
  return needIds;
}
