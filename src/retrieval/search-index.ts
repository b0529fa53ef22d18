// The in-memory state a match reads: resource profiles, the dense (HNSW) index and the lexical (BM25) index,
// always changed together so the three agree.
import { DEFAULT_HNSW, DenseIndex, type HnswParams } from './dense-index.js';
import type { ResourceProfile } from './documents.js';
import { LexicalIndex } from './lexical-index.js';

export class SearchIndex {
  readonly profiles = new Map<number, ResourceProfile>();
  readonly lexical = new LexicalIndex();
  /** The index key (see indexing/index-key.ts) each resource was indexed with: what a reconcile compares. */
  readonly keys = new Map<number, string>();

  constructor(public dense: DenseIndex) {}

  static empty(dimension: number, params: HnswParams = DEFAULT_HNSW): SearchIndex {
    return new SearchIndex(new DenseIndex(dimension, params));
  }

  get size(): number {
    return this.profiles.size;
  }

  upsert(profile: ResourceProfile, vector: Float32Array, words: readonly string[], key: string): void {
    this.dense.upsert(profile.id, vector);
    this.addText(profile, words, key);
  }

  /** Profile and words only, for warm-up: the dense side is loaded from a snapshot or built in bulk. */
  addText(profile: ResourceProfile, words: readonly string[], key: string): void {
    this.lexical.upsert(profile.id, words);
    this.profiles.set(profile.id, profile);
    this.keys.set(profile.id, key);
  }

  /** Each resource's id, index key and words: what the words snapshot keeps. */
  *documents(): Generator<[number, string, string[]]> {
    for (const [id, words] of this.lexical.documents()) yield [id, this.keys.get(id)!, words];
  }

  remove(id: number): void {
    this.dense.remove(id);
    this.lexical.remove(id);
    this.profiles.delete(id);
    this.keys.delete(id);
  }
}
