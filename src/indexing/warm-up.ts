// Builds the in-memory search index from the database alone, at start: profiles from the rows, BM25 from the words
// the snapshot saved for texts that did not change (the others are tokenised), the dense index from the on-disk
// snapshot when it matches the stored vectors (else rebuilt from them). It reports which
// resources have no current vector (their text changed while nobody was indexing) for the caller to embed.
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import { getResourceVectors, resourceVectorDigest, resourceVectorHashes, type StoredVector } from '../repositories/embedding.repository.js';
import { allResources, resourceIdsInService } from '../repositories/resource.repository.js';
import { DEFAULT_HNSW, DenseIndex, type HnswParams } from '../retrieval/dense-index.js';
import { resourceDocument, rowToResource, toProfile } from '../retrieval/documents.js';
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
  const want = { modelId, dimension: opts.dimension, params, ...(await resourceVectorDigest(db, modelId)) };
  const meta = readSnapshotMeta(opts.snapshotDir);
  // Which text each stored vector was made from; the vectors themselves are read only to rebuild the graph.
  const stored = new Map<number, Pick<StoredVector, 'modelId' | 'contentHash'>>();
  for (const v of await resourceVectorHashes(db, modelId)) stored.set(v.id, v);
  let dense: DenseIndex | undefined;
  let source: WarmUpResult['source'] = 'snapshot';
  const mismatch = snapshotMismatch(opts.snapshotDir, meta, want);
  if (mismatch === undefined) {
    dense = await loadSnapshot(opts.snapshotDir, meta!).catch((err: unknown) => {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'the index snapshot cannot be read; rebuilding it');
      return undefined;
    });
  } else if (meta) log.info({ reason: mismatch }, 'the index snapshot does not match the database; rebuilding it');
  if (!dense) {
    dense = new DenseIndex(opts.dimension, params, Math.max(1024, Math.ceil(stored.size * 1.25)));
    const ids = (await resourceIdsInService(db)).filter((id) => stored.has(id));
    for (let i = 0; i < ids.length; i += 2000) {
      for (const v of await getResourceVectors(db, ids.slice(i, i + 2000))) {
        if (v.modelId !== modelId) continue;
        dense.upsert(v.id, v.vector);
        stored.set(v.id, v); // as read with its vector, should it have changed since the hashes were read
      }
      opts.onProgress?.(Math.min(ids.length, i + 2000), ids.length);
    }
    source = 'rebuilt';
  }
  const index = new SearchIndex(dense);
  const saved = readWordsSnapshot(opts.snapshotDir, TOKENIZER_ID);
  const stale: number[] = [];
  let tokenised = 0;
  // The rows a page at a time, each page dropped once indexed: their texts are most of what is read.
  for await (const page of allResources(db)) {
    for (const row of page) {
      const r = rowToResource(row);
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
  }
  index.lexical.trim();
  return { index, source, stale, tokenised, want };
}
