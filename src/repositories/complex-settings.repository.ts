import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { complexSettings } from '../db/schema.js';

export type ComplexSettingsRow = typeof complexSettings.$inferSelect;

export async function allComplexSettings(tx: Tx): Promise<ComplexSettingsRow[]> {
  return tx.select().from(complexSettings);
}

export async function complexSettingsOf(tx: Tx, complex: string): Promise<ComplexSettingsRow | undefined> {
  const [row] = await tx.select().from(complexSettings).where(eq(complexSettings.complex, complex));
  return row;
}

export async function saveComplexSettings(tx: Tx, complex: string, set: { outreach: boolean }, updatedBy: string): Promise<ComplexSettingsRow> {
  const [row] = await tx
    .insert(complexSettings)
    .values({ complex, ...set, updatedBy })
    .onConflictDoUpdate({ target: complexSettings.complex, set: { ...set, updatedBy, updatedAt: sql`now()` } })
    .returning();
  return row!;
}
