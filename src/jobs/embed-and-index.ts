// The `embed-and-index` processor: brings the stored vectors of some entities in line with their rows, then says
// which resources changed so the indexes follow. Idempotent: it reads the current rows, not the job's payload,
// and an unchanged text reuses its stored vector (content hash). In-process, `resourcesChanged` updates the
// local index; under a queue worker it announces the change to every API process.
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import { contentHash, normaliseText } from '../embedding/normalise.js';
import { getResourceVectors, getNeedVectors, upsertNeedVectors, upsertResourceVectors, type StoredVector } from '../repositories/embedding.repository.js';
import { getNeeds } from '../repositories/need.repository.js';
import { getResources } from '../repositories/resource.repository.js';
import { needDocument, resourceDocument, rowToResource } from '../retrieval/documents.js';

export interface IndexingContext {
  db: Db;
  embedder: Embedder;
  /** Called with every resource id of the job (deleted ones included) once their vectors are stored. */
  resourcesChanged(ids: number[]): Promise<void>;
}

export interface IndexJob {
  entity: 'resource' | 'need';
  ids: number[];
}

export interface IndexOutcome {
  embedded: number;
  reused: number;
  removed: number;
}

export type Progress = (done: number, total: number) => void;

/** New vectors for the texts whose stored vector is missing or was made from another text or model. */
async function vectorsFor(
  embedder: Embedder,
  items: Array<{ id: number; text: string }>,
  stored: StoredVector[],
  embed: (texts: string[]) => Promise<Float32Array[]>,
  onProgress?: Progress,
): Promise<{ fresh: StoredVector[] }> {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const todo: Array<{ id: number; text: string; hash: string }> = [];
  for (const item of items) {
    const hash = contentHash(embedder.modelId, normaliseText(item.text));
    const s = byId.get(item.id);
    if (!s || s.modelId !== embedder.modelId || s.contentHash !== hash) todo.push({ ...item, hash });
  }
  const fresh: StoredVector[] = [];
  const chunk = 64;
  for (let i = 0; i < todo.length; i += chunk) {
    const part = todo.slice(i, i + chunk);
    const vectors = await embed(part.map((t) => t.text));
    part.forEach((t, j) => fresh.push({ id: t.id, modelId: embedder.modelId, contentHash: t.hash, vector: vectors[j]! }));
    onProgress?.(Math.min(i + chunk, todo.length), todo.length);
  }
  return { fresh };
}

export async function embedAndIndex(ctx: IndexingContext, job: IndexJob, onProgress?: Progress): Promise<IndexOutcome> {
  const ids = [...new Set(job.ids)];
  if (job.entity === 'need') {
    const rows = await getNeeds(ctx.db, ids);
    const items = rows.map((r) => ({ id: r.id, text: needDocument(r) }));
    const stored = await getNeedVectors(ctx.db, rows.map((r) => r.id), ctx.embedder.modelId);
    const embedQuery = (texts: string[]) => Promise.all(texts.map((t) => ctx.embedder.embedQuery(t)));
    const { fresh } = await vectorsFor(ctx.embedder, items, stored, embedQuery, onProgress);
    await upsertNeedVectors(ctx.db, fresh);
    return { embedded: fresh.length, reused: rows.length - fresh.length, removed: ids.length - rows.length };
  }

  const rows = (await getResources(ctx.db, ids)).map(rowToResource);
  const items = rows.map((r) => ({ id: r.id, text: resourceDocument(r) }));
  const stored = await getResourceVectors(ctx.db, rows.map((r) => r.id));
  const { fresh } = await vectorsFor(ctx.embedder, items, stored, (t) => ctx.embedder.embedPassages(t), onProgress);
  await upsertResourceVectors(ctx.db, fresh);
  await ctx.resourcesChanged(ids);
  return { embedded: fresh.length, reused: rows.length - fresh.length, removed: ids.length - rows.length };
}
