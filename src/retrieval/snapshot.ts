// The dense index on disk. A snapshot is used only when its digest equals the database's digest of
// (resource id, content hash) for the same model; otherwise the index is rebuilt from stored vectors.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DenseIndex, type HnswParams } from './dense-index.js';

export interface SnapshotMeta {
  modelId: string;
  dimension: number;
  params: HnswParams;
  count: number;
  digest: string;
  savedAt: string;
}

const files = (dir: string) => ({ index: join(dir, 'resources.hnsw'), meta: join(dir, 'resources.meta.json') });

export function readSnapshotMeta(dir: string): SnapshotMeta | undefined {
  const f = files(dir);
  if (!existsSync(f.meta) || !existsSync(f.index)) return undefined;
  try {
    return JSON.parse(readFileSync(f.meta, 'utf8')) as SnapshotMeta;
  } catch {
    return undefined;
  }
}

export function snapshotMatches(meta: SnapshotMeta | undefined, want: Omit<SnapshotMeta, 'savedAt'>): boolean {
  return (
    meta !== undefined && meta.modelId === want.modelId && meta.dimension === want.dimension && meta.count === want.count &&
    meta.digest === want.digest && JSON.stringify(meta.params) === JSON.stringify(want.params)
  );
}

export async function loadSnapshot(dir: string, meta: SnapshotMeta, vectors: Iterable<[number, Float32Array]>): Promise<DenseIndex> {
  return DenseIndex.load(files(dir).index, meta.dimension, meta.params, vectors);
}

/** Writes index then meta through temporary names, so a crash never leaves a meta that describes another index. */
export async function saveSnapshot(dir: string, dense: DenseIndex, meta: Omit<SnapshotMeta, 'savedAt'>): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const f = files(dir);
  await dense.save(`${f.index}.tmp`);
  renameSync(`${f.index}.tmp`, f.index);
  writeFileSync(`${f.meta}.tmp`, JSON.stringify({ ...meta, savedAt: new Date().toISOString() }, null, 2));
  renameSync(`${f.meta}.tmp`, f.meta);
}
