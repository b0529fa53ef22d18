// Who is asking: the role of the API key a request came with (or the system, for the CLI and the demo seed).
// Roles are ordered: an operator may do what a portal may, an admin what an operator may.

export const ROLES = ['portal', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** The key's id; null for the system itself (command-line tools, the demo seed). */
  keyId: number | null;
  role: Role;
  name: string;
}

export const SYSTEM: Actor = { keyId: null, role: 'admin', name: 'system' };

export function hasRole(actor: Actor, least: Role): boolean {
  return ROLES.indexOf(actor.role) >= ROLES.indexOf(least);
}

/** Portals see their own records only; operators and admins see everything. */
export function canSee(actor: Actor, row: { ownerKeyId: number | null }): boolean {
  return hasRole(actor, 'operator') || (actor.keyId !== null && row.ownerKeyId === actor.keyId);
}

/** The owner filter of a list: a portal lists its own records, everyone else all of them. */
export function ownerFilter(actor: Actor): number | undefined {
  return hasRole(actor, 'operator') ? undefined : (actor.keyId ?? -1);
}

/** Contact details of experts and enterprises are for operators and admins. */
export function withoutContact<T extends { contact?: unknown }>(actor: Actor, row: T): T {
  if (hasRole(actor, 'operator') || !('contact' in row)) return row;
  const { contact: _hidden, ...rest } = row;
  return rest as T;
}
