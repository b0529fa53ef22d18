// The HNSW vector index (hnswlib-node). Labels are resource ids. Updates mark the old point deleted and re-add
// the label (hnswlib then reuses the slot); the capacity doubles when full. The vectors live in hnswlib alone:
// the similarity of a query to a point the search did not return (a keyword-side candidate) or of two points
// (near-duplicates) is measured there too, by calls the project's patch adds (hnsw-patch.ts), with the search's
// own arithmetic, so a resource scores the same whichever side found it.
//
// A search can run on a thread of libuv's pool (searchInParallel) while the caller's thread does other work, such
// as the keyword search. hnswlib does not lock its reads, so a change (add, delete, resize) never runs beside
// one: a change asked for meanwhile waits until the running searches end (about a millisecond) and the searches
// asked for after it wait behind it. A snapshot being written also holds changes back, but not searches.
import hnswlib from 'hnswlib-node';
import { missingPatchedCalls } from './hnsw-patch.js';

const { HierarchicalNSW } = hnswlib;
const missing = missingPatchedCalls();
if (missing.length > 0) throw new Error(`hnswlib-node was built without the project's patch (no ${missing.join(', ')}): run npm install`);

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
  /** The labels of live points (hnswlib keeps deleted ones among its own). */
  private readonly live = new Set<number>();
  /** Searches running on the pool, and snapshots being written. */
  private searching = 0;
  private saving = 0;
  /** Changes waiting for those to end, in the order asked. */
  private changes: Array<() => void> = [];
  /** Searches waiting for the changes to be made. */
  private behindChanges: Array<() => void> = [];

  constructor(
    readonly dimension: number,
    readonly params: HnswParams = DEFAULT_HNSW,
    initialCapacity = 1024,
  ) {
    this.index = new HierarchicalNSW(params.space, dimension);
    this.index.initIndex({ maxElements: initialCapacity, m: params.m, efConstruction: params.efConstruction, randomSeed: 100 });
    // hnswlib searches with max(ef, k): a deeper search than efSearch is asked for by k alone.
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
    if (vector.length !== this.dimension) throw new Error(`a vector of ${vector.length} numbers, not ${this.dimension}`);
    const point = Array.from(vector);
    this.change(() => {
      if (this.live.has(id)) this.index.markDelete(id);
      else if (this.index.getCurrentCount() >= this.index.getMaxElements()) {
        this.index.resizeIndex(Math.max(1024, this.index.getMaxElements() * 2));
      }
      this.index.addPoint(point, id);
      this.live.add(id);
    });
  }

  remove(id: number): void {
    this.change(() => {
      if (this.live.delete(id)) this.index.markDelete(id);
    });
  }

  /** The k nearest points, on this thread (a filter calls back into JavaScript). */
  search(vector: Float32Array | number[], k: number, accept?: (id: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n, accept);
    return neighbors.map((id, i) => ({ id, similarity: this.similarity(distances[i]!) }));
  }

  /** The same search on a thread of the pool: this thread goes on meanwhile. */
  async searchInParallel(vector: Float32Array, k: number): Promise<DenseHit[]> {
    while (this.changes.length > 0 && this.saving === 0) await new Promise<void>((resume) => this.behindChanges.push(resume));
    const n = Math.min(k, this.live.size);
    if (n === 0) return [];
    this.searching++;
    try {
      const { neighbors, distances } = await this.index.searchKnnAsync(vector, n);
      return Array.from(neighbors, (id, i) => ({ id, similarity: this.similarity(distances[i]!) }));
    } finally {
      this.searching--;
      this.makeChanges();
    }
  }

  /** The stored point of a resource (what its outreach compares needs with; unit length in the cosine space). */
  vectorOf(id: number): Float32Array | undefined {
    return this.live.has(id) ? Float32Array.from(this.index.getPoint(id)) : undefined;
  }

  /** The query's similarity to each of these stored points, as the search measures it (0 for one not indexed). */
  similaritiesTo(vector: Float32Array | number[], ids: readonly number[]): number[] {
    const distances = this.index.distancesTo(vector instanceof Float32Array ? vector : Float32Array.from(vector), Uint32Array.from(ids));
    return Array.from(distances, (d) => (Number.isNaN(d) ? 0 : this.similarity(d)));
  }

  similarityTo(vector: Float32Array | number[], id: number): number {
    return this.similaritiesTo(vector, [id])[0]!;
  }

  /** The similarity of two stored points (0 when either is missing): how alike two resources read. */
  similarityBetween(a: number, b: number): number {
    const d = this.index.distanceBetween(a, b);
    return Number.isNaN(d) ? 0 : this.similarity(d);
  }

  /**
   * Writes the graph with its vectors, and gives the ids of the live points it holds, ascending; changes asked for
   * meanwhile are made once it is written.
   */
  async save(path: string): Promise<number[]> {
    // Changes waiting for running searches go first: the file then holds every change asked for before it.
    while (this.changes.length > 0) await new Promise<void>((resume) => this.behindChanges.push(resume));
    const ids = [...this.live].sort((a, b) => a - b);
    this.saving++;
    try {
      await this.index.writeIndex(path);
      return ids;
    } finally {
      this.saving--;
      this.makeChanges();
    }
  }

  /** Loads a saved graph; `ids` must be the live labels it holds (the snapshot's digest and checksums see to it). */
  static async load(path: string, params: HnswParams, dimension: number, ids: Iterable<number>): Promise<DenseIndex> {
    const dense = new DenseIndex(dimension, params, 1);
    await dense.index.readIndex(path);
    dense.index.setEf(params.efSearch);
    for (const id of ids) dense.live.add(id);
    return dense;
  }

  /** hnswlib's distance as a similarity: 1 − d is the cosine in the cosine space. */
  private similarity(distance: number): number {
    return this.params.space === 'cosine' ? 1 - distance : -distance;
  }

  private change(make: () => void): void {
    if (this.searching === 0 && this.saving === 0 && this.changes.length === 0) make();
    else this.changes.push(make);
  }

  /**
   * Once nothing reads on the pool: the waiting changes, in order, then the searches that waited for them. A change
   * that fails does not keep the others from being made; the first failure is thrown after.
   */
  private makeChanges(): void {
    if (this.searching > 0 || this.saving > 0) return;
    const changes = this.changes;
    this.changes = [];
    let failure: { error: unknown } | undefined;
    for (const make of changes) {
      try {
        make();
      } catch (error) {
        failure ??= { error };
      }
    }
    const resume = this.behindChanges;
    this.behindChanges = [];
    for (const r of resume) r();
    if (failure) throw failure.error;
  }
}
