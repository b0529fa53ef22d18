// Candidate generation: the union of the dense and lexical retrievers' top lists, with BOTH scores computed
// exactly for every candidate. Fusion is then a weighted sum of real scores (see score.ts), not of ranks:
// on colloquial needs reciprocal-rank fusion lets weak lexical ranks pull good dense matches down.
import type { DenseHit } from '../retrieval/dense-index.js';
import type { LexicalHit } from '../retrieval/lexical-index.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import type { LexicalQuery } from '../understanding/expand.js';
import type { Candidate } from './types.js';

export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

/**
 * The dense side's top list, started as soon as the query vector is known. Without a filter it runs on a thread of
 * libuv's pool, so that this thread understands the words and searches the keyword index meanwhile: on two cores a
 * match waits for the longer of the two, not for both (a filter calls back into JavaScript, so that search stays
 * on this thread).
 */
export function searchDense(index: SearchIndex, vector: Float32Array, depth: number, mode: RetrievalMode, accept?: (id: number) => boolean): Promise<DenseHit[]> | DenseHit[] {
  if (mode === 'lexical') return [];
  return accept ? index.dense.search(vector, depth, accept) : index.dense.searchInParallel(vector, depth);
}

/**
 * The candidates: the dense side's hits with the keyword side's, each with both scores. A caller with other work to
 * do before the keyword search starts the dense side first (searchDense) and passes it.
 */
export async function retrieve(
  index: SearchIndex,
  vector: Float32Array,
  query: LexicalQuery,
  depth: number,
  mode: RetrievalMode,
  accept?: (id: number) => boolean,
  dense: Promise<DenseHit[]> | DenseHit[] = searchDense(index, vector, depth, mode, accept),
): Promise<Candidate[]> {
  // The keyword side's hits carry their exact scores; only the dense side's other candidates are scored here.
  const scored = new Map<number, LexicalHit>();
  if (mode !== 'dense') for (const hit of index.lexical.search(query.words, depth, accept, query.weights)) scored.set(hit.id, hit);
  const semantic = new Map<number, number>();
  for (const hit of await dense) semantic.set(hit.id, hit.similarity);
  const known = [...new Set([...semantic.keys(), ...scored.keys()])].filter((id) => index.profiles.has(id));
  for (const hit of index.lexical.scoresOf(query.words, known.filter((id) => !scored.has(id)), query.weights)) scored.set(hit.id, hit);
  const keywordOnly = known.filter((id) => !semantic.has(id));
  index.dense.similaritiesTo(vector, keywordOnly).forEach((s, i) => semantic.set(keywordOnly[i]!, s));
  return known.map((id) => {
    const lexical = scored.get(id)!;
    return { profile: index.profiles.get(id)!, semantic: semantic.get(id)!, lexical: lexical.normalised, matchedWords: lexical.matched };
  });
}
