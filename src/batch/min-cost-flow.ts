// Min-cost flow by the primal-dual method: Dijkstra on reduced costs (Johnson potentials) finds the current
// shortest path length, then a blocking flow is pushed along every shortest path at once (Dinic-style DFS over
// zero-reduced-cost edges). It stops as soon as the shortest path no longer lowers the cost, so it returns a
// minimum-cost flow of any size, not a maximum flow. Pure: numbers in, flows out.

export class FlowGraph {
  private to: number[] = [];
  private cap: number[] = [];
  private cost: number[] = [];
  private next: number[] = [];
  private readonly head: Int32Array;

  constructor(readonly nodes: number) {
    this.head = new Int32Array(nodes).fill(-1);
  }

  /** Adds an edge and its residual twin; returns the edge's index (its flow is `flowOf(index)`). */
  addEdge(from: number, to: number, capacity: number, cost: number): number {
    const e = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.cost.push(cost, -cost);
    this.next.push(this.head[from]!, this.head[to]!);
    this.head[from] = e;
    this.head[to] = e + 1;
    return e;
  }

  flowOf(edge: number): number {
    return this.cap[edge + 1]!;
  }

  /**
   * Minimum-cost flow from `source` to `sink`. `topologicalOrder` (the nodes of the original DAG in order) gives
   * the first potentials in one pass, since edge costs may be negative.
   */
  minCostFlow(source: number, sink: number, topologicalOrder: readonly number[]): { flow: number; cost: number } {
    const n = this.nodes;
    const INF = Number.POSITIVE_INFINITY;
    const pot = new Float64Array(n).fill(INF);
    pot[source] = 0;
    for (const u of topologicalOrder) {
      if (pot[u] === INF) continue;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        if (this.cap[e]! > 0 && pot[u]! + this.cost[e]! < pot[this.to[e]!]!) pot[this.to[e]!] = pot[u]! + this.cost[e]!;
      }
    }
    for (let v = 0; v < n; v++) if (pot[v] === INF) pot[v] = 0;

    const dist = new Float64Array(n);
    const level = new Int32Array(n);
    const iter = new Int32Array(n);
    const EPS = 1e-9;
    let flow = 0;
    let total = 0;
    for (;;) {
      // Dijkstra over reduced costs (non-negative up to rounding).
      dist.fill(INF);
      dist[source] = 0;
      const heap = new MinHeap();
      heap.push(0, source);
      while (heap.size > 0) {
        const [d, u] = heap.pop();
        if (d > dist[u]! + EPS) continue;
        if (u === sink) break; // nodes farther than the sink cannot lie on a shortest path
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          if (this.cap[e]! <= 0) continue;
          const v = this.to[e]!;
          const nd = d + Math.max(0, this.cost[e]! + pot[u]! - pot[v]!);
          if (nd < dist[v]! - EPS) {
            dist[v] = nd;
            heap.push(nd, v);
          }
        }
      }
      if (dist[sink] === INF) break;
      const pathCost = dist[sink]! + pot[sink]! - pot[source]!;
      if (pathCost >= -EPS) break; // more flow would not lower the cost
      // Capping at the sink's distance keeps every reduced cost non-negative for nodes Dijkstra did not settle.
      const ds = dist[sink]!;
      for (let v = 0; v < n; v++) pot[v]! += Math.min(dist[v]!, ds);

      // Blocking flow over edges whose reduced cost is now zero, in BFS levels so the DFS cannot cycle.
      level.fill(-1);
      level[source] = 0;
      const queue = [source];
      for (let qi = 0; qi < queue.length; qi++) {
        const u = queue[qi]!;
        for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
          const v = this.to[e]!;
          if (this.cap[e]! > 0 && level[v] === -1 && Math.abs(this.cost[e]! + pot[u]! - pot[v]!) <= 1e-7) {
            level[v] = level[u]! + 1;
            queue.push(v);
          }
        }
      }
      if (level[sink] === -1) break;
      iter.set(this.head);
      const dfs = (u: number, limit: number): number => {
        if (u === sink) return limit;
        for (; iter[u] !== -1; iter[u] = this.next[iter[u]!]!) {
          const e = iter[u]!;
          const v = this.to[e]!;
          if (this.cap[e]! > 0 && level[v] === level[u]! + 1 && Math.abs(this.cost[e]! + pot[u]! - pot[v]!) <= 1e-7) {
            const pushed = dfs(v, Math.min(limit, this.cap[e]!));
            if (pushed > 0) {
              this.cap[e]! -= pushed;
              this.cap[e ^ 1]! += pushed;
              return pushed;
            }
          }
        }
        return 0;
      };
      let pushedThisPhase = 0;
      for (let f = dfs(source, INF); f > 0; f = dfs(source, INF)) {
        pushedThisPhase += f;
        flow += f;
        total += f * pathCost;
      }
      if (pushedThisPhase === 0) break;
    }
    return { flow, cost: total };
  }
}

class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= key) break;
      k[i] = k[p]!;
      v[i] = v[p]!;
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }

  pop(): [number, number] {
    const k = this.keys;
    const v = this.vals;
    const top: [number, number] = [k[0]!, v[0]!];
    const lastK = k.pop()!;
    const lastV = v.pop()!;
    if (k.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= k.length) break;
        if (c + 1 < k.length && k[c + 1]! < k[c]!) c++;
        if (k[c]! >= lastK) break;
        k[i] = k[c]!;
        v[i] = v[c]!;
        i = c;
      }
      k[i] = lastK;
      v[i] = lastV;
    }
    return top;
  }
}
