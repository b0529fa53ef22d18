// Sharing scarce resources across all open needs: choose at most `want` suggestions per need and at most
// `capacity` suggestions per resource so that the total match score is as large as possible. This is a maximum-
// weight b-matching, solved exactly as a min-cost flow (source → need [want] → resource [1, −score] →
// sink [capacity]). Coverage comes first (see AssignmentOptions.coverageBonus), then the score. Scores are rounded to 1e-3 for the flow (exact for those rounded scores): with integer costs
// many augmenting paths share a length and go in one phase: 800 needs × 20 candidates solve in about 1.4 s and
// 8,000 × 20 in about 2 minutes on one core (the coverage bonuses multiply the distinct path lengths; a faster
// solver for the 10× corpus is still to come).
import { FlowGraph } from './min-cost-flow.js';

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

/** needId → chosen resource ids, best score first. Resources missing from `capacity` get none. */
export function assignWithCapacity(needs: readonly NeedCandidates[], capacity: ReadonlyMap<number, number>, opts: AssignmentOptions = { coverageBonus: 2 }): Map<number, number[]> {
  const resourceIds = [...new Set(needs.flatMap((n) => n.candidates.map((c) => c.resourceId)))].filter((id) => (capacity.get(id) ?? 0) > 0);
  const resourceNode = new Map(resourceIds.map((id, i) => [id, 1 + needs.length + i]));
  const source = 0;
  const sink = 1 + needs.length + resourceIds.length;
  const graph = new FlowGraph(sink + 1);
  const pairEdges: Array<{ edge: number; needId: number; resourceId: number; score: number }> = [];
  needs.forEach((n, i) => {
    // Parallel source arcs with falling bonuses: a convex cost, so the flow fills a need's first slot first.
    for (let j = 0; j < n.want; j++) graph.addEdge(source, 1 + i, 1, -Math.round(opts.coverageBonus * (n.want - j) * 1000));
    for (const c of n.candidates) {
      const node = resourceNode.get(c.resourceId);
      if (node === undefined) continue;
      // Integer costs (scores to 1e-3): equal path lengths let one phase push many units at once.
      pairEdges.push({ edge: graph.addEdge(1 + i, node, 1, -Math.round(c.score * 1000)), needId: n.needId, resourceId: c.resourceId, score: c.score });
    }
  });
  for (const [id, node] of resourceNode) graph.addEdge(node, sink, capacity.get(id)!, 0);
  const order = [source, ...needs.map((_, i) => 1 + i), ...resourceNode.values(), sink];
  graph.minCostFlow(source, sink, order);

  const chosen = new Map<number, Array<{ resourceId: number; score: number }>>(needs.map((n) => [n.needId, []]));
  for (const p of pairEdges) if (graph.flowOf(p.edge) > 0) chosen.get(p.needId)!.push(p);
  return new Map([...chosen].map(([needId, list]) => [needId, list.sort((a, b) => b.score - a.score).map((c) => c.resourceId)]));
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
