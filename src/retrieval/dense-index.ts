// The HNSW vector index (hnswlib-node). Labels are resource ids. Updates mark the old point deleted and re-add
// the label (hnswlib then reuses the slot); the capacity doubles when full. A copy of each vector is kept on the
// JS side (vector-store.ts): exact similarities for lexical-only candidates cost 45 µs each through getPoint (it
// builds a JS array per call) and well under 1 µs from a Float32Array, for 2 KiB per resource.
import hnswlib from 'hnswlib-node';
import { VectorStore } from './vector-store.js';

const { HierarchicalNSW } = hnswlib;

export interface HnswParams {
  space: 'cosine' | 'l2' | 'ip';
  m: number;
  efConstruction: number;
  efSearch: number;
}
/** Engine defaults; the ANN recall test runs with exactly these (only the space changes). */
export const DEFAULT_HNSW: HnswParams = { space: 'cosine', m: 16, efConstruction: 200, efSearch: 128 };

export interface DenseHit {
  id: number;
  /** Cosine similarity for the cosine space; negative distance otherwise (larger is closer). */
  similarity: number;
}

export class DenseIndex {
  private readonly index: InstanceType<typeof HierarchicalNSW>;
  private vectors: VectorStore;

  constructor(
    readonly dimension: number,
    readonly params: HnswParams = DEFAULT_HNSW,
    initialCapacity = 1024,
  ) {
    this.vectors = new VectorStore(dimension);
    this.index = new HierarchicalNSW(params.space, dimension);
    this.index.initIndex({ maxElements: initialCapacity, m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
    this.index.setEf(params.efSearch);
  }

  get size(): number {
    return this.vectors.size;
  }

  has(id: number): boolean {
    return this.vectors.has(id);
  }

  ids(): number[] {
    return [...this.vectors.ids()];
  }

  /** The JS-side copy of the vectors, as the snapshot writes it. */
  get store(): VectorStore {
    return this.vectors;
  }

  upsert(id: number, vector: Float32Array | number[]): void {
    if (this.vectors.has(id)) this.index.markDelete(id);
    else if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(1024, this.index.getMaxElements() * 2));
    }
    this.index.addPoint(Array.from(vector), id);
    this.vectors.set(id, vector);
  }

  remove(id: number): void {
    if (!this.vectors.delete(id)) return;
    this.index.markDelete(id);
  }

  search(vector: Float32Array | number[], k: number, accept?: (id: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.vectors.size);
    if (n === 0) return [];
    const ef = Math.max(this.params.efSearch, n);
    if (this.index.getEf() !== ef) this.index.setEf(ef);
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n, accept);
    return neighbors.map((id, i) => ({ id, similarity: this.params.space === 'cosine' ? 1 - distances[i]! : -distances[i]! }));
  }

  /** The stored point of a resource (what its outreach compares needs with), a copy. */
  vectorOf(id: number): Float32Array | undefined {
    const v = this.vectors.get(id);
    return v && Float32Array.from(v);
  }

  /** Exact similarity of the query to one stored point (for candidates found only by the lexical side). */
  similarityTo(vector: Float32Array | number[], id: number): number {
    if (this.params.space !== 'cosine') {
      const point = this.vectors.get(id);
      if (!point) return 0;
      let d = 0;
      for (let i = 0; i < point.length; i++) d += (point[i]! - vector[i]!) ** 2;
      return this.params.space === 'l2' ? -d : point.reduce((s, x, i) => s + x * vector[i]!, 0);
    }
    // Stored and query vectors are unit length (the model normalises), so the dot product is the cosine.
    return this.vectors.dot(id, vector) ?? 0;
  }

  /** Cosine similarity of two stored points (0 when either is missing): how alike two resources read. */
  similarityBetween(a: number, b: number): number {
    const pa = this.vectors.get(a);
    return pa ? (this.vectors.dot(b, pa) ?? 0) : 0;
  }

  async save(path: string): Promise<void> {
    await this.index.writeIndex(path);
  }

  /** Loads a saved graph; `vectors` must be the points it holds (checked by the snapshot's digest and checksums). */
  static async load(path: string, params: HnswParams, vectors: VectorStore): Promise<DenseIndex> {
    const dense = new DenseIndex(vectors.dimension, params, 1);
    await dense.index.readIndex(path);
    dense.index.setEf(params.efSearch);
    dense.vectors = vectors;
    return dense;
  }
}
