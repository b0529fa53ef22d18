// The search index on disk. The dense index: A snapshot is used only when its digest equals the database's digest of
// (resource id, content hash) for the same model and HNSW parameters, and its files have the size they were saved
// with and checksum; otherwise (or if they cannot be read) the index is rebuilt from stored vectors. The checksum
// matters: hnswlib trusts the file's header, and a damaged one can bring the process down instead of throwing.
// hnswlib's file holds the vectors with the graph; beside it, the ids of the live points (the file also holds
// deleted ones): int32, ascending.
// The keyword index: each resource's words with the index key they were cut from, so a warm start tokenises only
// the texts that changed (and all of them when the tokenizer did).
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
  /** The same of the ids file. */
  ids: { bytes: number; crc32: number };
  savedAt: string;
}

const files = (dir: string) => ({
  index: join(dir, 'resources.hnsw'),
  ids: join(dir, 'resources.ids'),
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

export type SnapshotWant = Omit<SnapshotMeta, 'savedAt' | 'bytes' | 'crc32' | 'ids'>;

/** Why the snapshot in `dir` cannot serve `want`, or undefined when it can. */
export function snapshotMismatch(dir: string, meta: SnapshotMeta | undefined, want: SnapshotWant): string | undefined {
  if (meta === undefined) return 'no snapshot';
  if (meta.modelId !== want.modelId || meta.dimension !== want.dimension) return 'another model';
  if (JSON.stringify(meta.params) !== JSON.stringify(want.params)) return 'other HNSW parameters';
  if (meta.count !== want.count || meta.digest !== want.digest) return 'the stored vectors changed';
  const { index, ids } = files(dir);
  if (statSync(index).size !== meta.bytes || fileCrc32(index) !== meta.crc32) return 'the index file is not the one saved';
  // The ids file's checksum is checked as it is read (loadSnapshot).
  if (!meta.ids || !existsSync(ids) || statSync(ids).size !== meta.ids.bytes) return 'no ids file as saved';
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

/** The graph as saved; throws when the ids file is not the one saved. */
export async function loadSnapshot(dir: string, meta: SnapshotMeta): Promise<DenseIndex> {
  const raw = readFileSync(files(dir).ids);
  if (raw.length !== meta.ids.bytes || crc32(raw) !== meta.ids.crc32 || raw.length !== 4 * meta.count) throw new Error('the ids file is not the one saved');
  const ids = new Int32Array(Uint8Array.from(raw).buffer);
  return DenseIndex.load(files(dir).index, meta.params, meta.dimension, ids);
}

/** Writes index, ids then meta through temporary names, so a crash never leaves a meta that describes other files. */
export async function saveSnapshot(dir: string, dense: DenseIndex, meta: SnapshotWant): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const f = files(dir);
  const ids = Buffer.from(Int32Array.from(await dense.save(`${f.index}.tmp`)).buffer);
  const bytes = statSync(`${f.index}.tmp`).size;
  const checksum = fileCrc32(`${f.index}.tmp`);
  writeFileSync(`${f.ids}.tmp`, ids);
  renameSync(`${f.index}.tmp`, f.index);
  renameSync(`${f.ids}.tmp`, f.ids);
  writeFileSync(`${f.meta}.tmp`, JSON.stringify({ ...meta, bytes, crc32: checksum, ids: { bytes: ids.length, crc32: crc32(ids) }, savedAt: new Date().toISOString() }, null, 2));
  renameSync(`${f.meta}.tmp`, f.meta);
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
