// One word's postings in the keyword index: document slots in increasing order with their term frequencies, and
// what pruning needs to bound the word's score without reading them: the most its saturation (see bm25.ts)
// reaches over the list. That maximum is computed for an average document length a little above the current one
// (a larger average only raises saturation, so it holds until the average passes it), kept up as postings are
// added and recomputed when the average outgrows it. A removed document's posting stays, with tf 0, until
// compaction; the bound may stay above what is left, never below.
import { saturation, type Bm25Params } from './bm25.js';

/** How far above the current average the bound is computed, so that it is not recomputed at every change. */
const AVERAGE_HEADROOM = 1.05;

export class PostingList {
  slots = new Int32Array(4);
  tfs = new Uint16Array(4);
  length = 0;
  /** Live documents holding the word (its document frequency). */
  live = 0;
  /** The average length `most` holds for (0: not computed yet). */
  private boundAverage = 0;
  private most = 0;

  constructor(private readonly params: Bm25Params) {}

  /** Adds a posting after every other (slots only grow). */
  append(slot: number, tf: number, docLength: number): void {
    if (this.length === this.slots.length) {
      this.slots = grow(this.slots, this.length * 2);
      this.tfs = grow(this.tfs, this.length * 2);
    }
    this.slots[this.length] = slot;
    this.tfs[this.length++] = tf;
    if (this.boundAverage > 0) this.most = Math.max(this.most, saturation(tf, docLength, this.boundAverage, this.params));
  }

  /** A removed document's posting: its tf becomes 0 (searches pass over it) until compaction drops it. */
  removeSlot(slot: number): void {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.slots[mid]! < slot) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.length && this.slots[lo] === slot && this.tfs[lo] !== 0) {
      this.tfs[lo] = 0;
      this.live--;
    }
  }

  /** The most any posting's saturation can be at this average document length. */
  maxSaturation(avgDocLength: number, lengthAt: Int32Array): number {
    if (avgDocLength > this.boundAverage) {
      this.boundAverage = avgDocLength * AVERAGE_HEADROOM;
      this.most = 0;
      for (let j = 0; j < this.length; j++) this.most = Math.max(this.most, saturation(this.tfs[j]!, lengthAt[this.slots[j]!]!, this.boundAverage, this.params));
    }
    return this.most;
  }

  /** Gives back what growth left unused. */
  trim(): void {
    if (this.slots.length === this.length) return;
    this.slots = this.slots.slice(0, this.length);
    this.tfs = this.tfs.slice(0, this.length);
  }

  /** Keeps the postings whose slot `renumber` maps to a new one (not -1); the bound is recomputed when next asked. */
  compact(renumber: Int32Array): void {
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      const s = renumber[this.slots[i]!]!;
      if (s < 0) continue;
      this.slots[kept] = s;
      this.tfs[kept++] = this.tfs[i]!;
    }
    this.length = kept;
    this.boundAverage = 0;
  }
}

export function grow<T extends Int32Array | Uint32Array | Uint16Array>(a: T, size: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(Math.max(4, size));
  bigger.set(a);
  return bigger;
}
