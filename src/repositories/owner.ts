// What the registration repositories share: whose record it is, and writing many rows in few statements.
import { eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '../db/client.js';

/** Records of one owner (an API key; null: the system). */
export function ownedBy(column: PgColumn, ownerKeyId: number | null): SQL {
  return ownerKeyId === null ? isNull(column) : eq(column, ownerKeyId);
}

/** Rows a statement writes at once: PostgreSQL takes at most 65,535 parameters a statement. */
export const CHUNK = 500;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `set` of an upsert that overwrites the given columns with the incoming row's values. */
export function fromExcluded(columns: Record<string, PgColumn>): Record<string, SQL> {
  return Object.fromEntries(Object.entries(columns).map(([key, col]) => [key, sql.raw(`excluded.${col.name}`)]));
}

/** Many rows in few statements: new ones inserted, existing ones (with their id) overwritten in `columns`. */
export async function writeMany<Row>(
  tx: Tx,
  table: PgTable & { id: PgColumn },
  fresh: ReadonlyArray<Record<string, unknown>>,
  existing: ReadonlyArray<Record<string, unknown> & { id: number }>,
  columns: Record<string, PgColumn>,
): Promise<{ inserted: Row[]; updated: Row[] }> {
  const inserted: Row[] = [];
  const updated: Row[] = [];
  for (const part of chunks(fresh)) inserted.push(...((await tx.insert(table).values(part as never).returning()) as Row[]));
  for (const part of chunks(existing)) {
    const set = { ...fromExcluded(columns), updatedAt: sql`now()` };
    updated.push(...((await tx.insert(table).values(part as never).onConflictDoUpdate({ target: table.id, set: set as never }).returning()) as Row[]));
  }
  return { inserted, updated };
}
