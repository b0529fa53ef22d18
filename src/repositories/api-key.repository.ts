import { desc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { apiKeys } from '../db/schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(tx: Tx, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [inserted] = await tx.insert(apiKeys).values(row).returning();
  return inserted!;
}

export async function findApiKeyByHash(tx: Tx, hash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.hash, hash));
  return row;
}

export async function listApiKeys(tx: Tx): Promise<ApiKeyRow[]> {
  return tx.select().from(apiKeys).orderBy(desc(apiKeys.id));
}

/** Revokes by id; false when there is no such key or it was already revoked. */
export async function revokeApiKey(tx: Tx, id: number): Promise<boolean> {
  const rows = await tx.update(apiKeys).set({ revokedAt: sql`now()` }).where(sql`${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null`).returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Keys ever created, revoked ones included. */
export async function countApiKeys(tx: Tx): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(apiKeys);
  return row!.n;
}

/** Serialises first-key creation across processes starting at once. */
export async function lockApiKeys(tx: Tx): Promise<void> {
  await tx.execute(sql`lock table ${apiKeys} in exclusive mode`);
}
