import { describe, expect, it } from 'vitest';
import { assignWithCapacity, gini, topK, type NeedCandidates } from '../../src/batch/assign.js';

// A small deterministic PRNG so failures reproduce.
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** The best total by trying every subset of candidate pairs. */
function bruteForce(needs: NeedCandidates[], capacity: Map<number, number>, bonus: number): number {
  const pairs = needs.flatMap((n) => n.candidates.map((c) => ({ need: n.needId, want: n.want, ...c })));
  let best = 0;
  const coverage = (want: number, count: number) => Array.from({ length: count }, (_, j) => bonus * (want - j)).reduce((a, b) => a + b, 0);
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const perNeed = new Map<number, number>();
    const perRes = new Map<number, number>();
    let total = 0;
    let ok = true;
    pairs.forEach((p, i) => {
      if (!(mask & (1 << i))) return;
      perNeed.set(p.need, (perNeed.get(p.need) ?? 0) + 1);
      perRes.set(p.resourceId, (perRes.get(p.resourceId) ?? 0) + 1);
      if (perNeed.get(p.need)! > p.want || perRes.get(p.resourceId)! > (capacity.get(p.resourceId) ?? 0)) ok = false;
      total += p.score;
    });
    for (const n of needs) total += coverage(n.want, perNeed.get(n.needId) ?? 0);
    if (ok && total > best) best = total;
  }
  return best;
}

function total(assigned: Map<number, number[]>, needs: NeedCandidates[], bonus: number): number {
  let t = 0;
  for (const n of needs) {
    const rs = assigned.get(n.needId) ?? [];
    rs.forEach((r, j) => (t += n.candidates.find((c) => c.resourceId === r)!.score + bonus * (n.want - j)));
  }
  return t;
}

function loadOf(assigned: Map<number, number[]>): Map<number, number> {
  const load = new Map<number, number>();
  for (const rs of assigned.values()) for (const r of rs) load.set(r, (load.get(r) ?? 0) + 1);
  return load;
}

/**
 * Bellman–Ford over the residual network of an assignment (S → need slots → resource → T → S, costs = −gains in
 * thousandths): a min-cost circulation is optimal exactly when no negative cycle is left.
 */
function negativeCycle(needs: NeedCandidates[], capacity: Map<number, number>, assigned: Map<number, number[]>, bonus: number): boolean {
  const arcs: Array<[string, string, number]> = [];
  const gain = (n: NeedCandidates, j: number) => Math.round(bonus * (n.want - j) * 1000);
  const load = loadOf(assigned);
  let flow = 0;
  for (const n of needs) {
    const chosen = new Set(assigned.get(n.needId) ?? []);
    const used = chosen.size;
    flow += used;
    if (used < n.want) arcs.push(['S', `n${n.needId}`, -gain(n, used)]);
    if (used > 0) arcs.push([`n${n.needId}`, 'S', gain(n, used - 1)]);
    for (const c of n.candidates) {
      if ((capacity.get(c.resourceId) ?? 0) === 0) continue;
      const g = Math.round(c.score * 1000);
      if (chosen.has(c.resourceId)) arcs.push([`r${c.resourceId}`, `n${n.needId}`, g]);
      else arcs.push([`n${n.needId}`, `r${c.resourceId}`, -g]);
    }
  }
  for (const [r, c] of capacity) {
    if ((load.get(r) ?? 0) < c) arcs.push([`r${r}`, 'T', 0]);
    if ((load.get(r) ?? 0) > 0) arcs.push(['T', `r${r}`, 0]);
  }
  arcs.push(['T', 'S', 0]);
  if (flow > 0) arcs.push(['S', 'T', 0]);
  const nodes = new Set(arcs.flatMap(([u, v]) => [u, v]));
  const dist = new Map([...nodes].map((v) => [v, 0]));
  for (let round = 0; round <= nodes.size; round++) {
    let changed = false;
    for (const [u, v, c] of arcs) {
      if (dist.get(u)! + c < dist.get(v)!) {
        dist.set(v, dist.get(u)! + c);
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

describe('capacity-constrained assignment (b-matching by successive shortest paths)', () => {
  it('matches brute force on random small instances, with and without the coverage bonus', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 60; trial++) {
      const needs: NeedCandidates[] = [];
      const nNeeds = 2 + Math.floor(rand() * 3);
      let pairs = 0;
      for (let i = 0; i < nNeeds && pairs < 12; i++) {
        const cands = [];
        for (let r = 1; r <= 4 && pairs < 12; r++) {
          if (rand() < 0.7) {
            cands.push({ resourceId: r, score: Math.round(rand() * 100) / 100 });
            pairs++;
          }
        }
        needs.push({ needId: 100 + i, want: 1 + Math.floor(rand() * 2), candidates: cands });
      }
      const capacity = new Map([1, 2, 3, 4].map((r) => [r, Math.floor(rand() * 3)]));
      for (const bonus of [0, 2]) {
        const assigned = assignWithCapacity(needs, capacity, { coverageBonus: bonus });
        expect(total(assigned, needs, bonus)).toBeCloseTo(bruteForce(needs, capacity, bonus), 6);
        const load = new Map<number, number>();
        for (const [needId, rs] of assigned) {
          expect(rs.length).toBeLessThanOrEqual(needs.find((n) => n.needId === needId)!.want);
          for (const r of rs) load.set(r, (load.get(r) ?? 0) + 1);
        }
        for (const [r, n] of load) expect(n).toBeLessThanOrEqual(capacity.get(r)!);
      }
    }
  });

  it('leaves no negative cycle in the residual network on larger instances (the optimality certificate)', () => {
    const rand = rng(11);
    for (let trial = 0; trial < 8; trial++) {
      const resources = 40 + Math.floor(rand() * 40);
      const needs: NeedCandidates[] = Array.from({ length: 150 }, (_, i) => {
        const ids = new Set<number>();
        while (ids.size < 8) ids.add(1 + Math.floor(rand() ** 2 * resources)); // popular resources are contested
        return { needId: i + 1, want: 1 + Math.floor(rand() * 5), candidates: [...ids].map((resourceId) => ({ resourceId, score: Math.round(rand() * 1500) / 1000 })) };
      });
      const capacity = new Map(Array.from({ length: resources }, (_, r) => [r + 1, Math.floor(rand() * 6)]));
      for (const bonus of [0, 2]) {
        const assigned = assignWithCapacity(needs, capacity, { coverageBonus: bonus });
        expect(negativeCycle(needs, capacity, assigned, bonus)).toBe(false);
        for (const [r, n] of loadOf(assigned)) expect(n).toBeLessThanOrEqual(capacity.get(r)!);
      }
    }
  });

  it('equals everyone’s top-k when capacity is ample', () => {
    const needs = [
      { needId: 1, want: 2, candidates: [{ resourceId: 7, score: 0.9 }, { resourceId: 8, score: 0.5 }, { resourceId: 9, score: 0.7 }] },
      { needId: 2, want: 2, candidates: [{ resourceId: 7, score: 0.8 }, { resourceId: 9, score: 0.6 }] },
    ];
    const ample = new Map([[7, 10], [8, 10], [9, 10]]);
    expect(assignWithCapacity(needs, ample)).toEqual(topK(needs));
  });

  it('sends the scarce resource where it matters most and gives the other need its next best', () => {
    const needs = [
      { needId: 1, want: 1, candidates: [{ resourceId: 7, score: 0.9 }, { resourceId: 8, score: 0.85 }] },
      { needId: 2, want: 1, candidates: [{ resourceId: 7, score: 0.8 }, { resourceId: 9, score: 0.3 }] },
    ];
    const assigned = assignWithCapacity(needs, new Map([[7, 1], [8, 1], [9, 1]]));
    expect(assigned.get(1)).toEqual([8]);
    expect(assigned.get(2)).toEqual([7]);
  });

  it('gives every need one suggestion before any need a second', () => {
    const needs = [1, 2, 3].map((needId) => ({ needId, want: 2, candidates: [{ resourceId: 7, score: needId === 1 ? 1.4 : 0.1 }, { resourceId: 8, score: needId === 1 ? 1.3 : 0.1 }] }));
    const assigned = assignWithCapacity(needs, new Map([[7, 2], [8, 1]]));
    expect([...assigned.values()].map((rs) => rs.length)).toEqual([1, 1, 1]);
  });

  it('lists each need’s resources best score first, whatever order the candidates came in', () => {
    const needs = [{ needId: 1, want: 3, candidates: [{ resourceId: 7, score: 0.2 }, { resourceId: 8, score: 0.9 }, { resourceId: 9, score: 0.5 }] }];
    expect(assignWithCapacity(needs, new Map([[7, 1], [8, 1], [9, 1]])).get(1)).toEqual([8, 9, 7]);
    expect(topK(needs).get(1)).toEqual([8, 9, 7]);
  });

  it('gives nothing of a resource missing from the capacities or with none left, and an empty list to a need left out', () => {
    const needs = [
      { needId: 1, want: 2, candidates: [{ resourceId: 7, score: 0.9 }, { resourceId: 8, score: 0.8 }, { resourceId: 9, score: 0.1 }] },
      { needId: 2, want: 1, candidates: [{ resourceId: 7, score: 0.9 }] },
    ];
    const assigned = assignWithCapacity(needs, new Map([[8, 0], [9, 1]]));
    expect([...assigned]).toEqual([[1, [9]], [2, []]]);
  });
});

describe('gini', () => {
  it('is 0 for even counts and grows with concentration', () => {
    expect(gini([3, 3, 3])).toBe(0);
    expect(gini([0, 0, 9])).toBeCloseTo(2 / 3);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('does not depend on the order of the counts', () => {
    // Sorted 0, 1, 5: G = 2·(1·0 + 2·1 + 3·5)/(3·6) − 4/3 = 5/9.
    for (const counts of [[0, 1, 5], [5, 0, 1], [1, 5, 0]]) expect(gini(counts)).toBeCloseTo(5 / 9, 12);
  });
});
