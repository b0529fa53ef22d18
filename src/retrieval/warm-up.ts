// Builds the in-memory search state from the database alone at start: profiles and BM25 from the rows, the dense
// index from the on-disk snapshot when it matches the stored vectors (else rebuilt from them), then any resource
// whose text changed while nobody was indexing is re-embedded.
import type { Db } from '../db/client.js';
import type { Embedder } from '../embedding/embedder.js';
import { contentHash, normaliseText } from '../embedding/normalise.js';
import { embedAndIndex, type Progress } from '../jobs/embed-and-index.js';
import type { Logger } from '../log.js';
import { getResourceVectors, resourceVectorDigest } from '../repositories/embedding.repository.js';
import { allResources } from '../repositories/resource.repository.js';
import { DEFAULT_HNSW, DenseIndex, type HnswParams } from './dense-index.js';
import { resourceDocument, rowToResource, toProfile, type ResourceLike } from './documents.js';
import { SearchIndex } from './search-index.js';
import { refreshFromDatabase } from './refresh.js';
import { loadSnapshot, readSnapshotMeta, saveSnapshot, snapshotMismatch } from './snapshot.js';
import { tokenize } from './tokenize.js';
import { resourceIndexKey } from '../jobs/index-key.js';

export interface WarmUpResult {
  index: SearchIndex;
  source: 'snapshot' | 'rebuilt';
  reembedded: number;
}

export async function warmUp(opts: {
  db: Db;
  embedder: Embedder;
  snapshotDir: string;
  log: Logger;
  params?: HnswParams;
  onProgress?: Progress;
}): Promise<WarmUpResult> {
  const { db, embedder, log } = opts;
  const params = opts.params ?? DEFAULT_HNSW;
  const rows: ResourceLike[] = [];
  for await (const batch of allResources(db)) rows.push(...batch.map(rowToResource));
  const texts = new Map(rows.map((r) => [r.id, resourceDocument(r)]));

  const want = { modelId: embedder.modelId, dimension: embedder.dimension, params, ...(await resourceVectorDigest(db, embedder.modelId)) };
  const meta = readSnapshotMeta(opts.snapshotDir);
  const ids = rows.map((r) => r.id);
  const stale: number[] = [];
  const stored = new Map<number, { hash: string; vector: Float32Array }>();
  for (let i = 0; i < ids.length; i += 2000) {
    for (const v of await getResourceVectors(db, ids.slice(i, i + 2000))) {
      if (v.modelId === embedder.modelId) stored.set(v.id, { hash: v.contentHash, vector: v.vector });
    }
  }
  let dense: DenseIndex | undefined;
  let source: WarmUpResult['source'] = 'snapshot';
  const mismatch = snapshotMismatch(opts.snapshotDir, meta, want);
  if (mismatch === undefined) {
    dense = await loadSnapshot(opts.snapshotDir, meta!, [...stored].map(([id, s]) => [id, s.vector] as [number, Float32Array])).catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'the index snapshot cannot be read; rebuilding it');
      return undefined;
    });
  } else if (meta) log.info({ reason: mismatch }, 'the index snapshot does not match the database; rebuilding it');
  if (!dense) {
    dense = new DenseIndex(embedder.dimension, params, Math.max(1024, Math.ceil(stored.size * 1.25)));
    let n = 0;
    for (const [id, s] of stored) {
      dense.upsert(id, s.vector);
      if (++n % 5000 === 0) opts.onProgress?.(n, stored.size);
    }
    source = 'rebuilt';
  }
  const index = new SearchIndex(dense);
  for (const r of rows) {
    const text = texts.get(r.id)!;
    const s = stored.get(r.id);
    if (!s || s.hash !== contentHash(embedder.modelId, normaliseText(text))) stale.push(r.id);
    index.addText(toProfile(r), tokenize(text), resourceIndexKey(r));
  }
  if (stale.length > 0) {
    log.info({ stale: stale.length }, 'embedding resources whose text has no current vector');
    const resourcesChanged = async (ids: number[]) => void (await refreshFromDatabase(db, index, embedder.modelId, ids));
    await embedAndIndex({ db, embedder, resourcesChanged }, { entity: 'resource', ids: stale }, opts.onProgress);
  }
  if (source === 'rebuilt' || stale.length > 0) {
    await saveSnapshot(opts.snapshotDir, index.dense, { ...want, ...(await resourceVectorDigest(db, embedder.modelId)) });
  }
  return { index, source, reembedded: stale.length };
}
