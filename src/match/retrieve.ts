// Candidate generation: the union of the dense and lexical retrievers' top lists, with BOTH scores computed
// exactly for every candidate. Fusion is then a weighted sum of real scores (see score.ts), not of ranks:
// on colloquial needs reciprocal-rank fusion lets weak lexical ranks pull good dense matches down.
import type { LexicalHit } from '../retrieval/lexical-index.js';
import type { SearchIndex } from '../retrieval/search-index.js';
import type { LexicalQuery } from '../understanding/expand.js';
import type { Candidate } from './types.js';

export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

export function retrieve(
  index: SearchIndex,
  vector: Float32Array,
  query: LexicalQuery,
  depth: number,
  mode: RetrievalMode,
  accept?: (id: number) => boolean,
): Candidate[] {
  const semantic = new Map<number, number>();
  const ids = new Set<number>();
  if (mode !== 'lexical') {
    for (const hit of index.dense.search(vector, depth, accept)) {
      semantic.set(hit.id, hit.similarity);
      ids.add(hit.id);
    }
  }
  // The keyword side's hits carry their exact scores; only the dense side's other candidates are scored here.
  const scored = new Map<number, LexicalHit>();
  if (mode !== 'dense') {
    for (const hit of index.lexical.search(query.words, depth, accept, query.weights)) {
      scored.set(hit.id, hit);
      ids.add(hit.id);
    }
  }
  const known = [...ids].filter((id) => index.profiles.has(id));
  for (const hit of index.lexical.scoresOf(query.words, known.filter((id) => !scored.has(id)), query.weights)) scored.set(hit.id, hit);
  return known.map((id) => {
    const lexical = scored.get(id)!;
    return { profile: index.profiles.get(id)!, semantic: semantic.get(id) ?? index.dense.similarityTo(vector, id), lexical: lexical.normalised, matchedWords: lexical.matched };
  });
}
