import { describe, expect, it } from 'vitest';
import { MinHeap, solveBMatching, type BMatchingInput } from '../../src/batch/b-matching.js';

// A small deterministic PRNG so failures reproduce.
function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Total gain of a choice of pairs (slot gains by how many pairs each need got), or null when it breaks a limit. */
function value(input: BMatchingInput, chosen: readonly number[]): number | null {
  const perNeed = new Array<number>(input.slotGains.length).fill(0);
  const perResource = new Array<number>(input.capacity.length).fill(0);
  let total = 0;
  for (const index of chosen) {
    const p = input.pairs[index]!;
    perNeed[p.need]!++;
    perResource[p.resource]!++;
    total += p.gain;
  }
  if (new Set(chosen).size !== chosen.length) return null;
  for (let i = 0; i < perNeed.length; i++) {
    if (perNeed[i]! > input.slotGains[i]!.length) return null;
    for (let j = 0; j < perNeed[i]!; j++) total += input.slotGains[i]![j]!;
  }
  for (let r = 0; r < perResource.length; r++) if (perResource[r]! > input.capacity[r]!) return null;
  return total;
}

/** The best total by trying every subset of pairs (choosing nothing is always allowed and worth 0). */
function bruteForce(input: BMatchingInput): number {
  let best = 0;
  for (let mask = 0; mask < 1 << input.pairs.length; mask++) {
    const chosen = input.pairs.map((_, i) => i).filter((i) => mask & (1 << i));
    const v = value(input, chosen);
    if (v !== null && v > best) best = v;
  }
  return best;
}

/**
 * Bellman–Ford over the residual network of a choice (S → need by marginal slot → resource → T → S, costs = −gains):
 * a feasible choice is optimal exactly when that network has no negative cycle. Independent of the solver's
 * potentials and early stops.
 */
function hasNegativeCycle(input: BMatchingInput, chosen: readonly number[]): boolean {
  const arcs: Array<[string, string, number]> = [];
  const picked = new Set(chosen);
  const used = new Array<number>(input.slotGains.length).fill(0);
  const load = new Array<number>(input.capacity.length).fill(0);
  for (const index of chosen) {
    used[input.pairs[index]!.need]!++;
    load[input.pairs[index]!.resource]!++;
  }
  input.slotGains.forEach((gains, i) => {
    if (used[i]! < gains.length) arcs.push(['S', `n${i}`, -gains[used[i]!]!]);
    if (used[i]! > 0) arcs.push([`n${i}`, 'S', gains[used[i]! - 1]!]);
  });
  input.pairs.forEach((p, index) => {
    if (picked.has(index)) arcs.push([`r${p.resource}`, `n${p.need}`, p.gain]);
    else arcs.push([`n${p.need}`, `r${p.resource}`, -p.gain]);
  });
  input.capacity.forEach((c, r) => {
    if (load[r]! < c) arcs.push([`r${r}`, 'T', 0]);
    if (load[r]! > 0) arcs.push(['T', `r${r}`, 0]);
  });
  arcs.push(['T', 'S', 0]);
  if (chosen.length > 0) arcs.push(['S', 'T', 0]);
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

/** Random instance: non-increasing slot gains (sometimes negative), limits 0…maxSlots, capacities 0…maxCap. */
function randomInstance(rand: () => number, o: { needs: number; resources: number; maxPairs: number; density: number; maxSlots: number; maxCap: number; gains: [number, number] }): BMatchingInput {
  const slotGains = Array.from({ length: o.needs }, () => {
    const length = int(rand, 0, o.maxSlots);
    let g = int(rand, -2, 12);
    return Array.from({ length }, () => (g -= int(rand, 0, 4)));
  });
  const capacity = Array.from({ length: o.resources }, () => int(rand, 0, o.maxCap));
  const pairs: BMatchingInput['pairs'][number][] = [];
  for (let need = 0; need < o.needs; need++) {
    for (let resource = 0; resource < o.resources; resource++) {
      if (pairs.length < o.maxPairs && rand() < o.density) pairs.push({ need, resource, gain: int(rand, o.gains[0], o.gains[1]) });
    }
  }
  return { slotGains, capacity, pairs };
}

describe('maximum-weight b-matching (successive shortest paths)', () => {
  it('finds the brute-force optimum on many small random instances, ties and zero capacities included', () => {
    const rand = rng(2024);
    for (let trial = 0; trial < 400; trial++) {
      const input = randomInstance(rand, { needs: int(rand, 1, 4), resources: int(rand, 1, 4), maxPairs: 11, density: 0.6, maxSlots: 3, maxCap: 3, gains: [-3, 8] });
      const chosen = solveBMatching(input);
      const v = value(input, chosen);
      expect(v, JSON.stringify(input)).not.toBeNull();
      expect(v, JSON.stringify(input)).toBe(bruteForce(input));
    }
  });

  it('leaves no negative cycle on larger contested instances (the optimality certificate)', () => {
    const rand = rng(99);
    for (let trial = 0; trial < 25; trial++) {
      const input = randomInstance(rand, { needs: int(rand, 10, 30), resources: int(rand, 3, 10), maxPairs: 400, density: 0.5, maxSlots: 4, maxCap: 4, gains: [0, 20] });
      const chosen = solveBMatching(input);
      expect(value(input, chosen)).not.toBeNull();
      expect(hasNegativeCycle(input, chosen)).toBe(false);
    }
  });

  it('drops a need whose only resource is worth more elsewhere, along a chain of swaps', () => {
    // Need 0 joins and takes A; need 1 takes B; need 2 wants B badly. Best: n0–A (5) + n2–B (10) = 15, which
    // needs need 1 to give up B (n1–A + n2–B = 14 and n0–A + n1–B = 6 are worse).
    const input: BMatchingInput = {
      slotGains: [[0], [0], [0]],
      capacity: [1, 1],
      pairs: [
        { need: 0, resource: 0, gain: 5 },
        { need: 1, resource: 0, gain: 4 },
        { need: 1, resource: 1, gain: 1 },
        { need: 2, resource: 1, gain: 10 },
      ],
    };
    expect(solveBMatching(input)).toEqual([0, 3]);
  });

  it('moves a need to its second choice when a later need has no alternative', () => {
    // n0 joins first and takes A (9 > 7); n1 only has A, so n0 moves to B: 7 + 8 = 15 beats 9.
    const input: BMatchingInput = {
      slotGains: [[0], [0]],
      capacity: [1, 1],
      pairs: [
        { need: 0, resource: 0, gain: 9 },
        { need: 0, resource: 1, gain: 7 },
        { need: 1, resource: 0, gain: 8 },
      ],
    };
    expect(solveBMatching(input)).toEqual([1, 2]);
  });

  it('takes another pair only while its slot gain plus pair gain is positive', () => {
    // Slots are worth 10, −5, −20: pairs of gain 4 and 6 → the 6 alone (16); adding the 4 would add −1.
    const input: BMatchingInput = { slotGains: [[10, -5, -20]], capacity: [5, 5], pairs: [{ need: 0, resource: 0, gain: 4 }, { need: 0, resource: 1, gain: 6 }] };
    expect(solveBMatching(input)).toEqual([1]);
    // With a second slot worth −3, the 4 pays (+1) and is taken too.
    expect(solveBMatching({ ...input, slotGains: [[10, -3]] })).toEqual([0, 1]);
  });

  it('gives a need at most its limit and a resource at most its capacity, and skips negative pairs', () => {
    const input: BMatchingInput = {
      slotGains: [[3, 2], [], [3, 2, 1]],
      capacity: [10, 0, 2],
      pairs: [
        { need: 0, resource: 0, gain: 5 },
        { need: 0, resource: 1, gain: 50 }, // capacity 0
        { need: 0, resource: 2, gain: 4 },
        { need: 1, resource: 0, gain: 50 }, // limit 0
        { need: 2, resource: 0, gain: -9 }, // 3 − 9 < 0 even as a first pair
        { need: 2, resource: 2, gain: 1 },
      ],
    };
    // n0: A (5 + 3) and C (4 + 2); n2: C (1 + 3); C's capacity 2 is used up exactly.
    expect(solveBMatching(input)).toEqual([0, 2, 5]);
  });

  it('returns nothing for no needs, no pairs or no capacity', () => {
    expect(solveBMatching({ slotGains: [], capacity: [], pairs: [] })).toEqual([]);
    expect(solveBMatching({ slotGains: [[1], [1]], capacity: [3], pairs: [] })).toEqual([]);
    expect(solveBMatching({ slotGains: [[1]], capacity: [0], pairs: [{ need: 0, resource: 0, gain: 5 }] })).toEqual([]);
  });

  it('gives every need everything it can take when capacity exceeds demand', () => {
    const input: BMatchingInput = {
      slotGains: [[1, 1, 1], [1, 1]],
      capacity: [100, 100, 100],
      pairs: [0, 1, 2].flatMap((resource) => [{ need: 0, resource, gain: 2 + resource }, { need: 1, resource, gain: 7 - resource }]),
    };
    // n1 has room for two of its three: the best two, resources 0 (7) and 1 (6) = pair indexes 1 and 3.
    expect(solveBMatching(input)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the solver’s binary heap', () => {
  it('pops keys in ascending order through random pushes and pops, growing past its initial size', () => {
    const rand = rng(5);
    for (const initial of [0, 1, 16, 40]) {
      const heap = new MinHeap(initial);
      const keyOf = new Map<number, number>(); // node ids are unique per push, so the popped key is known
      const inHeap: number[] = [];
      let id = 0;
      for (let step = 0; step < 600; step++) {
        if (inHeap.length === 0 || rand() < 0.6) {
          const key = int(rand, -20, 20) + (rand() < 0.3 ? 0.5 : 0); // many ties
          keyOf.set(id, key);
          inHeap.push(key);
          heap.push(id++, key);
        } else {
          inHeap.sort((a, b) => a - b);
          expect(keyOf.get(heap.pop())).toBe(inHeap.shift());
        }
        expect(heap.size).toBe(inHeap.length);
      }
      inHeap.sort((a, b) => a - b);
      while (heap.size > 0) expect(keyOf.get(heap.pop())).toBe(inHeap.shift());
      expect(inHeap).toEqual([]);
    }
  });

  it('keeps every node through growth and starts empty again after clear', () => {
    const heap = new MinHeap(2);
    for (let i = 0; i < 100; i++) heap.push(i, 100 - i);
    expect(heap.size).toBe(100);
    const popped = Array.from({ length: 100 }, () => heap.pop());
    expect(popped).toEqual(Array.from({ length: 100 }, (_, i) => 99 - i));
    heap.push(1, 3);
    heap.push(2, 1);
    heap.clear();
    expect(heap.size).toBe(0);
    heap.push(3, 2);
    expect(heap.pop()).toBe(3);
  });
});
