// The in-memory state a match reads: resource profiles, the dense (HNSW) index and the lexical (BM25) index,
// always changed together so the three agree.
import { DEFAULT_HNSW, DenseIndex, type HnswParams } from './dense-index.js';
import type { ResourceProfile } from './documents.js';
import { LexicalIndex } from './lexical-index.js';

export class SearchIndex {
  readonly profiles = new Map<number, ResourceProfile>();
  readonly lexical = new LexicalIndex();

  constructor(public dense: DenseIndex) {}

  static empty(dimension: number, params: HnswParams = DEFAULT_HNSW): SearchIndex {
    return new SearchIndex(new DenseIndex(dimension, params));
  }

  get size(): number {
    return this.profiles.size;
  }

  upsert(profile: ResourceProfile, vector: Float32Array, words: readonly string[]): void {
    this.dense.upsert(profile.id, vector);
    this.lexical.upsert(profile.id, words);
    this.profiles.set(profile.id, profile);
  }

  remove(id: number): void {
    this.dense.remove(id);
    this.lexical.remove(id);
    this.profiles.delete(id);
  }
}
