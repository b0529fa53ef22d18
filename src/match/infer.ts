// Infers the likely industries and categories of a need that arrives as bare text, from two independent hints:
// the words of the text (hand-made keyword lists) and the labels of the resources nearest to it in embedding
// space. The result is a soft signal with a confidence; it never filters.
import {
  CATEGORIES, CATEGORY_KEYWORDS, INDUSTRIES, INDUSTRY_KEYWORDS, type Category, type Industry,
} from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';
import type { Guess, NeedInference } from './types.js';
import type { RetrievalSettings } from './settings.js';

export interface Neighbour {
  similarity: number;
  profile: ResourceProfile;
}

const MAX_GUESSES = 3;
const MIN_CONFIDENCE = 0.1;

/** Keyword evidence as a distribution; longer keywords are more specific and count more. */
export function keywordDistribution<T extends string>(text: string, codes: readonly T[], keywords: Record<T, readonly string[]>): Map<T, number> {
  const hits = new Map<T, number>();
  for (const code of codes) {
    let h = 0;
    for (const kw of keywords[code]) if (text.includes(kw)) h += Math.min(kw.length, 4) / 2;
    if (h > 0) hits.set(code, h);
  }
  return toDistribution(hits);
}

/** Neighbour votes as a distribution: a softmax over similarity, each neighbour's vote split over its labels. */
export function neighbourDistribution<T extends string>(neighbours: readonly Neighbour[], labelsOf: (p: ResourceProfile) => readonly T[], temperature: number): Map<T, number> {
  const labelled = neighbours.filter((n) => labelsOf(n.profile).length > 0);
  if (labelled.length === 0) return new Map();
  const top = Math.max(...labelled.map((n) => n.similarity));
  const votes = new Map<T, number>();
  for (const n of labelled) {
    const labels = labelsOf(n.profile);
    const w = Math.exp((n.similarity - top) / temperature) / labels.length;
    for (const l of labels) votes.set(l, (votes.get(l) ?? 0) + w);
  }
  return toDistribution(votes);
}

function toDistribution<T>(weights: Map<T, number>): Map<T, number> {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  return total > 0 ? new Map([...weights].map(([k, v]) => [k, v / total])) : new Map();
}

/** share * neighbours + (1 - share) * keywords; when one side says nothing the other speaks alone. */
export function blend<T extends string>(keywords: Map<T, number>, neighbours: Map<T, number>, share: number): Guess<T>[] {
  const s = keywords.size === 0 ? 1 : neighbours.size === 0 ? 0 : share;
  const codes = new Set([...keywords.keys(), ...neighbours.keys()]);
  return [...codes]
    .map((code) => ({ code, confidence: s * (neighbours.get(code) ?? 0) + (1 - s) * (keywords.get(code) ?? 0) }))
    .filter((g) => g.confidence >= MIN_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code))
    .slice(0, MAX_GUESSES)
    .map((g) => ({ code: g.code, confidence: Math.round(g.confidence * 100) / 100 }));
}

/** `text` must already be normalised (see normaliseText). */
export function inferNeed(text: string, neighbours: readonly Neighbour[], settings: Pick<RetrievalSettings, 'neighbourShare' | 'temperature'>): NeedInference {
  return {
    industries: blend<Industry>(
      keywordDistribution(text, INDUSTRIES, INDUSTRY_KEYWORDS),
      neighbourDistribution(neighbours, (p) => p.industries, settings.temperature),
      settings.neighbourShare,
    ),
    categories: blend<Category>(
      keywordDistribution(text, CATEGORIES, CATEGORY_KEYWORDS),
      neighbourDistribution(neighbours, (p) => p.categories, settings.temperature),
      settings.neighbourShare,
    ),
  };
}
