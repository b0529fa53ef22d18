// An in-memory BM25 index over jieba words, updated with the same writes as the dense index.
// Scores are pure arithmetic over term statistics (see bm25Term); nothing here reads the database.

export interface Bm25Params {
  k1: number;
  b: number;
}
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

export function bm25Idf(docCount: number, docFreq: number): number {
  return Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5));
}

export function bm25Term(idf: number, tf: number, docLen: number, avgDocLen: number, p: Bm25Params): number {
  return (idf * tf * (p.k1 + 1)) / (tf + p.k1 * (1 - p.b + (p.b * docLen) / avgDocLen));
}

interface Term {
  word: string;
  idf: number;
  weight: number;
}

export interface LexicalHit {
  id: number;
  /** Raw BM25. */
  score: number;
  /** BM25 divided by the most this query could score (every term saturated): comparable across queries, in [0, 1). */
  normalised: number;
  /** Query words found in the document. */
  matched: string[];
}

export class LexicalIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly docTerms = new Map<number, Map<string, number>>();
  private readonly docLength = new Map<number, number>();
  private totalLength = 0;

  constructor(private readonly params: Bm25Params = DEFAULT_BM25) {}

  get size(): number {
    return this.docTerms.size;
  }

  has(id: number): boolean {
    return this.docTerms.has(id);
  }

  /** Adds or replaces a document's words. */
  upsert(id: number, words: readonly string[]): void {
    this.remove(id);
    const tf = new Map<string, number>();
    for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
    for (const [w, n] of tf) {
      let list = this.postings.get(w);
      if (!list) this.postings.set(w, (list = new Map()));
      list.set(id, n);
    }
    this.docTerms.set(id, tf);
    this.docLength.set(id, words.length);
    this.totalLength += words.length;
  }

  remove(id: number): void {
    const tf = this.docTerms.get(id);
    if (!tf) return;
    for (const w of tf.keys()) {
      const list = this.postings.get(w)!;
      list.delete(id);
      if (list.size === 0) this.postings.delete(w);
    }
    this.totalLength -= this.docLength.get(id)!;
    this.docTerms.delete(id);
    this.docLength.delete(id);
  }

  /** Unique query words with their idf and weight (1 unless `weights` says otherwise: expansion terms count less). */
  private queryTerms(words: readonly string[], weights?: ReadonlyMap<string, number>): Term[] {
    const n = this.docTerms.size;
    return [...new Set(words)].map((word) => ({ word, idf: bm25Idf(n, this.postings.get(word)?.size ?? 0), weight: weights?.get(word) ?? 1 }));
  }

  private ceiling(terms: Term[]): number {
    return terms.reduce((sum, t) => sum + t.weight * t.idf * (this.params.k1 + 1), 0);
  }

  /** The best `k` documents for the query words (weighted by `weights`), optionally only those `accept` lets through. */
  search(words: readonly string[], k: number, accept?: (id: number) => boolean, weights?: ReadonlyMap<string, number>): LexicalHit[] {
    if (this.docTerms.size === 0) return [];
    const terms = this.queryTerms(words, weights);
    const avg = this.totalLength / this.docTerms.size;
    const scores = new Map<number, number>();
    for (const { word, idf, weight } of terms) {
      const list = this.postings.get(word);
      if (!list) continue;
      for (const [id, tf] of list) {
        if (accept && !accept(id)) continue;
        scores.set(id, (scores.get(id) ?? 0) + weight * bm25Term(idf, tf, this.docLength.get(id)!, avg, this.params));
      }
    }
    const top = bestK(scores, k);
    const ceiling = this.ceiling(terms);
    return top.map(([id, score]) => ({ id, score, normalised: ceiling > 0 ? score / ceiling : 0, matched: this.matchedWords(terms, id) }));
  }

  /** The same score for one given document (for candidates that came from the dense side). */
  scoreOf(words: readonly string[], id: number, weights?: ReadonlyMap<string, number>): LexicalHit {
    const tf = this.docTerms.get(id);
    const terms = this.queryTerms(words, weights);
    if (!tf) return { id, score: 0, normalised: 0, matched: [] };
    const avg = this.totalLength / this.docTerms.size;
    let score = 0;
    for (const { word, idf, weight } of terms) {
      const n = tf.get(word);
      if (n) score += weight * bm25Term(idf, n, this.docLength.get(id)!, avg, this.params);
    }
    const ceiling = this.ceiling(terms);
    return { id, score, normalised: ceiling > 0 ? score / ceiling : 0, matched: this.matchedWords(terms, id) };
  }

  private matchedWords(terms: Term[], id: number): string[] {
    const tf = this.docTerms.get(id)!;
    return terms.filter((t) => tf.has(t.word)).sort((a, b) => b.idf - a.idf).map((t) => t.word);
  }
}

/**
 * The k highest-scoring entries, best first (ties by lower id), without sorting them all: a common word has
 * thousands of postings, and a min-heap of the best k so far keeps this O(n log k).
 */
function bestK(scores: ReadonlyMap<number, number>, k: number): Array<[number, number]> {
  const worse = (a: [number, number], b: [number, number]) => a[1] < b[1] || (a[1] === b[1] && a[0] > b[0]);
  const heap: Array<[number, number]> = [];
  const down = (i: number) => {
    for (;;) {
      let m = i;
      const l = 2 * i + 1;
      const r = l + 1;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const entry of scores) {
    if (heap.length < k) {
      heap.push(entry);
      for (let i = heap.length - 1; i > 0 && worse(heap[i]!, heap[(i - 1) >> 1]!); i = (i - 1) >> 1) {
        [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1]!, heap[i]!];
      }
    } else if (k > 0 && worse(heap[0]!, entry)) {
      heap[0] = entry;
      down(0);
    }
  }
  return heap.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}
