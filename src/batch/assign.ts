// Sharing scarce resources across all open needs: choose at most `want` suggestions per need and at most
// `capacity` suggestions per resource so that the total match score is as large as possible. This is a maximum-
// weight b-matching, solved exactly (for scores rounded to 1e-3) by successive shortest paths (b-matching.ts):
// exact because the pairs operators see should not depend on a heuristic's luck, and fast because a need that
// finds a resource with room stops its search there. Coverage comes first (AssignmentOptions.coverageBonus),
// then the score.
import { solveBMatching } from './b-matching.js';

export interface NeedCandidates {
  needId: number;
  want: number;
  candidates: Array<{ resourceId: number; score: number }>;
}

export interface AssignmentOptions {
  /**
   * Per-suggestion bonus that makes coverage come first: a need's j-th suggestion (j = 0, 1, …) earns
   * coverageBonus × (want − j), so a need's first suggestion always outweighs another need's second one as long as
   * coverageBonus exceeds the spread of scores (about 1.5). 0 turns it off (pure score).
   */
  coverageBonus: number;
}

const SCALE = 1000;

/** needId → chosen resource ids, best score first. Resources missing from `capacity` get none. */
export function assignWithCapacity(needs: readonly NeedCandidates[], capacity: ReadonlyMap<number, number>, opts: AssignmentOptions = { coverageBonus: 2 }): Map<number, number[]> {
  const resourceIds = [...new Set(needs.flatMap((n) => n.candidates.map((c) => c.resourceId)))].filter((id) => (capacity.get(id) ?? 0) > 0);
  const resourceIndex = new Map(resourceIds.map((id, i) => [id, i]));
  const pairs: Array<{ need: number; resource: number; gain: number; resourceId: number; score: number }> = [];
  needs.forEach((n, need) => {
    for (const c of n.candidates) {
      const resource = resourceIndex.get(c.resourceId);
      if (resource !== undefined) pairs.push({ need, resource, gain: Math.round(c.score * SCALE), resourceId: c.resourceId, score: c.score });
    }
  });
  const chosen = solveBMatching({
    // A convex gain per slot, so a need's first slot fills first.
    slotGains: needs.map((n) => Array.from({ length: n.want }, (_, j) => Math.round(opts.coverageBonus * (n.want - j) * SCALE))),
    capacity: resourceIds.map((id) => capacity.get(id)!),
    pairs,
  });

  const byNeed = new Map<number, Array<{ resourceId: number; score: number }>>(needs.map((n) => [n.needId, []]));
  for (const index of chosen) {
    const p = pairs[index]!;
    byNeed.get(needs[p.need]!.needId)!.push(p);
  }
  return new Map([...byNeed].map(([needId, list]) => [needId, list.sort((a, b) => b.score - a.score).map((c) => c.resourceId)]));
}

/** The unconstrained answer: every need's top `want` candidates. */
export function topK(needs: readonly NeedCandidates[]): Map<number, number[]> {
  return new Map(needs.map((n) => [n.needId, [...n.candidates].sort((a, b) => b.score - a.score).slice(0, n.want).map((c) => c.resourceId)]));
}

/** Gini coefficient of non-negative counts (0 = perfectly even, towards 1 = concentrated on a few). */
export function gini(counts: readonly number[]): number {
  const xs = [...counts].sort((a, b) => a - b);
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  if (n === 0 || sum === 0) return 0;
  const weighted = xs.reduce((acc, x, i) => acc + (i + 1) * x, 0);
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}
