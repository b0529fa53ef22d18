// Query expansion: the technical terms of the concepts a need was understood as join its words in the keyword
// query, at a lower weight than the owner's own words, so "缩水" also finds listings that say "尺寸变化率".
import { tokenize } from '../retrieval/tokenize.js';
import type { Understood } from './lexicon.js';

export interface LexicalQuery {
  words: readonly string[];
  /** Weight per word; words not listed count 1. */
  weights?: ReadonlyMap<string, number>;
}

export function expandQuery(words: readonly string[], understood: readonly Understood[], opts: { concepts: number; weight: number }): LexicalQuery {
  if (opts.concepts <= 0 || opts.weight <= 0 || understood.length === 0) return { words: [...words] };
  const own = new Set(words);
  const added = new Set<string>();
  for (const u of understood.slice(0, opts.concepts)) for (const term of u.terms) for (const w of tokenize(term)) if (!own.has(w)) added.add(w);
  return { words: [...words, ...added], weights: new Map([...added].map((w) => [w, opts.weight])) };
}
