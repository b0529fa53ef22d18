import type { ScoreComponents } from '../domain/score-components.js';
import type { Category, Industry, ResourceKind } from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';

/** A need as the ranking sees it: stored or ad hoc, with whatever the enterprise filled in. */
export interface NeedQuery {
  text: string;
  industry?: Industry | undefined;
  category?: Category | undefined;
  region?: string | undefined;
  wantsVoucher: boolean;
  filters: MatchFilters;
  limit: number;
  /** Near-duplicates (same provider, or the same text) go behind the distinct candidates; on unless false. */
  diversity?: boolean | undefined;
}

/** Hard constraints: a resource outside them never appears. */
export interface MatchFilters {
  kinds?: ResourceKind[] | undefined;
  industries?: Industry[] | undefined;
  regions?: string[] | undefined;
  voucherOnly?: boolean | undefined;
  /**
   * Resources never to show this need (the pairs operators rejected for it): dropped before near-duplicates are
   * moved down, so a rejected listing cannot push its twin back. Retrieval is not narrowed for them.
   */
  exclude?: ReadonlySet<number> | undefined;
}

export interface Guess<T extends string> {
  code: T;
  confidence: number;
}

/** Likely industries and categories of a need, and the lexicon's concepts its words were understood as. */
export interface NeedInference {
  industries: Guess<Industry>[];
  categories: Guess<Category>[];
  understood: Array<{ key: string; label: string; cue: string; categories: readonly Category[] }>;
}

/** A retrieved resource with both retrievers' evidence, before structured scoring. */
export interface Candidate {
  profile: ResourceProfile;
  /** Cosine similarity of need and resource embeddings. */
  semantic: number;
  /** BM25 normalised by the query's ceiling, in [0, 1). */
  lexical: number;
  matchedWords: string[];
}

/** Operators' past decisions on a resource for an industry (see learn/feedback.ts); 0 when there are none. */
export type FeedbackLookup = (resourceId: number, industry: Industry | undefined) => number;

export interface ScoredMatch {
  profile: ResourceProfile;
  score: number;
  components: ScoreComponents;
  /** Each component times its weight: what the score is the sum of. */
  contributions: ScoreComponents;
  matchedWords: string[];
  explanation: string;
}
