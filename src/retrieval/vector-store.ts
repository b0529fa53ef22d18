// The JS side's copy of the resources' vectors (see dense-index.ts for why there is one): rows of `dimension`
// floats in chunks of CHUNK_ROWS, a map from id to row, and the rows freed by removals reused first. One
// Float32Array per chunk instead of one per vector saves the per-object overhead (about 150 bytes a vector, and
// 100,000 objects less for the garbage collector to trace), and a chunk grows the store without copying it.
// `rows()` and `fromRows` write and read it whole, for the snapshot.

const CHUNK_ROWS = 4096;

export class VectorStore {
  private readonly rowOf = new Map<number, number>();
  private readonly chunks: Float32Array[] = [];
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly dimension: number) {}

  get size(): number {
    return this.rowOf.size;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  ids(): IterableIterator<number> {
    return this.rowOf.keys();
  }

  bytes(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  /** The stored vector: a view into the store, valid until this id is changed or removed. */
  get(id: number): Float32Array | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.view(row);
  }

  /** The dot product of a stored vector with `v`, summed in index order (undefined for an unknown id). */
  dot(id: number, v: ArrayLike<number>): number | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined) return undefined;
    const chunk = this.chunks[Math.floor(row / CHUNK_ROWS)]!;
    const at = (row % CHUNK_ROWS) * this.dimension;
    let dot = 0;
    for (let i = 0; i < this.dimension; i++) dot += chunk[at + i]! * v[i]!;
    return dot;
  }

  set(id: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimension) throw new Error(`a vector of ${vector.length} numbers, not ${this.dimension}`);
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.free.pop() ?? this.next++;
      if (row >= this.chunks.length * CHUNK_ROWS) this.chunks.push(new Float32Array(CHUNK_ROWS * this.dimension));
      this.rowOf.set(id, row);
    }
    this.view(row).set(vector);
  }

  delete(id: number): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    this.rowOf.delete(id);
    this.free.push(row);
    return true;
  }

  /** Every id with its vector, in one pass (ids ascending, so that equal stores write equal bytes). */
  *rows(): Generator<[number, Float32Array]> {
    for (const id of [...this.rowOf.keys()].sort((a, b) => a - b)) yield [id, this.view(this.rowOf.get(id)!)];
  }

  /**
   * A store of `ids.length` vectors (distinct ids), in that order, laid out as rows() gives them: `read` fills each
   * chunk's bytes in turn, straight from where they are kept (no second copy of the whole on the way).
   */
  static fromRows(dimension: number, ids: ArrayLike<number>, read: (into: Uint8Array) => void): VectorStore {
    const store = new VectorStore(dimension);
    for (let start = 0; start < ids.length; start += CHUNK_ROWS) {
      const chunk = new Float32Array(CHUNK_ROWS * dimension);
      read(new Uint8Array(chunk.buffer, 0, Math.min(CHUNK_ROWS, ids.length - start) * dimension * 4));
      store.chunks.push(chunk);
    }
    for (let i = 0; i < ids.length; i++) store.rowOf.set(ids[i]!, i);
    store.next = ids.length;
    return store;
  }

  private view(row: number): Float32Array {
    const chunk = this.chunks[Math.floor(row / CHUNK_ROWS)]!;
    const at = (row % CHUNK_ROWS) * this.dimension;
    return chunk.subarray(at, at + this.dimension);
  }
}
