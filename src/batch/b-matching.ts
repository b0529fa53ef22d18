// Maximum-weight b-matching with convex per-need gains, solved exactly as a min-cost circulation by successive
// shortest paths, one need at a time.
//
// The network: S → need (one arc per slot j, gain gain(need, j), falling in j) → resource (gain = pair weight,
// capacity 1) → T (capacity = the resource's capacity) → S (free). A circulation of least cost (cost = −gain)
// is the best choice of pairs. Needs join one by one; a joining need pushes a unit along the cheapest cycle
// S → need ⇝ S for as long as that cycle has negative cost. The cycle may end through T (a resource with room),
// or through another need's slot (that need gives up its weakest pair), with any chain of swaps in between. Every
// residual arc keeps a non-negative reduced cost under Johnson potentials, so Dijkstra finds each cycle, and it
// stops as soon as S is settled: most needs find a resource with room one or two steps away, so a search touches
// a handful of nodes instead of the whole graph. When the last need has joined there is no negative cycle left,
// which is the optimality condition of a min-cost circulation: the result is exact (for integer weights).
// Pure: integers in, pairs out.

export interface BMatchingInput {
  /** Per need: the gain of its j-th pair (j = 0, 1, …), non-increasing in j; its length is the need's limit. */
  slotGains: ReadonlyArray<readonly number[]>;
  /** Per resource: how many needs it may serve. */
  capacity: readonly number[];
  /** Candidate pairs: need index, resource index, gain (integers). */
  pairs: ReadonlyArray<{ need: number; resource: number; gain: number }>;
}

/** Indexes into `pairs` of the chosen pairs. */
export function solveBMatching(input: BMatchingInput): number[] {
  const needs = input.slotGains.length;
  const S = 0;
  const T = 1;
  const needNode = (i: number) => 2 + i;
  const resourceNode = (r: number) => 2 + needs + r;
  const nodes = 2 + needs + input.capacity.length;

  // Explicit arcs with their residual twins at index ^ 1: need → resource and resource → T.
  const arcs = 2 * (input.pairs.length + input.capacity.length);
  const to = new Int32Array(arcs);
  const cap = new Float64Array(arcs);
  const cost = new Float64Array(arcs);
  const next = new Int32Array(arcs);
  const head = new Int32Array(nodes).fill(-1);
  let m = 0;
  const addArc = (u: number, v: number, capacity: number, c: number) => {
    to[m] = v; cap[m] = capacity; cost[m] = c; next[m] = head[u]!; head[u] = m++;
    to[m] = u; cap[m] = 0; cost[m] = -c; next[m] = head[v]!; head[v] = m++;
  };
  const pairArc = input.pairs.map((p) => {
    const arc = m;
    addArc(needNode(p.need), resourceNode(p.resource), 1, -p.gain);
    return arc;
  });
  input.capacity.forEach((c, r) => addArc(resourceNode(r), T, c, 0));

  // Slots in use per need; the S → need and need → S arcs are implicit in these counts.
  const used = new Int32Array(needs);
  const slotCost = (i: number, j: number) => -input.slotGains[i]![j]!;

  const potential = new Float64Array(nodes);
  const dist = new Float64Array(nodes);
  const seen = new Int32Array(nodes); // search stamp: dist is valid when seen[v] === stamp
  const done = new Int32Array(nodes);
  const viaArc = new Int32Array(nodes); // arc into the node on the shortest path; −1 for need → S
  const viaNeed = new Int32Array(nodes);
  const heap = new MinHeap(nodes);
  const settled: number[] = [];
  let stamp = 0;

  /**
   * Shortest reduced distance from need i to S when it is below `bound` (else null: no cycle would pay), and the
   * potential update that keeps every residual arc non-negative. With the bound, a need that cannot gain another
   * pair learns so without settling everything nearer than the far side of the network.
   */
  function search(i: number, bound: number): number | null {
    stamp++;
    heap.clear();
    settled.length = 0;
    const start = needNode(i);
    dist[start] = 0;
    seen[start] = stamp;
    heap.push(start, 0);
    const relax = (v: number, d: number, arc: number, need: number) => {
      if (done[v] === stamp || (seen[v] === stamp && dist[v]! <= d)) return;
      dist[v] = d;
      seen[v] = stamp;
      viaArc[v] = arc;
      viaNeed[v] = need;
      // Integer costs: half a unit less makes S (and T) win ties, so a search stops as soon as a cycle of least
      // cost is known instead of first settling every other node at the same distance.
      heap.push(v, v === S ? d - 0.5 : v === T ? d - 0.25 : d);
    };
    let reached: number | null = null;
    while (heap.size > 0) {
      const u = heap.pop();
      if (done[u] === stamp) continue;
      if (dist[u]! >= bound) break; // everything left is at least as far as the bound
      done[u] = stamp;
      settled.push(u);
      const du = dist[u]!;
      if (u === S) {
        reached = du;
        break;
      }
      if (u === T && potential[T] === potential[S]) {
        // T → S is free and tight (always, in fact: π(T) = π(S) from the start, and a search that settles T ends
        // at D = dist(T)), so S is next at this very distance, and T's other arcs, one per resource in use, need no
        // relaxing: skipping them is what makes contested instances fast. The potential update stays valid.
        dist[S] = du;
        seen[S] = stamp;
        done[S] = stamp;
        viaArc[S] = -2;
        settled.push(S);
        reached = du;
        break;
      }
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if (cap[e]! <= 0) continue;
        const v = to[e]!;
        relax(v, du + cost[e]! + potential[u]! - potential[v]!, e, -1);
      }
      // Implicit arcs into S: T → S is free; need → S gives back the need's weakest pair.
      if (u === T) relax(S, du + potential[T]! - potential[S]!, -2, -1);
      else if (u >= 2 && u < 2 + needs) {
        const k = u - 2;
        if (used[k]! > 0) relax(S, du - slotCost(k, used[k]! - 1) + potential[u]! - potential[S]!, -1, k);
      }
    }
    // Early-stopping potential update: settled nodes move by (their distance − D), the rest stay; every residual
    // arc keeps a non-negative reduced cost, since nothing unsettled is nearer than D.
    const D = reached ?? bound;
    for (const v of settled) potential[v]! += dist[v]! - D;
    return reached;
  }

  /** Pushes one unit along the path the last search found, from need `start` to S. */
  function augment(start: number) {
    if (viaArc[S] === -1) used[viaNeed[S]!]!--; // the path ends by freeing the weakest slot of another need
    let v = viaArc[S] === -2 ? T : needNode(viaNeed[S]!);
    while (v !== start) {
      const e = viaArc[v]!;
      cap[e]! -= 1;
      cap[e ^ 1]! += 1;
      v = to[e ^ 1]!;
    }
  }

  for (let i = 0; i < needs; i++) {
    const u = needNode(i);
    // A potential that makes the joining need's arcs non-negative.
    let p = -Infinity;
    for (let e = head[u]!; e !== -1; e = next[e]!) if ((e & 1) === 0) p = Math.max(p, potential[to[e]!]! - cost[e]!);
    if (p === -Infinity) continue; // no candidates
    potential[u] = p;
    while (used[i]! < input.slotGains[i]!.length) {
      // The cycle S → need ⇝ S pays when its real cost, slot cost + d − (π(need) − π(S)), is negative, that is
      // when the reduced distance d is below this bound.
      const bound = potential[u]! - potential[S]! - slotCost(i, used[i]!);
      if (search(i, bound) === null) break;
      augment(u);
      used[i]!++;
    }
  }

  const chosen: number[] = [];
  pairArc.forEach((arc, index) => {
    if (cap[arc]! === 0) chosen.push(index);
  });
  return chosen;
}

/** A binary min-heap of (node, key) with lazy deletion: a node may sit in it more than once. Exported for its tests. */
export class MinHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  clear() {
    this.size = 0;
  }

  push(node: number, key: number) {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      const keys = new Float64Array(this.size * 2);
      nodes.set(this.nodes);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.nodes[i] = this.nodes[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  pop(): number {
    const top = this.nodes[0]!;
    const node = this.nodes[--this.size]!;
    const key = this.keys[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.nodes[i] = this.nodes[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
    return top;
  }
}
