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
import { BULK_RECORDS, type IndexJob, type Progress } from './outbox.js';
import { isCurrent } from './stored-vector.js';
import { DELETED_KEY, needIndexKey, resourceIndexKey } from './index-key.js';

export interface IndexingContext {
  db: Db;
  embedder: Embedder;
  /** Called with every resource id of the job (deleted ones included) once their vectors are stored. */
  resourcesChanged(ids: number[]): Promise<void>;
  /** The same for needs (a worker announces them: processes that hold the rows read them again). */
  needsChanged?(ids: number[]): Promise<void>;
  /** Resources a single registration or change embedded anew, once indexed: outreach suggests them. */
  outreach?(ids: number[]): Promise<void>;
}

export interface IndexOutcome {
  embedded: number;
  reused: number;
  removed: number;
  /** The index key of the state each id of the job was indexed in (DELETED_KEY for one that is gone). */
  keys: Map<number, string>;
}

const keysOf = (ids: number[], present: Array<[number, string]>) => new Map<number, string>([...ids.map((id) => [id, DELETED_KEY] as [number, string]), ...present]);

/** New vectors for the texts whose stored vector is not current. */
async function freshVectors(
  modelId: string,
  items: Array<{ id: number; text: string }>,
  stored: StoredVector[],
  embed: (texts: string[]) => Promise<Float32Array[]>,
  onProgress?: Progress,
): Promise<StoredVector[]> {
  const byId = new Map(stored.map((s) => [s.id, s]));
  const todo = items.filter((item) => !isCurrent(byId.get(item.id), modelId, item.text));
  const fresh: StoredVector[] = [];
  const chunk = 64;
  for (let i = 0; i < todo.length; i += chunk) {
    const part = todo.slice(i, i + chunk);
    const vectors = await embed(part.map((t) => t.text));
    part.forEach((t, j) => fresh.push({ id: t.id, modelId, contentHash: contentHash(modelId, normaliseText(t.text)), vector: vectors[j]! }));
    onProgress?.(Math.min(i + chunk, todo.length), todo.length);
  }
  return fresh;
}

/** Entities read, embedded and indexed at a time: a query may bind at most 65,535 parameters. */
const CHUNK = 1000;

export async function embedAndIndex(ctx: IndexingContext, job: IndexJob, onProgress?: Progress, chunk = CHUNK): Promise<IndexOutcome> {
  const ids = [...new Set(job.ids)];
  const bulk = job.bulk ?? ids.length > BULK_RECORDS;
  if (ids.length <= chunk) return embedAndIndexChunk(ctx, { entity: job.entity, ids, bulk }, onProgress);
  // A large job (an import) goes a chunk at a time: each chunk is matchable as soon as it is done.
  const total: IndexOutcome = { embedded: 0, reused: 0, removed: 0, keys: new Map() };
  for (let i = 0; i < ids.length; i += chunk) {
    const part = await embedAndIndexChunk(ctx, { entity: job.entity, ids: ids.slice(i, i + chunk), bulk });
    total.embedded += part.embedded;
    total.reused += part.reused;
    total.removed += part.removed;
    for (const [id, key] of part.keys) total.keys.set(id, key);
    onProgress?.(Math.min(i + chunk, ids.length), ids.length);
  }
  return total;
}

async function embedAndIndexChunk(ctx: IndexingContext, job: IndexJob, onProgress?: Progress): Promise<IndexOutcome> {
  const ids = job.ids;
  const modelId = ctx.embedder.modelId;
  if (job.entity === 'need') {
    // A retired need keeps its vector but is no longer matched: nothing to embed.
    const rows = (await getNeeds(ctx.db, ids)).filter((r) => !r.archivedAt);
    const items = rows.map((r) => ({ id: r.id, text: needDocument(r) }));
    const stored = await getNeedVectors(ctx.db, rows.map((r) => r.id), modelId);
    const embedQueries = (texts: string[]) => Promise.all(texts.map((t) => ctx.embedder.embedQuery(t)));
    const fresh = await freshVectors(modelId, items, stored, embedQueries, onProgress);
    await upsertNeedVectors(ctx.db, fresh);
    await ctx.needsChanged?.(ids);
    return { embedded: fresh.length, reused: rows.length - fresh.length, removed: ids.length - rows.length, keys: keysOf(ids, rows.map((r) => [r.id, needIndexKey(r)])) };
  }

  const rows = (await getResources(ctx.db, ids)).map(rowToResource);
  const items = rows.map((r) => ({ id: r.id, text: resourceDocument(r) }));
  const stored = await getResourceVectors(ctx.db, rows.map((r) => r.id));
  const fresh = await freshVectors(modelId, items, stored, (t) => ctx.embedder.embedPassages(t), onProgress);
  await upsertResourceVectors(ctx.db, fresh);
  await ctx.resourcesChanged(ids);
  // An import's resources wait for the nightly batch: scoring every open need for each would hold up the import.
  if (ctx.outreach && !job.bulk && fresh.length > 0) await ctx.outreach(fresh.map((f) => f.id));
  return { embedded: fresh.length, reused: rows.length - fresh.length, removed: ids.length - rows.length, keys: keysOf(ids, rows.map((r) => [r.id, resourceIndexKey(r)])) };
}
