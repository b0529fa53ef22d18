// The HNSW vector index (hnswlib-node). Labels are resource ids. Updates mark the old point deleted and re-add
// the label (hnswlib then reuses the slot); the capacity doubles when full.
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
  private readonly live = new Set<number>();

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
    return this.live.size;
  }

  has(id: number): boolean {
    return this.live.has(id);
  }

  ids(): number[] {
    return [...this.live];
  }

  upsert(id: number, vector: Float32Array | number[]): void {
    if (this.live.has(id)) this.index.markDelete(id);
    else if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
      this.index.resizeIndex(Math.max(1024, this.index.getMaxElements() * 2));
    }
    this.index.addPoint(Array.from(vector), id);
    this.live.add(id);
  }

  remove(id: number): void {
    if (!this.live.delete(id)) return;
    this.index.markDelete(id);
  }

  search(vector: Float32Array | number[], k: number, accept?: (id: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    const ef = Math.max(this.params.efSearch, n);
    if (this.index.getEf() !== ef) this.index.setEf(ef);
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n, accept);
    return neighbors.map((id, i) => ({ id, similarity: this.params.space === 'cosine' ? 1 - distances[i]! : -distances[i]! }));
  }

  /** Exact similarity of the query to one stored point (for candidates found only by the lexical side). */
  similarityTo(vector: Float32Array | number[], id: number): number {
    if (!this.live.has(id)) return 0;
    const point = this.index.getPoint(id);
    let dot = 0;
    for (let i = 0; i < point.length; i++) dot += point[i]! * vector[i]!;
    return dot;
  }

  async save(path: string): Promise<void> {
    await this.index.writeIndex(path);
  }

  static async load(path: string, dimension: number, params: HnswParams = DEFAULT_HNSW, liveIds: Iterable<number>): Promise<DenseIndex> {
    const dense = new DenseIndex(dimension, params, 1);
    await dense.index.readIndex(path);
    dense.index.setEf(params.efSearch);
    for (const id of liveIds) dense.live.add(id);
    return dense;
  }
}
