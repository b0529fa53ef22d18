// An in-memory BM25 index over jieba words, updated with the same writes as the dense index.
// Scores are pure arithmetic over term statistics (see bm25Term); nothing here reads the database.
//
// Layout: each document gets a slot (a number that only grows, so every posting list is in slot order by
// appending), each word a term number; a term's postings are two typed arrays (slots, term frequencies), and a
// document's words a run of term numbers with their tfs in arrays all documents share (document-words.ts). At
// 100,000 resources this is a tenth of the memory maps of maps took.
// A removed document's slot is marked dead and its postings get tf 0, which searches pass over; when dead postings
// pass a quarter of the live ones, the arrays are rewritten without them. Top-k search is exact with MaxScore's
// cut-off, read term at a time (see search; its scratch state in partial-scores.ts), and every returned score is
// summed in query-word order: bit for bit what scoring every posting gives.

import { DEFAULT_BM25, bm25Idf, bm25Term, type Bm25Params } from './bm25.js';
import { DocumentWords } from './document-words.js';
import { PartialScores } from './partial-scores.js';
import { PostingList, grow } from './posting-list.js';

export interface LexicalHit {
  id: number;
  /** Raw BM25. */
  score: number;
  /** BM25 divided by the most this query could score (every term saturated): comparable across queries, in [0, 1). */
  normalised: number;
  /** Query words found in the document. */
  matched: string[];
}

/** A query word: its term (undefined when no document has it), idf and weight. */
interface QueryTerm {
  word: string;
  term: number | undefined;
  idf: number;
  weight: number;
}

/** A query's words and what all its hits share; `tfs` is scratch space for one hit. */
interface PreparedQuery {
  terms: QueryTerm[];
  ceiling: number;
  /** Positions in `terms`, highest idf first. */
  byIdf: number[];
  /** The term numbers some document holds, in increasing order, and their positions in `terms`: what a hit reads. */
  known: Uint32Array;
  knownAt: Int32Array;
  tfs: Uint16Array;
}

const DEAD = -1;
const MAX_TF = 0xffff;
/** A weight below which a word's shares would vanish in float32: such words are left out of pruning (see slack). */
const NEGLIGIBLE_WEIGHT = 1e-30;

export class LexicalIndex {
  private readonly termOf = new Map<string, number>();
  /** Term number → word (the inverse of termOf). */
  private readonly wordOf: string[] = [];
  private postings: PostingList[] = [];
  private readonly slotOf = new Map<number, number>();
  /** Per slot: the document's id (DEAD once removed), its length and its words. */
  private idAt = new Int32Array(1024);
  private lengthAt = new Int32Array(1024);
  private readonly words = new DocumentWords();
  private slots = 0;
  private totalLength = 0;
  private livePostings = 0;
  private deadPostings = 0;
  /** Counts changes, so that what searches keep per document (the length norms) knows when to recompute. */
  private version = 0;

  constructor(private readonly params: Bm25Params = DEFAULT_BM25) {}

  get size(): number {
    return this.slotOf.size;
  }

  has(id: number): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces a document's words. */
  upsert(id: number, words: readonly string[]): void {
    this.remove(id);
    this.version++;
    const tf = new Map<number, number>();
    for (const w of words) {
      let term = this.termOf.get(w);
      if (term === undefined) {
        term = this.postings.length;
        this.termOf.set(w, term);
        this.wordOf.push(w);
        this.postings.push(new PostingList(this.params));
      }
      tf.set(term, Math.min(MAX_TF, (tf.get(term) ?? 0) + 1));
    }
    const slot = this.slots++;
    if (slot === this.idAt.length) {
      this.idAt = grow(this.idAt, slot * 2);
      this.lengthAt = grow(this.lengthAt, slot * 2);
    }
    const terms = [...tf.keys()].sort((a, b) => a - b);
    const tfs = terms.map((term) => tf.get(term)!);
    terms.forEach((term, i) => {
      const list = this.postings[term]!;
      list.append(slot, tfs[i]!, words.length);
      list.live++;
    });
    this.idAt[slot] = id;
    this.lengthAt[slot] = words.length;
    this.words.append(slot, terms, tfs);
    this.slotOf.set(id, slot);
    this.totalLength += words.length;
    this.livePostings += terms.length;
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.version++;
    const n = this.words.count(slot);
    for (let i = 0; i < n; i++) this.postings[this.words.termAt(slot, i)]!.removeSlot(slot);
    this.totalLength -= this.lengthAt[slot]!;
    this.idAt[slot] = DEAD;
    this.words.remove(slot);
    this.slotOf.delete(id);
    this.livePostings -= n;
    this.deadPostings += n;
    if (this.deadPostings > Math.max(4096, this.livePostings / 4)) this.compact();
  }

  /** Bytes held in typed arrays (postings, documents' words, per-slot arrays): what the memory report counts. */
  bytes(): number {
    let n = this.idAt.byteLength + this.lengthAt.byteLength + this.scratch.bytes() + this.words.bytes();
    for (const list of this.postings) n += list.slots.byteLength + list.tfs.byteLength;
    return n;
  }

  /** Gives back the room growth left in the arrays: after a bulk load, such as a warm start's. */
  trim(): void {
    this.words.trim();
    for (const list of this.postings) list.trim();
    this.idAt = this.idAt.slice(0, Math.max(1, this.slots));
    this.lengthAt = this.lengthAt.slice(0, Math.max(1, this.slots));
  }

  /** Each document's words (a word repeated as often as it occurs, in no particular order): what a snapshot keeps. */
  *documents(): Generator<[number, string[]]> {
    for (const [id, slot] of this.slotOf) yield [id, this.wordsIn(slot)];
  }

  /** One document's words, as documents() gives them; empty for an unknown id. */
  wordsOf(id: number): string[] {
    const slot = this.slotOf.get(id);
    return slot === undefined ? [] : this.wordsIn(slot);
  }

  private wordsIn(slot: number): string[] {
    const word = this.wordOf;
    const n = this.words.count(slot);
    const words: string[] = [];
    for (let i = 0; i < n; i++) for (let j = 0; j < this.words.tfAt(slot, i); j++) words.push(word[this.words.termAt(slot, i)]!);
    return words;
  }

  /** Rewrites slots and postings without the removed documents (slot order, hence posting order, is kept). */
  private compact(): void {
    const renumber = new Int32Array(this.slots).fill(DEAD);
    let next = 0;
    for (let s = 0; s < this.slots; s++) {
      if (this.idAt[s] === DEAD) continue;
      renumber[s] = next;
      this.idAt[next] = this.idAt[s]!;
      this.lengthAt[next] = this.lengthAt[s]!;
      this.slotOf.set(this.idAt[next]!, next);
      next++;
    }
    this.words.compact(renumber);
    this.slots = next;
    for (const list of this.postings) list.compact(renumber);
    this.deadPostings = 0;
  }

  /**
   * Unique query words with their idf and weight (1 unless `weights` says otherwise: expansion terms count less; a
   * negative weight counts as 0, so that partial scores only grow and pruning holds), with what every hit of the
   * query shares: the most it could score and the words' order by idf for `matched`.
   */
  private prepare(words: readonly string[], weights?: ReadonlyMap<string, number>): PreparedQuery {
    const n = this.slotOf.size;
    const terms = [...new Set(words)].map((word) => {
      const term = this.termOf.get(word);
      return { word, term, idf: bm25Idf(n, term === undefined ? 0 : this.postings[term]!.live), weight: Math.max(0, weights?.get(word) ?? 1) };
    });
    const ceiling = terms.reduce((sum, t) => sum + t.weight * t.idf * (this.params.k1 + 1), 0);
    // A stable sort: words of equal idf keep the query's order.
    const byIdf = terms.map((_, i) => i).sort((a, b) => terms[b]!.idf - terms[a]!.idf);
    const knownAt = terms.flatMap((t, i) => (t.term === undefined ? [] : [i])).sort((a, b) => terms[a]!.term! - terms[b]!.term!);
    const known = Uint32Array.from(knownAt, (i) => terms[i]!.term!);
    return { terms, ceiling, byIdf, known, knownAt: Int32Array.from(knownAt), tfs: new Uint16Array(terms.length) };
  }

  /** One document's hit: its exact score (summed in query-word order) and the query words it holds. */
  private hit(q: PreparedQuery, id: number, slot: number | undefined, avg: number): LexicalHit {
    if (slot === undefined || !this.words.has(slot)) return { id, score: 0, normalised: 0, matched: [] };
    const score = this.exactScore(q, slot, avg);
    const matched: string[] = [];
    for (const i of q.byIdf) if (q.tfs[i]! > 0) matched.push(q.terms[i]!.word);
    return { id, score, normalised: q.ceiling > 0 ? score / q.ceiling : 0, matched };
  }

  /**
   * The best `k` documents for the query words (weighted by `weights`), optionally only those `accept` lets through.
   * Words are read in the order of their best possible contribution, highest first, adding each posting's score to
   * its document. Once the words left could add less than the k-th best partial score (a floor under the final
   * k-th best), no document not yet seen can reach the top k: the remaining words only add to the documents seen,
   * looked up in each document's own words when they are fewer than the word's postings, and documents that can no
   * longer reach the floor are dropped (MaxScore, Turtle & Flood 1995, read term at a time).
   */
  search(words: readonly string[], k: number, accept?: (id: number) => boolean, weights?: ReadonlyMap<string, number>): LexicalHit[] {
    if (this.slotOf.size === 0 || k <= 0) return [];
    const query = this.prepare(words, weights);
    const { terms } = query;
    const avg = this.totalLength / this.slotOf.size;
    const present = terms.filter((t) => t.term !== undefined && this.postings[t.term]!.length > 0);
    // Words of weight 0 (or so near it that a posting's share would round to 0 in float32) add nothing; they only
    // name documents that nothing else found (see below).
    const used = present.filter((t) => t.weight > NEGLIGIBLE_WEIGHT);
    const bound = new Map(used.map((t) => [t, t.weight * t.idf * this.postings[t.term!]!.maxSaturation(avg, this.lengthAt)]));
    used.sort((x, y) => bound.get(y)! - bound.get(x)!);
    let left = used.reduce((sum, t) => sum + bound.get(t)!, 0);

    const { idAt, scratch } = this;
    scratch.begin({ lengthAt: this.lengthAt, slots: this.slots, avg, version: this.version }, this.params, k, accept && ((slot) => accept(idAt[slot]!)));
    const { cells } = scratch;
    let open = true; // documents not seen yet may still enter
    for (const t of used) {
      const list = this.postings[t.term!]!;
      const { slots, tfs } = list;
      // A posting's share, weight × idf × tf (k1 + 1) / (tf + norm): bm25Term's arithmetic, grouped differently;
      // only the exact scores at the end are returned. A removed document's postings have tf 0.
      const m = t.weight * t.idf * (this.params.k1 + 1);
      left -= bound.get(t)!;
      if (open) {
        for (let j = 0; j < list.length; j++) {
          const tf = tfs[j]!;
          if (tf === 0) continue;
          const slot = slots[j]!;
          scratch.add(slot, (m * tf) / (tf + cells[2 * slot]!));
        }
      } else if (scratch.count * 32 < list.length) {
        const { seen, count } = scratch;
        for (let i = 0; i < count; i++) {
          const slot = seen[i]!;
          const tf = this.words.tfIn(slot, t.term);
          if (tf > 0) scratch.add(slot, (m * tf) / (tf + cells[2 * slot]!));
        }
      } else {
        for (let j = 0; j < list.length; j++) {
          const tf = tfs[j]!;
          const slot = slots[j]!;
          if (tf > 0 && cells[2 * slot + 1]! > 0) scratch.add(slot, (m * tf) / (tf + cells[2 * slot]!));
        }
      }
      const floor = slack(scratch.kth(), used.length);
      if (floor === undefined || left >= floor || left === 0) continue;
      // Closed: what is not seen cannot reach the floor; of what is seen, only what still can stays in play.
      scratch.retain(floor, left);
      open = false;
    }
    // The k best by their partial sums, with room for rounding, then scored exactly (query-word order) and ordered.
    const floor = slack(scratch.kth(), used.length) ?? -Infinity;
    const top = new TopK(k);
    const { seen, count } = scratch;
    for (let i = 0; i < count; i++) {
      const slot = seen[i]!;
      if (scratch.partial(slot) >= floor && scratch.accepted(slot)) top.offer(this.hit(query, idAt[slot]!, slot, avg));
    }
    // Fewer than k found by words that count: documents holding only words of weight 0 follow, at score 0.
    if (!top.full) {
      const named = new Set<number>();
      for (const t of present.filter((x) => x.weight === 0)) {
        const { slots, tfs, length } = this.postings[t.term!]!;
        for (let j = 0; j < length; j++) {
          const slot = slots[j]!;
          if (tfs[j] === 0 || scratch.partial(slot) > 0 || named.has(slot) || !scratch.accepted(slot)) continue;
          named.add(slot);
          top.offer(this.hit(query, idAt[slot]!, slot, avg));
        }
      }
    }
    scratch.end();
    return top.best();
  }

  /** Scratch space of search, reused (searches never overlap), with the documents' length norms. */
  private readonly scratch = new PartialScores();

  /** A document's score summed in query-word order, as the exhaustive scorer sums it; its tfs are left in `q.tfs`. */
  private exactScore(q: PreparedQuery, slot: number, avg: number): number {
    const { terms, tfs } = q;
    this.words.tfsOf(slot, q.known, q.knownAt, tfs);
    let score = 0;
    for (let i = 0; i < terms.length; i++) {
      const n = tfs[i]!;
      if (n) score += terms[i]!.weight * bm25Term(terms[i]!.idf, n, this.lengthAt[slot]!, avg, this.params);
    }
    return score;
  }

  /** The same score for one given document (for candidates that came from the dense side). */
  scoreOf(words: readonly string[], id: number, weights?: ReadonlyMap<string, number>): LexicalHit {
    return this.scoresOf(words, [id], weights)[0]!;
  }

  /** scoreOf for many documents, the query's words looked up once. */
  scoresOf(words: readonly string[], ids: Iterable<number>, weights?: ReadonlyMap<string, number>): LexicalHit[] {
    const query = this.prepare(words, weights);
    const avg = this.totalLength / this.slotOf.size;
    return Array.from(ids, (id) => this.hit(query, id, this.slotOf.get(id), avg));
  }
}

/**
 * A little below the k-th best partial score, so that rounding never drops a document that belongs in the top k.
 * Partial scores are float32 sums of `words` shares, each share and each sum rounded once: within (2·words + 1)
 * units of float32 rounding (2⁻²⁴ each) of the exact sum, relatively; the slack is four times that. It also
 * covers the words of negligible weight pruning leaves out, and ties from two orders of summing.
 */
function slack(kth: number | undefined, words: number): number | undefined {
  return kth === undefined ? undefined : kth - Math.abs(kth) * (8 * words + 4) * 2 ** -24 - 1e-12;
}

/**
 * The k highest-scoring hits offered, best first (ties by lower id): a min-heap of the best k so far, so that
 * offering n hits costs O(n log k).
 */
class TopK {
  private readonly heap: LexicalHit[] = [];

  constructor(private readonly k: number) {}

  get full(): boolean {
    return this.heap.length === this.k;
  }

  offer(entry: LexicalHit): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0 && worse(heap[i]!, heap[(i - 1) >> 1]!); i = (i - 1) >> 1) {
        [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1]!, heap[i]!];
      }
      return;
    }
    if (!worse(heap[0]!, entry)) return;
    heap[0] = entry;
    for (let i = 0; ; ) {
      let m = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }

  best(): LexicalHit[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.id - b.id);
  }
}

const worse = (a: LexicalHit, b: LexicalHit) => a.score < b.score || (a.score === b.score && a.id > b.id);
