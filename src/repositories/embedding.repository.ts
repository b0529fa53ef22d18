import { and, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { needEmbeddings, needs, resourceEmbeddings, type NeedRow } from '../db/schema.js';
import { chunks } from './owner.js';

export interface StoredVector {
  id: number;
  modelId: string;
  contentHash: string;
  vector: Float32Array;
}

export async function getResourceVectors(tx: Tx, ids: number[]): Promise<StoredVector[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(resourceEmbeddings).where(inArray(resourceEmbeddings.resourceId, ids));
  return rows.map((r) => ({ id: r.resourceId, modelId: r.modelId, contentHash: r.contentHash, vector: r.vector }));
}

/** Which resources have a vector of this model, and for which text (the content hash), without the vectors. */
export async function resourceVectorHashes(tx: Tx, modelId: string): Promise<Array<Omit<StoredVector, 'vector'>>> {
  const rows = await tx
    .select({ id: resourceEmbeddings.resourceId, modelId: resourceEmbeddings.modelId, contentHash: resourceEmbeddings.contentHash })
    .from(resourceEmbeddings)
    .where(eq(resourceEmbeddings.modelId, modelId));
  return rows;
}

export async function upsertResourceVectors(tx: Tx, vectors: StoredVector[]): Promise<void> {
  for (let i = 0; i < vectors.length; i += 500) {
    await tx
      .insert(resourceEmbeddings)
      .values(vectors.slice(i, i + 500).map((v) => ({ resourceId: v.id, modelId: v.modelId, contentHash: v.contentHash, vector: v.vector })))
      .onConflictDoUpdate({
        target: resourceEmbeddings.resourceId,
        set: { modelId: sql`excluded.model_id`, contentHash: sql`excluded.content_hash`, vector: sql`excluded.vector`, updatedAt: sql`now()` },
      });
  }
}

/** A digest of which vectors the database holds for a model: an on-disk index snapshot is valid only for the same digest. */
export async function resourceVectorDigest(tx: Tx, modelId: string): Promise<{ count: number; digest: string }> {
  const rows = await tx.execute<{ n: number; digest: string | null }>(sql`
    select count(*)::int as n,
           md5(string_agg(resource_id::text || ':' || content_hash, ',' order by resource_id)) as digest
    from ${resourceEmbeddings} where model_id = ${modelId}`);
  const row = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: Array<{ n: number; digest: string | null }> }).rows[0])!;
  return { count: Number(row.n), digest: row.digest ?? '' };
}

export async function getNeedVector(tx: Tx, needId: number): Promise<StoredVector | undefined> {
  const [r] = await tx.select().from(needEmbeddings).where(eq(needEmbeddings.needId, needId));
  return r && { id: r.needId, modelId: r.modelId, contentHash: r.contentHash, vector: r.vector };
}

/** Needs' rows with their stored vectors (if any), in one query per CHUNK of ids. */
export async function needsWithVectors(tx: Tx, ids: readonly number[]): Promise<Array<{ row: NeedRow; vector: StoredVector | undefined }>> {
  const out: Array<{ row: NeedRow; vector: StoredVector | undefined }> = [];
  for (const part of chunks(ids)) {
    if (part.length === 0) continue;
    const rows = await tx.select({ row: needs, vector: needEmbeddings }).from(needs).leftJoin(needEmbeddings, eq(needEmbeddings.needId, needs.id)).where(inArray(needs.id, part));
    for (const { row, vector: v } of rows) out.push({ row, vector: v ? { id: v.needId, modelId: v.modelId, contentHash: v.contentHash, vector: v.vector } : undefined });
  }
  return out;
}

export async function getNeedVectors(tx: Tx, ids: number[], modelId: string): Promise<StoredVector[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(needEmbeddings).where(and(inArray(needEmbeddings.needId, ids), eq(needEmbeddings.modelId, modelId)));
  return rows.map((r) => ({ id: r.needId, modelId: r.modelId, contentHash: r.contentHash, vector: r.vector }));
}

export async function upsertNeedVectors(tx: Tx, vectors: StoredVector[]): Promise<void> {
  for (let i = 0; i < vectors.length; i += 500) {
    await tx
      .insert(needEmbeddings)
      .values(vectors.slice(i, i + 500).map((v) => ({ needId: v.id, modelId: v.modelId, contentHash: v.contentHash, vector: v.vector })))
      .onConflictDoUpdate({
        target: needEmbeddings.needId,
        set: { modelId: sql`excluded.model_id`, contentHash: sql`excluded.content_hash`, vector: sql`excluded.vector`, updatedAt: sql`now()` },
      });
  }
}

/**
 * Needs registered with their industry or category, with their stored vector for a model: a classifier's examples.
 * Newest first, `limit` of them with ids below `before` (a page; the classifier learns from the most recent).
 */
export async function labelledNeedVectors(tx: Tx, modelId: string, page: { before?: number; limit: number }) {
  return tx
    .select({ id: needs.id, title: needs.title, description: needs.description, industry: needs.industry, category: needs.category, contentHash: needEmbeddings.contentHash, modelId: needEmbeddings.modelId, vector: needEmbeddings.vector })
    .from(needs)
    .innerJoin(needEmbeddings, eq(needEmbeddings.needId, needs.id))
    .where(and(eq(needEmbeddings.modelId, modelId), or(isNotNull(needs.industry), isNotNull(needs.category)), page.before === undefined ? undefined : lt(needs.id, page.before)))
    .orderBy(desc(needs.id))
    .limit(page.limit);
}

/** Changes whenever a labelled need or its vector changes: when it differs, the classifier is refitted. */
export async function labelledNeedStamp(tx: Tx): Promise<string> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int`, at: sql<string | null>`max(greatest(${needs.updatedAt}, ${needEmbeddings.updatedAt}))::text` })
    .from(needs)
    .innerJoin(needEmbeddings, eq(needEmbeddings.needId, needs.id))
    .where(or(isNotNull(needs.industry), isNotNull(needs.category)));
  return `${row?.n ?? 0}@${row?.at ?? ''}`;
}
