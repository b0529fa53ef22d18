// Builds the in-memory search index from the database alone, at start: profiles from the rows, BM25 from the words
// the snapshot saved for texts that did not change (the others are tokenised), the dense index from the on-disk
// snapshot when it matches the stored vectors (else rebuilt from them). It reports which
// resources have no current vector (their text changed while nobody was indexing) for the caller to embed.
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { getResourceVectors, resourceVectorDigest } from '../repositories/embedding.repository.js';
import { allResources } from '../repositories/resource.repository.js';
import { DEFAULT_HNSW, DenseIndex, type HnswParams } from '../retrieval/dense-index.js';
import { resourceDocument, rowToResource, toProfile, type ResourceLike } from '../retrieval/documents.js';
import { SearchIndex } from '../retrieval/search-index.js';
import { loadSnapshot, readSnapshotMeta, readWordsSnapshot, snapshotMismatch, type SnapshotWant } from '../retrieval/snapshot.js';
import { TOKENIZER_ID, tokenize } from '../retrieval/tokenize.js';
import { resourceIndexKey } from './index-key.js';
import type { Progress } from './outbox.js';
import { isCurrent } from './stored-vector.js';

export interface WarmUpResult {
  index: SearchIndex;
  source: 'snapshot' | 'rebuilt';
  /** Resources whose stored vector is missing or older than their text. */
  stale: number[];
  /** Texts tokenised because the snapshot had no words for them as they are. */
  tokenised: number;
  /** What a snapshot of this index must match. */
  want: SnapshotWant;
}

export async function warmUp(opts: {
  db: Db;
  modelId: string;
  dimension: number;
  snapshotDir: string;
  log: Logger;
  params?: HnswParams;
  onProgress?: Progress;
}): Promise<WarmUpResult> {
  const { db, modelId, log } = opts;
  const params = opts.params ?? DEFAULT_HNSW;
  const rows: ResourceLike[] = [];
  for await (const batch of allResources(db)) rows.push(...batch.map(rowToResource));

  const want = { modelId, dimension: opts.dimension, params, ...(await resourceVectorDigest(db, modelId)) };
  const meta = readSnapshotMeta(opts.snapshotDir);
  const ids = rows.map((r) => r.id);
  const stored = new Map<number, { modelId: string; contentHash: string; vector: Float32Array }>();
  for (let i = 0; i < ids.length; i += 2000) {
    for (const v of await getResourceVectors(db, ids.slice(i, i + 2000))) if (v.modelId === modelId) stored.set(v.id, v);
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
    dense = new DenseIndex(opts.dimension, params, Math.max(1024, Math.ceil(stored.size * 1.25)));
    let n = 0;
    for (const [id, s] of stored) {
      dense.upsert(id, s.vector);
      if (++n % 5000 === 0) opts.onProgress?.(n, stored.size);
    }
    source = 'rebuilt';
  }
  const index = new SearchIndex(dense);
  const saved = readWordsSnapshot(opts.snapshotDir, TOKENIZER_ID);
  const stale: number[] = [];
  let tokenised = 0;
  for (const r of rows) {
    const text = resourceDocument(r);
    if (!isCurrent(stored.get(r.id), modelId, text)) stale.push(r.id);
    const key = resourceIndexKey(r);
    const entry = saved?.get(r.id);
    let words = entry?.key === key ? entry.words : undefined;
    if (!words) {
      words = tokenize(text);
      tokenised++;
    }
    index.addText(toProfile(r), words, key);
  }
  return { index, source, stale, tokenised, want };
}
