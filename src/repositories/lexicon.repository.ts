import { desc, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { lexiconVersions } from '../db/schema.js';

export type LexiconVersionRow = typeof lexiconVersions.$inferSelect;

/** The newest version operators made, if any. */
export async function newestLexicon(tx: Tx): Promise<LexiconVersionRow | undefined> {
  const [row] = await tx.select().from(lexiconVersions).orderBy(desc(lexiconVersions.version)).limit(1);
  return row;
}

/** The newest version number only (cheap: what a refresh compares). */
export async function newestLexiconVersion(tx: Tx): Promise<number | undefined> {
  const [row] = await tx.select({ v: sql<number | null>`max(${lexiconVersions.version})` }).from(lexiconVersions);
  return row?.v ?? undefined;
}

/** Versions and their changes, newest first, without the concepts. */
export async function lexiconHistory(tx: Tx, limit: number) {
  return tx
    .select({ version: lexiconVersions.version, change: lexiconVersions.change, conceptKey: lexiconVersions.conceptKey, actorName: lexiconVersions.actorName, note: lexiconVersions.note, createdAt: lexiconVersions.createdAt })
    .from(lexiconVersions)
    .orderBy(desc(lexiconVersions.version))
    .limit(limit);
}

/** Serialises writers of a new version (two operators editing at once take turns). */
export async function lockLexicon(tx: Tx): Promise<void> {
  await tx.execute(sql`lock table ${lexiconVersions} in exclusive mode`);
}

export async function insertLexiconVersion(tx: Tx, row: typeof lexiconVersions.$inferInsert): Promise<LexiconVersionRow> {
  const [inserted] = await tx.insert(lexiconVersions).values(row).returning();
  return inserted!;
}
