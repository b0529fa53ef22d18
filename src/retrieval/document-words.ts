// Each document's words in the keyword index, the other side of its postings: per slot, the document's term numbers
// in increasing order and their tfs, as one run in two arrays shared by every document (term numbers, tfs). One
// pair of arrays instead of a typed array per document: at 100,500 documents those typed arrays took 19 MiB of JS
// heap beside their contents, and a tf fits 16 bits here as in the postings. A removed document's run stays until
// compact() rewrites the arrays; runs are appended in slot order, and compaction keeps them in it.
import { grow } from './posting-list.js';

/** How much a full array grows: a doubling would leave up to half of a large one unused. */
const GROWTH = 1.5;

export class DocumentWords {
  /** Per slot: where its run starts, and its length (-1 once removed). */
  private startAt = new Int32Array(1024);
  private countAt = new Int32Array(1024);
  private terms = new Uint32Array(4096);
  private tfs = new Uint16Array(4096);
  private slots = 0;
  private used = 0;

  /** The next slot's words: `terms` in increasing order with their `tfs`. */
  append(slot: number, terms: readonly number[], tfs: readonly number[]): void {
    if (slot !== this.slots) throw new Error(`slot ${slot} appended after ${this.slots - 1}`);
    if (slot === this.startAt.length) {
      this.startAt = grow(this.startAt, Math.ceil(slot * GROWTH));
      this.countAt = grow(this.countAt, Math.ceil(slot * GROWTH));
    }
    const end = this.used + terms.length;
    if (end > this.terms.length) {
      const size = Math.max(end, Math.ceil(this.terms.length * GROWTH));
      this.terms = grow(this.terms, size);
      this.tfs = grow(this.tfs, size);
    }
    this.terms.set(terms, this.used);
    this.tfs.set(tfs, this.used);
    this.startAt[slot] = this.used;
    this.countAt[slot] = terms.length;
    this.used = end;
    this.slots++;
  }

  has(slot: number): boolean {
    return slot < this.slots && this.countAt[slot]! >= 0;
  }

  /** How many distinct words the document has. */
  count(slot: number): number {
    return Math.max(0, this.countAt[slot]!);
  }

  /** The document's i-th term number and its tf, in increasing term order. */
  termAt(slot: number, i: number): number {
    return this.terms[this.startAt[slot]! + i]!;
  }

  tfAt(slot: number, i: number): number {
    return this.tfs[this.startAt[slot]! + i]!;
  }

  /** The tf of `term` in the document, 0 if absent (a binary search in its run). */
  tfIn(slot: number, term: number | undefined): number {
    if (term === undefined) return 0;
    const { terms } = this;
    const start = this.startAt[slot]!;
    const end = start + Math.max(0, this.countAt[slot]!);
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && terms[lo] === term ? this.tfs[lo]! : 0;
  }

  /**
   * The document's tfs of the given terms (`terms` in increasing order) written to `out` at their `positions`, 0
   * for a term it lacks: one walk along both runs, where a lookup each would search the document's run again.
   */
  tfsOf(slot: number, terms: Uint32Array, positions: Int32Array, out: Uint16Array): void {
    out.fill(0);
    const own = this.terms;
    const end = this.startAt[slot]! + Math.max(0, this.countAt[slot]!);
    let j = this.startAt[slot]!;
    for (let i = 0; i < terms.length && j < end; i++) {
      const term = terms[i]!;
      while (j < end && own[j]! < term) j++;
      if (j < end && own[j] === term) out[positions[i]!] = this.tfs[j++]!;
    }
  }

  remove(slot: number): void {
    this.countAt[slot] = -1;
  }

  /** Keeps the slots `renumber` maps to a new one (not -1), in order, and drops the removed documents' runs. */
  compact(renumber: Int32Array): void {
    let slots = 0;
    let used = 0;
    for (let s = 0; s < this.slots; s++) {
      if (renumber[s]! < 0) continue;
      const n = this.countAt[s]!;
      const start = this.startAt[s]!;
      this.terms.copyWithin(used, start, start + n);
      this.tfs.copyWithin(used, start, start + n);
      this.startAt[slots] = used;
      this.countAt[slots++] = n;
      used += n;
    }
    this.slots = slots;
    this.used = used;
  }

  /** Gives back what growth left unused (after a bulk load, when no more documents are expected soon). */
  trim(): void {
    if (this.terms.length === this.used && this.startAt.length === this.slots) return;
    this.terms = this.terms.slice(0, this.used);
    this.tfs = this.tfs.slice(0, this.used);
    this.startAt = this.startAt.slice(0, this.slots);
    this.countAt = this.countAt.slice(0, this.slots);
  }

  bytes(): number {
    return this.terms.byteLength + this.tfs.byteLength + this.startAt.byteLength + this.countAt.byteLength;
  }
}
