// Infers the likely industries and categories of a need that arrives as bare text, from independent sources of
// evidence, each a distribution over labels: the words of the text (the taxonomy's keyword lists), the concepts of
// the lexicon the text was understood as, the labels of the resources nearest to it in embedding space, and
// (when one passed its check) a classifier learned from needs registered with their labels. The sources are mixed
// by weight, and the top guess's confidence is calibrated so that a guess at 0.8 is right about 80% of the time.
// A soft signal; it never filters.
import { CATEGORIES, CATEGORY_KEYWORDS, INDUSTRIES, INDUSTRY_KEYWORDS, type Category, type Industry } from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';
import type { Understood } from '../understanding/lexicon.js';
import type { ClassifierVote } from '../understanding/need-classifier.js';
import type { RetrievalSettings } from './settings.js';
import type { Guess, NeedInference } from './types.js';

export interface Neighbour {
  similarity: number;
  profile: ResourceProfile;
}

/** A distribution over labels from one source (empty: the source says nothing). */
export type Distribution<T extends string> = Map<T, number>;


export type Source = 'keywords' | 'concepts' | 'neighbours' | 'classifier';

const MAX_GUESSES = 3;
const MIN_CONFIDENCE = 0.1;

/** Keyword evidence as a distribution; longer keywords are more specific and count more. */
export function keywordDistribution<T extends string>(text: string, codes: readonly T[], keywords: Record<T, readonly string[]>): Distribution<T> {
  const hits = new Map<T, number>();
  for (const code of codes) {
    let h = 0;
    for (const kw of keywords[code]) if (text.includes(kw)) h += Math.min(kw.length, 4) / 2;
    if (h > 0) hits.set(code, h);
  }
  return toDistribution(hits);
}

/** Neighbour votes as a distribution: a softmax over similarity, each neighbour's vote split over its labels. */
export function neighbourDistribution<T extends string>(neighbours: readonly Neighbour[], labelsOf: (p: ResourceProfile) => readonly T[], temperature: number): Distribution<T> {
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

/**
 * The lexicon's evidence: each concept the text was understood as votes with its strength (longer cues are more
 * specific), its main category (listed first) counting twice as much as the others.
 */
export function conceptDistribution<T extends string>(understood: readonly Understood[], labelsOf: (u: Understood) => readonly T[]): Distribution<T> {
  const votes = new Map<T, number>();
  for (const u of understood) {
    const labels = labelsOf(u);
    const total = labels.reduce((s, _, i) => s + (i === 0 ? 2 : 1), 0);
    labels.forEach((l, i) => votes.set(l, (votes.get(l) ?? 0) + (u.strength * (i === 0 ? 2 : 1)) / total));
  }
  return toDistribution(votes);
}

function toDistribution<T>(weights: Map<T, number>): Map<T, number> {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  return total > 0 ? new Map([...weights].map(([k, v]) => [k, v / total])) : new Map();
}

/** The sources that said something, mixed by their weights (renormalised over those that spoke). */
export function mix<T extends string>(sources: ReadonlyArray<{ weight: number; distribution: Distribution<T> }>): Distribution<T> {
  const speaking = sources.filter((s) => s.weight > 0 && s.distribution.size > 0);
  const total = speaking.reduce((s, x) => s + x.weight, 0);
  const out = new Map<T, number>();
  for (const { weight, distribution } of speaking) for (const [code, p] of distribution) out.set(code, (out.get(code) ?? 0) + (weight / total) * p);
  return out;
}

/**
 * Guesses from a mixed distribution: the top few, with the top one's probability mapped through the calibration
 * σ(a·p + b) and the others scaled alike, so confidences mean what they say.
 */
export function guesses<T extends string>(distribution: Distribution<T>, calibration: { a: number; b: number } | undefined): Guess<T>[] {
  const ranked = [...distribution].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  const top = ranked[0]?.[1] ?? 0;
  const scale = calibration && top > 0 ? 1 / (1 + Math.exp(-(calibration.a * top + calibration.b))) / top : 1;
  return ranked
    .map(([code, p]) => ({ code, confidence: Math.min(1, p * scale) }))
    .filter((g) => g.confidence >= MIN_CONFIDENCE)
    .slice(0, MAX_GUESSES)
    .map((g) => ({ code: g.code, confidence: Math.round(g.confidence * 100) / 100 }));
}

/** `text` must already be normalised (see normaliseText). */
export function inferNeed(
  text: string,
  neighbours: readonly Neighbour[],
  understood: readonly Understood[],
  settings: Pick<RetrievalSettings, 'sources' | 'temperature' | 'calibration'>,
  classifier?: ClassifierVote,
): NeedInference {
  const w = settings.sources;
  const kind = <T extends string>(codes: readonly T[], keywords: Record<T, readonly string[]>, labelsOf: (p: ResourceProfile) => readonly T[], conceptLabels: (u: Understood) => readonly T[], learned: Distribution<T> | undefined) =>
    mix<T>([
      { weight: w.keywords, distribution: keywordDistribution(text, codes, keywords) },
      { weight: w.concepts, distribution: conceptDistribution(understood, conceptLabels) },
      { weight: w.neighbours, distribution: neighbourDistribution(neighbours, labelsOf, settings.temperature) },
      { weight: w.classifier, distribution: learned ?? new Map() },
    ]);
  return {
    industries: guesses(kind<Industry>(INDUSTRIES, INDUSTRY_KEYWORDS, (p) => p.industries, (u) => u.industries, classifier?.industries), settings.calibration?.industry),
    categories: guesses(kind<Category>(CATEGORIES, CATEGORY_KEYWORDS, (p) => p.categories, (u) => u.categories, classifier?.categories), settings.calibration?.category),
    understood: understood.map((u) => ({ key: u.key, label: u.label, cue: u.cue, categories: u.categories })),
  };
}
