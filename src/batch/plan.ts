// What a batch run decides, as a pure function of what matching found: which suggestions to make (capacity shared
// by an exact b-matching, see assign.ts) and what that cost and bought. No I/O; run-batch.ts reads and writes.
import type { ScoreComponents } from '../domain/score-components.js';
import type { ScoredMatch } from '../match/types.js';
import { OCCUPYING, type NewPairing } from '../repositories/pairing.repository.js';
import { assignWithCapacity, gini, topK, type NeedCandidates } from './assign.js';

export interface BatchRunOptions {
  /** Suggestions per need. */
  want: number;
  /** Candidates considered per need. */
  candidates: number;
  /** Extra share of monthly capacity a resource may be suggested for (0.2 = 20% more). */
  slack: number;
}

export const DEFAULT_BATCH_OPTIONS: BatchRunOptions = { want: 5, candidates: 20, slack: 0.2 };

/** One open need's ranked matches (at least `candidates + want` of them, so rejected pairs can be skipped). */
export interface NeedMatches {
  needId: number;
  /** The industry the need was judged in; decisions on its pairings count there. */
  industry: string | undefined;
  /** The fusion's multipliers for the need's query. */
  multipliers?: Partial<ScoreComponents> | undefined;
  matches: readonly ScoredMatch[];
}

export interface PlanInput {
  needs: readonly NeedMatches[];
  options: BatchRunOptions;
  /** `needId:resourceId` of pairs a run must not suggest: decided ones and those a portal saved. */
  blocked: ReadonlySet<string>;
  /** Pairings per resource that hold a place of its capacity (see holdsCapacity). */
  occupied: ReadonlyMap<number, number>;
}

/**
 * Whether a pairing holds a place of its resource's capacity in a batch run: approved and contacted ones, and
 * outreach's suggestions (they share the budget of the batch's own).
 */
export function holdsCapacity(p: { status: string; source: string }): boolean {
  return (OCCUPYING as readonly string[]).includes(p.status) || (p.status === 'suggested' && p.source === 'outreach');
}

/** How many more suggestions a resource may get: its monthly capacity with the slack, less the places held. */
export function suggestionBudget(capacityPerMonth: number, slack: number, held: number): number {
  return Math.max(0, Math.floor(capacityPerMonth * (1 + slack)) - held);
}

export interface PlanStats {
  method: string;
  needs: number;
  needsWithSuggestions: number;
  suggestions: number;
  slack: number;
  totalScoreKept: number;
  totalScoreUnconstrained: number;
  keptRatio: number;
  maxPerResourceBefore: number;
  maxPerResourceAfter: number;
  giniBefore: number;
  giniAfter: number;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

function loads(assignment: ReadonlyMap<number, number[]>): Map<number, number> {
  const load = new Map<number, number>();
  for (const rs of assignment.values()) for (const r of rs) load.set(r, (load.get(r) ?? 0) + 1);
  return load;
}

export function planBatch({ needs, options, blocked, occupied }: PlanInput): { chosen: NewPairing[]; stats: PlanStats } {
  const { want, candidates: depth, slack } = options;
  const found = new Map<string, ScoredMatch>();
  const problems: NeedCandidates[] = needs.map((n) => {
    const candidates = n.matches.filter((m) => !blocked.has(`${n.needId}:${m.profile.id}`)).slice(0, depth);
    for (const m of candidates) found.set(`${n.needId}:${m.profile.id}`, m);
    return { needId: n.needId, want, candidates: candidates.map((m) => ({ resourceId: m.profile.id, score: m.score })) };
  });

  const capacity = new Map<number, number>();
  for (const m of found.values()) {
    const p = m.profile;
    capacity.set(p.id, suggestionBudget(p.capacityPerMonth, slack, occupied.get(p.id) ?? 0));
  }
  const assigned = assignWithCapacity(problems, capacity);
  const unconstrained = topK(problems);

  const byNeed = new Map(needs.map((n) => [n.needId, n]));
  const chosen: NewPairing[] = [];
  for (const [needId, rs] of assigned) {
    rs.forEach((r, i) => {
      const m = found.get(`${needId}:${r}`)!;
      const need = byNeed.get(needId)!;
      chosen.push({ needId, resourceId: r, rank: i + 1, score: round(m.score), components: m.components, multipliers: need.multipliers ?? null, explanation: m.explanation, industry: need.industry ?? null });
    });
  }
  const scoreOf = (a: ReadonlyMap<number, number[]>) => [...a].reduce((s, [n, rs]) => s + rs.reduce((t, r) => t + found.get(`${n}:${r}`)!.score, 0), 0);
  const before = loads(unconstrained);
  const after = loads(assigned);
  const resources = [...new Set([...before.keys(), ...after.keys()])];
  const kept = scoreOf(assigned);
  const total = scoreOf(unconstrained);
  return {
    chosen,
    stats: {
      method: 'maximum-weight b-matching, exact, by successive shortest paths; coverage first',
      needs: needs.length,
      needsWithSuggestions: [...assigned.values()].filter((rs) => rs.length > 0).length,
      suggestions: chosen.length,
      slack,
      totalScoreKept: round(kept),
      totalScoreUnconstrained: round(total),
      keptRatio: total > 0 ? round(kept / total) : 1,
      maxPerResourceBefore: Math.max(0, ...before.values()),
      maxPerResourceAfter: Math.max(0, ...after.values()),
      giniBefore: round(gini(resources.map((r) => before.get(r) ?? 0))),
      giniAfter: round(gini(resources.map((r) => after.get(r) ?? 0))),
    },
  };
}
