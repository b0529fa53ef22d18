// The scratch state of keyword searches (see LexicalIndex.search): per document slot its BM25 length norm and its
// partial score side by side, so that a posting touches one cache line where separate arrays read at random cost
// a miss each; in float32, so that at 100,000 documents the pairs take 0.8 MB and stay in a core's cache (a long
// query 6–15% faster than with float64; pruning allows for the rounding, see slack in lexical-index.ts, and the
// scores returned are computed exactly from the words); the slots a search has seen; and the k best partial
// scores among the accepted slots in a min-heap that follows them as they grow. Partial scores only grow, so the
// heap is exactly the current k best at every step and the floor pruning needs (the k-th best) costs one read. A
// slot is seen when its partial score is above 0: every posting adds more than 0 (words of negligible weight are
// not read).
// Reused from search to search (they never overlap); nothing is allocated once the arrays have grown to the
// index's size.
import type { Bm25Params } from './bm25.js';

export class PartialScores {
  /** Per slot: [2s] its length norm k1 (1 − b + b·length / average), [2s + 1] its partial score (0: not seen). */
  cells = new Float32Array(0);
  /** The slots seen and still in play, the first `count` entries. */
  seen = new Int32Array(0);
  count = 0;
  /** The index's version the norms were computed at (-1: none yet). */
  private normsFor = -1;
  /** 1 + a slot's position in the heap, 0 when it is not there. */
  private heapAt = new Int32Array(0);
  private heap = new Int32Array(0);
  private held = 0;
  /** The k-th best partial score once k are held, -Infinity before: what a slot must beat to enter the heap. */
  private bar = -Infinity;
  /** Whether `accept` let a slot through, asked once per search: +search yes, -search no. */
  private acceptedIn = new Int32Array(0);
  private search = 0;
  private k = 0;
  private accept: ((slot: number) => boolean) | undefined;

  bytes(): number {
    return this.cells.byteLength + this.seen.byteLength + this.heapAt.byteLength + this.heap.byteLength + this.acceptedIn.byteLength;
  }

  /**
   * Starts a search over `slots` slots for the best `k`, counting only the slots `accept` lets through; the norms
   * are recomputed when the documents changed since the last search (`version` tells).
   */
  begin(index: { lengthAt: Int32Array; slots: number; avg: number; version: number }, params: Bm25Params, k: number, accept?: (slot: number) => boolean): void {
    const { lengthAt, slots, avg, version } = index;
    if (this.seen.length < slots) {
      const size = Math.max(slots, this.seen.length * 2);
      this.cells = new Float32Array(2 * size);
      this.seen = new Int32Array(size);
      this.heapAt = new Int32Array(size);
      this.acceptedIn = new Int32Array(size);
      this.normsFor = -1;
    }
    if (version !== this.normsFor) {
      const { k1, b } = params;
      for (let s = 0; s < slots; s++) this.cells[2 * s] = k1 * (1 - b + (b * lengthAt[s]!) / avg);
      this.normsFor = version;
    }
    if (this.heap.length < k) this.heap = new Int32Array(k);
    if (this.search === 2 ** 31 - 1) {
      this.acceptedIn.fill(0);
      this.search = 0;
    }
    this.search++;
    this.count = 0;
    this.held = 0;
    this.bar = -Infinity;
    this.k = k;
    this.accept = accept;
  }

  /** Clears what this search marked, so that the next one starts clean. */
  end(): void {
    const { cells, seen } = this;
    for (let i = 0; i < this.count; i++) cells[2 * seen[i]! + 1] = 0;
    for (let i = 0; i < this.held; i++) this.heapAt[this.heap[i]!] = 0;
    this.count = 0;
    this.held = 0;
    this.accept = undefined;
  }

  partial(slot: number): number {
    return this.cells[2 * slot + 1]!;
  }

  /** Adds `c` (> 0) to a slot's partial score, recording the slot when this search first sees it. */
  add(slot: number, c: number): void {
    const cells = this.cells;
    const was = cells[2 * slot + 1]!;
    if (was === 0) this.seen[this.count++] = slot;
    const p = was + c;
    cells[2 * slot + 1] = p;
    // Not above the k-th best (as it was before this slot's own score moved), the slot cannot be in the heap: its
    // key only grew. The common case reads nothing else.
    if (p <= this.bar) return;
    const at = this.heapAt[slot]!;
    if (at !== 0) this.down(at - 1);
    else if (this.accepted(slot)) this.offer(slot);
    if (this.held === this.k) this.bar = cells[2 * this.heap[0]! + 1]!;
  }

  /** The k-th best partial score among accepted slots, undefined while fewer than k are held. */
  kth(): number | undefined {
    return this.held === this.k && this.k > 0 ? this.cells[2 * this.heap[0]! + 1] : undefined;
  }

  accepted(slot: number): boolean {
    if (!this.accept) return true;
    const s = this.acceptedIn[slot]!;
    if (s === this.search) return true;
    if (s === -this.search) return false;
    const ok = this.accept(slot);
    this.acceptedIn[slot] = ok ? this.search : -this.search;
    return ok;
  }

  /** Drops from play the seen slots that cannot reach `floor` with `left` more, or that are not accepted. */
  retain(floor: number, left: number): void {
    const { seen, cells } = this;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const slot = seen[i]!;
      if (cells[2 * slot + 1]! + left >= floor && this.accepted(slot)) seen[kept++] = slot;
      else cells[2 * slot + 1] = 0;
    }
    this.count = kept;
  }

  private offer(slot: number): void {
    const { heap, heapAt } = this;
    if (this.held < this.k) {
      heap[this.held++] = slot;
      this.up(this.held - 1);
      return;
    }
    heapAt[heap[0]!] = 0;
    heap[0] = slot;
    this.down(0);
  }

  private up(i: number): void {
    const { heap, heapAt, cells } = this;
    const slot = heap[i]!;
    const key = cells[2 * slot + 1]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (cells[2 * p + 1]! <= key) break;
      heap[i] = p;
      heapAt[p] = i + 1;
      i = parent;
    }
    heap[i] = slot;
    heapAt[slot] = i + 1;
  }

  private down(i: number): void {
    const { heap, heapAt, cells, held } = this;
    const slot = heap[i]!;
    const key = cells[2 * slot + 1]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= held) break;
      const r = l + 1;
      const c = r < held && cells[2 * heap[r]! + 1]! < cells[2 * heap[l]! + 1]! ? r : l;
      const child = heap[c]!;
      if (cells[2 * child + 1]! >= key) break;
      heap[i] = child;
      heapAt[child] = i + 1;
      i = c;
    }
    heap[i] = slot;
    heapAt[slot] = i + 1;
  }
}
