// BM25's arithmetic (Robertson et al.), shared by the keyword index and the bounds its pruning uses.

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

/** The part of a BM25 term score that depends on the document: idf × this is the score. */
export function saturation(tf: number, docLength: number, avgDocLength: number, p: Bm25Params): number {
  return (tf * (p.k1 + 1)) / (tf + p.k1 * (1 - p.b + (p.b * docLength) / avgDocLength));
}
