// Structured scoring of retrieved candidates: each component of src/domain/score-components.ts is computed here,
// the score is their weighted sum, and the explanation is built from the same numbers.
import { contributionsOf, weightedSum, type ScoreComponents, type Weights } from '../domain/score-components.js';
import type { Category, Industry } from '../domain/taxonomy.js';
import type { ResourceProfile } from '../retrieval/documents.js';
import { diversify, type DiversityInput, type Placed } from './diversify.js';
import { explain } from './explain.js';
import { CLOSENESS_VALUE, closeness } from './region.js';
import type { Candidate, FeedbackLookup, Guess, MatchFilters, NeedInference, NeedQuery, ScoredMatch } from './types.js';

/** Given metadata is certain; otherwise the inferred guesses count with their confidence. */
export function labelFit<T extends string>(given: T | undefined, guesses: readonly Guess<T>[], labels: readonly T[], crossCutting: boolean): number {
  if (given) return labels.includes(given) ? 1 : crossCutting ? 0.5 : 0;
  const fit = guesses.reduce((sum, g) => sum + (labels.includes(g.code) ? g.confidence : 0), 0);
  if (fit > 0) return Math.min(1, fit);
  return crossCutting ? 0.5 * (guesses[0]?.confidence ?? 0) : 0;
}

/** The industry a need is judged in for feedback: as given, or inferred with some confidence. */
export function feedbackIndustry(need: NeedQuery, inference: NeedInference): Industry | undefined {
  if (need.industry) return need.industry;
  const top = inference.industries[0];
  return top && top.confidence >= 0.5 ? top.code : undefined;
}

export function components(c: Candidate, need: NeedQuery, inference: NeedInference, feedback?: FeedbackLookup): ScoreComponents {
  const p = c.profile;
  return {
    semantic: c.semantic,
    lexical: c.lexical,
    category: labelFit<Category>(need.category, inference.categories, p.categories, false),
    // A resource that names no industry serves all of them (a patent agency, a bank): half credit.
    industry: labelFit<Industry>(need.industry, inference.industries, p.industries, p.industries.length === 0),
    region: CLOSENESS_VALUE[closeness(need.region, p.region)],
    voucher: need.wantsVoucher && p.voucherEligible ? 1 : 0,
    availability: p.availability === 'limited' ? -1 : 0,
    feedback: feedback ? feedback(p.id, feedbackIndustry(need, inference)) : 0,
  };
}

/** Hard filters: unavailable resources never appear, nor anything outside the request's filters. */
export function passesFilters(p: ResourceProfile, f: MatchFilters): boolean {
  if (p.availability === 'unavailable' || f.exclude?.has(p.id)) return false;
  if (f.kinds?.length && !f.kinds.includes(p.kind)) return false;
  if (f.industries?.length && !p.industries.some((i) => f.industries!.includes(i))) return false;
  if (f.regions?.length && !(p.region && f.regions.includes(p.region))) return false;
  if (f.voucherOnly && !p.voucherEligible) return false;
  return true;
}

/** A candidate with its components and score: all that ordering and moving near-duplicates down read. */
interface Scored {
  candidate: Candidate;
  profile: ResourceProfile;
  components: ScoreComponents;
  score: number;
}

function scored(c: Candidate, need: NeedQuery, inference: NeedInference, weights: Weights, feedback?: FeedbackLookup): Scored {
  const comps = components(c, need, inference, feedback);
  return { candidate: c, profile: c.profile, components: comps, score: weightedSum(comps, weights) };
}

/** A scored candidate as answers show it, with each component's contribution. */
function shown(s: Scored, weights: Weights): Omit<ScoredMatch, 'explanation'> {
  return { profile: s.profile, score: s.score, components: s.components, contributions: contributionsOf(s.components, weights), matchedWords: s.candidate.matchedWords };
}

/** One candidate's components, their weighted sum and contributions. */
export function scoreCandidate(c: Candidate, need: NeedQuery, inference: NeedInference, weights: Weights, feedback?: FeedbackLookup): Omit<ScoredMatch, 'explanation'> {
  return shown(scored(c, need, inference, weights, feedback), weights);
}

/** Best score first; ties by id, so equal scores always come in the same order. */
export const byScore = (a: { score: number; profile: { id: number } }, b: { score: number; profile: { id: number } }) => b.score - a.score || a.profile.id - b.profile.id;

/** Scores, orders (near-duplicates behind the distinct candidates when `diversity` is given), cuts and explains. */
export function rank(
  candidates: readonly Candidate[],
  need: NeedQuery,
  inference: NeedInference,
  weights: Weights,
  feedback?: FeedbackLookup,
  diversity?: DiversityInput,
): ScoredMatch[] {
  const ordered = candidates
    .filter((c) => passesFilters(c.profile, need.filters))
    .map((c) => scored(c, need, inference, weights, feedback))
    .sort(byScore);
  const placed: Array<Placed<Scored>> = diversity && need.diversity !== false ? diversify(ordered, diversity, need.limit) : ordered.slice(0, need.limit).map((match) => ({ match }));
  // Only what is shown gets its contributions and explanation.
  return placed.slice(0, need.limit).map(({ match, twin }) => {
    const m = shown(match, weights);
    return { ...m, explanation: explain(m, need, inference, twin) };
  });
}
