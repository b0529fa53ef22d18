// The dense index on disk. A snapshot is used only when its digest equals the database's digest of
// (resource id, content hash) for the same model and HNSW parameters, and its file has the size it was saved
// and checksum; otherwise (or if it cannot be read) the index is rebuilt from stored vectors. The checksum matters:
// hnswlib trusts the file's header, and a damaged one can bring the process down instead of throwing.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { DenseIndex, type HnswParams } from './dense-index.js';

export interface SnapshotMeta {
  modelId: string;
  dimension: number;
  params: HnswParams;
  count: number;
  digest: string;
  /** Size and CRC-32 of the index file as written: a truncated or damaged file is not loaded. */
  bytes: number;
  crc32: number;
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

export type SnapshotWant = Omit<SnapshotMeta, 'savedAt' | 'bytes' | 'crc32'>;

/** Why the snapshot in `dir` cannot serve `want`, or undefined when it can. */
export function snapshotMismatch(dir: string, meta: SnapshotMeta | undefined, want: SnapshotWant): string | undefined {
  if (meta === undefined) return 'no snapshot';
  if (meta.modelId !== want.modelId || meta.dimension !== want.dimension) return 'another model';
  if (JSON.stringify(meta.params) !== JSON.stringify(want.params)) return 'other HNSW parameters';
  if (meta.count !== want.count || meta.digest !== want.digest) return 'the stored vectors changed';
  const index = files(dir).index;
  if (statSync(index).size !== meta.bytes || fileCrc32(index) !== meta.crc32) return 'the index file is not the one saved';
  return undefined;
}

function fileCrc32(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let crc = 0;
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) crc = crc32(chunk.subarray(0, n), crc);
    return crc;
  } finally {
    closeSync(fd);
  }
}

export async function loadSnapshot(dir: string, meta: SnapshotMeta, vectors: Iterable<[number, Float32Array]>): Promise<DenseIndex> {
  return DenseIndex.load(files(dir).index, meta.dimension, meta.params, vectors);
}

/** Writes index then meta through temporary names, so a crash never leaves a meta that describes another index. */
export async function saveSnapshot(dir: string, dense: DenseIndex, meta: SnapshotWant): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const f = files(dir);
  await dense.save(`${f.index}.tmp`);
  const bytes = statSync(`${f.index}.tmp`).size;
  const checksum = fileCrc32(`${f.index}.tmp`);
  renameSync(`${f.index}.tmp`, f.index);
  writeFileSync(`${f.meta}.tmp`, JSON.stringify({ ...meta, bytes, crc32: checksum, savedAt: new Date().toISOString() }, null, 2));
  renameSync(`${f.meta}.tmp`, f.meta);
}
