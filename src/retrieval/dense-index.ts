// The HNSW vector index (hnswlib-node). Labels are resource ids. Updates mark the old point deleted and re-add
// the label (hnswlib then reuses the slot); the capacity doubles when full. A copy of each vector is kept on the
// JS side: exact similarities for lexical-only candidates cost 45 µs each through getPoint (it builds a JS array
// per call) and well under 1 µs from a Float32Array, for 2 KiB per resource.
import hnswlib from 'hnswlib-node';

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
  private readonly vectors = new Map<number, Float32Array>();

  constructor(
    readonly dimension: number,
    readonly params: HnswParams = DEFAULT_HNSW,
    initialCapacity = 1024,
  ) {
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
    return [...this.vectors.keys()];
  }

  upsert(id: number, vector: Float32Array | number[]): void {
    if (this.vectors.has(id)) this.index.markDelete(id);
    else if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(1024, this.index.getMaxElements() * 2));
    }
    this.index.addPoint(Array.from(vector), id);
    this.vectors.set(id, Float32Array.from(vector));
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

  /** The stored point of a resource (what its outreach compares needs with). */
  vectorOf(id: number): Float32Array | undefined {
    return this.vectors.get(id);
  }

  /** Exact similarity of the query to one stored point (for candidates found only by the lexical side). */
  similarityTo(vector: Float32Array | number[], id: number): number {
    const point = this.vectors.get(id);
    if (!point) return 0;
    if (this.params.space !== 'cosine') {
      let d = 0;
      for (let i = 0; i < point.length; i++) d += (point[i]! - vector[i]!) ** 2;
      return this.params.space === 'l2' ? -d : point.reduce((s, x, i) => s + x * vector[i]!, 0);
    }
    // Stored and query vectors are unit length (the model normalises), so the dot product is the cosine.
    let dot = 0;
    for (let i = 0; i < point.length; i++) dot += point[i]! * vector[i]!;
    return dot;
  }

  /** Cosine similarity of two stored points (0 when either is missing): how alike two resources read. */
  similarityBetween(a: number, b: number): number {
    const pa = this.vectors.get(a);
    const pb = this.vectors.get(b);
    if (!pa || !pb) return 0;
    let dot = 0;
    for (let i = 0; i < pa.length; i++) dot += pa[i]! * pb[i]!;
    return dot;
  }

  async save(path: string): Promise<void> {
    await this.index.writeIndex(path);
  }

  /** Loads a saved graph; `vectors` must be the points it holds (the database's, checked by the snapshot digest). */
  static async load(path: string, dimension: number, params: HnswParams, vectors: Iterable<[number, Float32Array]>): Promise<DenseIndex> {
    const dense = new DenseIndex(dimension, params, 1);
    await dense.index.readIndex(path);
    dense.index.setEf(params.efSearch);
    for (const [id, v] of vectors) dense.vectors.set(id, v);
    return dense;
  }
}
