// The search index on disk. The dense index: A snapshot is used only when its digest equals the database's digest of
// (resource id, content hash) for the same model and HNSW parameters, and its files have the size they were saved
// with and checksum; otherwise (or if they cannot be read) the index is rebuilt from stored vectors. The checksum
// matters: hnswlib trusts the file's header, and a damaged one can bring the process down instead of throwing.
// Beside the graph, the JS side's copy of the vectors (vector-store.ts), so that a warm start reads no vector from
// the database: [count, dimension as uint32][ids as int32][the vectors as float32, in the ids' order].
// The keyword index: each resource's words with the index key they were cut from, so a warm start tokenises only
// the texts that changed (and all of them when the tokenizer did).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { DenseIndex, type HnswParams } from './dense-index.js';
import { VectorStore } from './vector-store.js';

export interface SnapshotMeta {
  modelId: string;
  dimension: number;
  params: HnswParams;
  count: number;
  digest: string;
  /** Size and CRC-32 of the index file as written: a truncated or damaged file is not loaded. */
  bytes: number;
  crc32: number;
  /** The same of the vectors file. */
  vectors: { bytes: number; crc32: number };
  savedAt: string;
}

const files = (dir: string) => ({
  index: join(dir, 'resources.hnsw'),
  vectors: join(dir, 'resources.vectors'),
  meta: join(dir, 'resources.meta.json'),
  words: join(dir, 'resources.words'),
});

export function readSnapshotMeta(dir: string): SnapshotMeta | undefined {
  const f = files(dir);
  if (!existsSync(f.meta) || !existsSync(f.index)) return undefined;
  try {
    return JSON.parse(readFileSync(f.meta, 'utf8')) as SnapshotMeta;
  } catch {
    return undefined;
  }
}

export type SnapshotWant = Omit<SnapshotMeta, 'savedAt' | 'bytes' | 'crc32' | 'vectors'>;

/** Why the snapshot in `dir` cannot serve `want`, or undefined when it can. */
export function snapshotMismatch(dir: string, meta: SnapshotMeta | undefined, want: SnapshotWant): string | undefined {
  if (meta === undefined) return 'no snapshot';
  if (meta.modelId !== want.modelId || meta.dimension !== want.dimension) return 'another model';
  if (JSON.stringify(meta.params) !== JSON.stringify(want.params)) return 'other HNSW parameters';
  if (meta.count !== want.count || meta.digest !== want.digest) return 'the stored vectors changed';
  const { index, vectors } = files(dir);
  if (statSync(index).size !== meta.bytes || fileCrc32(index) !== meta.crc32) return 'the index file is not the one saved';
  // The vectors file's checksum is checked as it is read (loadSnapshot).
  if (!meta.vectors || !existsSync(vectors) || statSync(vectors).size !== meta.vectors.bytes) return 'no vectors file as saved';
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

/** The graph and the vectors as saved; throws when the vectors file is not the one saved. */
export async function loadSnapshot(dir: string, meta: SnapshotMeta): Promise<DenseIndex> {
  return DenseIndex.load(files(dir).index, meta.params, readVectors(files(dir).vectors, meta));
}

/** Writes index, vectors then meta through temporary names, so a crash never leaves a meta that describes other files. */
export async function saveSnapshot(dir: string, dense: DenseIndex, meta: SnapshotWant): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const f = files(dir);
  await dense.save(`${f.index}.tmp`);
  const bytes = statSync(`${f.index}.tmp`).size;
  const checksum = fileCrc32(`${f.index}.tmp`);
  const vectors = writeVectors(`${f.vectors}.tmp`, dense.store);
  renameSync(`${f.index}.tmp`, f.index);
  renameSync(`${f.vectors}.tmp`, f.vectors);
  writeFileSync(`${f.meta}.tmp`, JSON.stringify({ ...meta, bytes, crc32: checksum, vectors, savedAt: new Date().toISOString() }, null, 2));
  renameSync(`${f.meta}.tmp`, f.meta);
}

function writeVectors(path: string, store: VectorStore): { bytes: number; crc32: number } {
  const ids = Int32Array.from([...store.ids()].sort((a, b) => a - b));
  const fd = openSync(path, 'w');
  let crc = 0;
  let bytes = 0;
  const write = (chunk: Uint8Array) => {
    writeSync(fd, chunk);
    crc = crc32(chunk, crc);
    bytes += chunk.byteLength;
  };
  try {
    write(new Uint8Array(Uint32Array.of(ids.length, store.dimension).buffer));
    write(new Uint8Array(ids.buffer));
    // In pieces of about 1 MiB rather than one write per vector.
    const rows = Math.max(1, Math.floor((1 << 20) / (store.dimension * 4)));
    const piece = new Float32Array(rows * store.dimension);
    let n = 0;
    const flush = () => {
      if (n > 0) write(new Uint8Array(piece.buffer, 0, n * store.dimension * 4));
      n = 0;
    };
    for (const [, v] of store.rows()) {
      piece.set(v, n++ * store.dimension);
      if (n === rows) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes, crc32: crc };
}

function readVectors(path: string, meta: SnapshotMeta): VectorStore {
  const fd = openSync(path, 'r');
  try {
    let crc = 0;
    const read = (into: Uint8Array) => {
      for (let at = 0; at < into.byteLength; ) {
        const n = readSync(fd, into, at, into.byteLength - at, null);
        if (n === 0) throw new Error('the vectors file ends early');
        at += n;
      }
      crc = crc32(into, crc);
    };
    const head = new Uint32Array(2);
    read(new Uint8Array(head.buffer));
    const [count, dimension] = [head[0]!, head[1]!];
    if (dimension !== meta.dimension || 8 + count * (1 + dimension) * 4 !== meta.vectors.bytes) throw new Error('the vectors file holds other vectors');
    const ids = new Int32Array(count);
    read(new Uint8Array(ids.buffer));
    const store = VectorStore.fromRows(dimension, ids, read);
    if (crc !== meta.vectors.crc32 || store.size !== count) throw new Error('the vectors file is not the one saved');
    return store;
  } finally {
    closeSync(fd);
  }
}

/** A resource's words as saved, with the index key of the text they were cut from. */
export interface SavedWords {
  key: string;
  words: string[];
}

interface WordsHeader {
  tokenizer: string;
  /** The words' dictionary, the documents' ids and index keys, and the CRC-32 of the body. */
  words: string[];
  ids: number[];
  keys: string[];
  crc32: number;
}

/**
 * Writes each document's words as [header length][JSON header][padding to 4][body], the body one Uint32Array
 * holding, per document, its number of distinct words, their numbers in the dictionary, then their counts.
 */
export function saveWordsSnapshot(dir: string, tokenizer: string, documents: Iterable<[number, string, readonly string[]]>): void {
  mkdirSync(dir, { recursive: true });
  const dictionary = new Map<string, number>();
  const ids: number[] = [];
  const keys: string[] = [];
  const body: number[] = [];
  for (const [id, key, words] of documents) {
    const counts = new Map<number, number>();
    for (const w of words) {
      let n = dictionary.get(w);
      if (n === undefined) dictionary.set(w, (n = dictionary.size));
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    ids.push(id);
    keys.push(key);
    body.push(counts.size, ...counts.keys(), ...counts.values());
  }
  const data = Buffer.from(Uint32Array.from(body).buffer);
  const header = Buffer.from(JSON.stringify({ tokenizer, words: [...dictionary.keys()], ids, keys, crc32: crc32(data) } satisfies WordsHeader));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const padding = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4);
  const file = files(dir).words;
  writeFileSync(`${file}.tmp`, Buffer.concat([length, header, padding, data]));
  renameSync(`${file}.tmp`, file);
}

/**
 * Saved words by resource id, decoded when asked for: a warm start then holds one document's words at a time, not
 * every document's at once.
 */
export class SavedWordsFile {
  private readonly at = new Map<number, number>();

  constructor(
    private readonly dictionary: readonly string[],
    ids: readonly number[],
    private readonly keys: readonly string[],
    /** Per document: its number of distinct words, their numbers in the dictionary, then their counts. */
    private readonly body: Uint32Array,
    /** Where each document starts in `body`. */
    private readonly offsets: Int32Array,
  ) {
    ids.forEach((id, i) => this.at.set(id, i));
  }

  ids(): IterableIterator<number> {
    return this.at.keys();
  }

  get(id: number): SavedWords | undefined {
    const i = this.at.get(id);
    if (i === undefined) return undefined;
    const { body, dictionary } = this;
    const start = this.offsets[i]!;
    const n = body[start]!;
    const words: string[] = [];
    for (let j = 0; j < n; j++) for (let c = 0; c < body[start + 1 + n + j]!; c++) words.push(dictionary[body[start + 1 + j]!]!);
    return { key: this.keys[i]!, words };
  }

  *[Symbol.iterator](): Generator<[number, SavedWords]> {
    for (const id of this.at.keys()) yield [id, this.get(id)!];
  }
}

/** The saved words, or undefined when there are none, another tokenizer cut them, or the file is damaged. */
export function readWordsSnapshot(dir: string, tokenizer: string): SavedWordsFile | undefined {
  const file = files(dir).words;
  if (!existsSync(file)) return undefined;
  try {
    const raw = readFileSync(file);
    const headerLength = raw.readUInt32LE(0);
    const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as WordsHeader;
    const start = 4 + headerLength + ((4 - ((4 + headerLength) % 4)) % 4);
    const data = raw.subarray(start);
    if (header.tokenizer !== tokenizer || crc32(data) !== header.crc32 || data.length % 4 !== 0) return undefined;
    // A small file's buffer may sit anywhere in Node's pool; a Uint32Array view needs 4-byte alignment.
    const body = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length / 4) : new Uint32Array(Uint8Array.from(data).buffer);
    const offsets = new Int32Array(header.ids.length);
    let at = 0;
    for (let i = 0; i < header.ids.length; i++) {
      if (at >= body.length) return undefined;
      offsets[i] = at;
      at += 1 + 2 * body[at]!;
    }
    if (at !== body.length || header.keys.length !== header.ids.length) return undefined;
    return new SavedWordsFile(header.words, header.ids, header.keys, body, offsets);
  } catch {
    return undefined;
  }
}
