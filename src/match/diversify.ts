// Lists worth reading: a result list holds at most one of each group of near-duplicates until every distinct
// candidate has had its place. Two resources are near-duplicates when they come from the same provider (the same
// institution or provider name: one agency's several listings), or are the same listing: two services of one
// name apart from a provider in brackets (发明专利申请代理（甲所） and （乙所）: an offering many agencies list) or
// texts that read alike (embeddings at cosine ≥ NEAR_DUPLICATE). MMR with a step: the penalty is nothing for distinct candidates
// and everything for a duplicate, so a list without duplicates keeps its order exactly and the ranking's scores
// (and their explanations) are never rewritten; a duplicate only moves down, behind the distinct ones. Pure.
import type { ScoredMatch } from './types.js';

/**
 * Cosine above which two resources' texts count as the same listing. Set from resource pairs alone, no query
 * (`npm run near-duplicates`): in the demo corpus distinct offerings of one category reach 0.95 at most, so only a
 * text copied nearly whole passes; copies of one offering by several agencies (0.70–0.95: each adds its own
 * sentences) are caught by their name instead.
 */
export const NEAR_DUPLICATE = 0.96;

export interface DiversityInput {
  /** Cosine similarity of two resources' embeddings. */
  similarity(a: number, b: number): number;
}

/** A match placed behind a listing it repeats, and why: the explanation says so. */
export interface Placed<M> {
  match: M;
  twin?: { name: string; why: 'provider' | 'listing' };
}

type Rankable = Pick<ScoredMatch, 'profile'>;

/**
 * The first `limit` of the list with near-duplicates moved behind the distinct candidates (each keeps its place
 * among its own kind). It stops comparing once `limit` distinct ones are found: what lies beyond is not shown.
 */
export function diversify<M extends Rankable>(ranked: readonly M[], input: DiversityInput, limit = ranked.length): Array<Placed<M>> {
  const kept: Array<Placed<M> & { keys: ReturnType<typeof listingKeys> }> = [];
  const later: Array<Placed<M>> = [];
  for (const m of ranked) {
    if (kept.length === limit) break;
    let twin: Placed<M>['twin'];
    const b = listingKeys(m.profile);
    for (const k of kept) {
      const a = k.keys;
      if (a.provider !== null && a.provider === b.provider) twin = { name: k.match.profile.name, why: 'provider' };
      else if ((a.offering !== null && a.offering === b.offering) || input.similarity(k.match.profile.id, m.profile.id) >= NEAR_DUPLICATE) {
        twin = { name: k.match.profile.name, why: 'listing' };
      }
      if (twin) break;
    }
    if (twin) later.push({ match: m, twin });
    else kept.push({ match: m, keys: b });
  }
  return [...kept.map(({ match }) => ({ match })), ...later].slice(0, limit);
}

/** A name without a provider in brackets at its end: 发明专利申请代理（甲所·越城） → 发明专利申请代理. */
export function offering(name: string): string {
  return name.replace(/\s*[（(][^（）()]*[）)]\s*$/, '').trim();
}

/**
 * What two listings must share to repeat each other, besides reading alike: their provider, or for services their
 * offering (instruments of one name are different machines in different places).
 */
export function listingKeys(p: Rankable['profile']): { provider: string | null; offering: string | null } {
  return { provider: p.provider, offering: p.kind === 'service' ? offering(p.name) : null };
}

/** Mean cosine similarity of the pairs of a list: how alike what it shows is (lower reads better). */
export function intraListSimilarity(ids: readonly number[], similarity: (a: number, b: number) => number): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      sum += similarity(ids[i]!, ids[j]!);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}
